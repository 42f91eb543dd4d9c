#include "engine/exec/evaluator.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>
#include <tuple>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/huge_pages.h"
#include "engine/common/text.h"
#include "engine/exec/batch_evaluator.h"
#include "engine/exec/fields.h"
#include "engine/exec/why_unknown.h"

namespace safetynet::exec {
namespace {

using lang::Entity;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Gathers what each thread found into `all`, in the given order (so that the
// result does not depend on the thread count).
template <typename Item, typename Less>
void MergeSorted(tbb::enumerable_thread_specific<std::vector<Item>>& locals, std::vector<Item>& all,
                 Less less) {
  for (const auto& local : locals) all.insert(all.end(), local.begin(), local.end());
  std::sort(all.begin(), all.end(), less);
}

// Which columns' ranges the evaluator reads: those that are operands of
// + - * (whose overflow checks the ranges can spare), of comparisons and of
// and/or/not (whose emptiness checks they can spare), alert conditions and
// the sets of aggregates (whether they can be unknown). Only these are measured.
std::vector<bool> ColumnsWhoseRangeIsRead(const lang::Program& program) {
  using lang::Op;
  std::vector<bool> read(program.columns.size(), false);
  for (const lang::Node& node : program.nodes) {
    // The sets a count reads: whether it can be empty (an unknown membership).
    if (node.op == Op::kMemberAggregate || node.op == Op::kSignalAggregate) {
      for (int column : {node.member_set, node.filter}) {
        if (column >= 0) read[column] = true;
      }
    }
    const bool reads_ranges = node.op == Op::kAdd || node.op == Op::kSub || node.op == Op::kMul ||
                              lang::IsComparison(node.op) || lang::IsLogic(node.op);
    if (!reads_ranges) continue;
    for (int arg : node.args) {
      const lang::Node& operand = program.nodes[arg];
      if (operand.op == lang::Op::kColumn || operand.op == lang::Op::kGather) {
        read[operand.column] = true;
      }
    }
  }
  // An alert's condition that is a column: whether it may be unknown.
  for (const lang::AlertDef& alert : program.alerts) {
    if (alert.when >= 0 && program.nodes[alert.when].op == Op::kColumn) {
      read[program.nodes[alert.when].column] = true;
    }
  }
  return read;
}

// Undecided rows of one kind (alerts or entitlements) by rule, then row.
bool UndecidedOrder(const UndecidedRow& x, const UndecidedRow& y) {
  return std::tie(x.alert, x.entitlement, x.row) < std::tie(y.alert, y.entitlement, y.row);
}

RunResult EmptyResult(size_t columns) {
  RunResult result;
  result.columns.resize(columns);
  return result;
}

// Why an undecided alert is: its condition is unknown, or else its severity
// or its score is empty ("severity is unknown: ...").
std::string WhyAlertUndecided(WhyUnknown& why, const lang::AlertDef& alert, uint32_t row) {
  if (alert.when >= 0) {
    std::string reason = why.Of(alert.when, alert.entity, row);
    if (!reason.empty()) return reason;
  }
  std::string reason = why.Of(alert.severity, alert.entity, row);
  if (!reason.empty()) return Cat("severity is unknown: ", reason);
  return Cat("score is unknown: ", why.Of(alert.score, alert.entity, row));
}

}  // namespace

struct Evaluation::State {
  const lang::Program& program;
  RunResult result;
  std::vector<const ColumnValues*> view;  // result.columns, or shared columns
  std::vector<bool> measured;             // columns whose range is measured
  EvalContext context;
  tbb::enumerable_thread_specific<BatchEvaluator> evaluators;
  // One per entity: the batches of an entity's rows go to the threads that
  // had them before, whose caches may still hold their values.
  tbb::affinity_partitioner partitioners[lang::kEntityCount];

  State(const lang::Program& p, const Dataset& data, const SignalIndex& signals,
        const lang::ResolvedStandards& standards, Days as_of)
      : program(p),
        result(EmptyResult(p.columns.size())),
        view(ColumnPointers(result.columns)),
        measured(ColumnsWhoseRangeIsRead(p)),
        context{p, data, signals, standards, as_of, view},
        evaluators([this] { return BatchEvaluator(context); }) {}

  // Calls body(evaluator, base, sel, n) for every batch of the entity's rows, in parallel.
  template <typename Body>
  void ForEachBatch(Entity entity, Body body) {
    const size_t rows = context.Rows(entity);
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, (rows + kBatchSize - 1) / kBatchSize),
        [&](const tbb::blocked_range<size_t>& batches) {
          BatchEvaluator& evaluator = evaluators.local();
          evaluator.SetEntity(entity);
          uint32_t sel[kBatchSize];
          for (size_t b = batches.begin(); b < batches.end(); ++b) {
            uint32_t base = static_cast<uint32_t>(b * kBatchSize);
            size_t n = std::min(kBatchSize, rows - base);
            std::iota(sel, sel + n, base);
            body(evaluator, base, sel, n);
          }
        },
        partitioners[static_cast<int>(entity)]);
  }
};

Evaluation::Evaluation(const lang::Program& program, const Dataset& data,
                       const SignalIndex& signals, const lang::ResolvedStandards& standards,
                       Days as_of)
    : state_(std::make_unique<State>(program, data, signals, standards, as_of)) {}

Evaluation::~Evaluation() = default;

void Evaluation::ComputeColumn(size_t c) {
  State& s = *state_;
  const lang::ColumnDef& def = s.program.columns[c];
  ColumnValues& column = s.result.columns[c];
  const bool measure = s.measured[c] && !def.type.exact;
  if (def.is_field) {
    column = FieldValues(s.context.data, def.field, measure);
    return;
  }
  const size_t rows = s.context.Rows(def.entity);
  const bool exact = def.type.exact;
  ReserveHuge(column.num, rows);
  column.num.resize(rows);
  if (exact) {
    ReserveHuge(column.den, rows);
    column.den.resize(rows);
  }
  // The range of each batch's values (of a whole column), joined below.
  std::vector<ValueRange> ranges(measure ? (rows + kBatchSize - 1) / kBatchSize : 0);
  s.ForEachBatch(def.entity,
                 [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
                   int64_t* num = column.num.data() + base;
                   if (!exact) {
                     evaluator.EvalInto(def.root, base, sel, n, num);
                     if (measure) ranges[base / kBatchSize] = MeasureRange(num, n);
                     return;
                   }
                   Vec v = evaluator.Eval(def.root, base, sel, n);
                   std::copy(v.num, v.num + n, num);
                   if (v.den) {
                     std::copy(v.den, v.den + n, column.den.data() + base);
                   } else {
                     std::fill_n(column.den.data() + base, n, 1);
                   }
                 });
  if (!ranges.empty()) {
    column.range = ranges[0];
    for (const ValueRange& range : ranges) column.range = Union(column.range, range);
  }
}

void Evaluation::ShareColumn(size_t c, const ColumnValues& values) { state_->view[c] = &values; }

void Evaluation::ComputeAlerts() {
  State& s = *state_;
  tbb::enumerable_thread_specific<std::vector<AlertHit>> hits;
  tbb::enumerable_thread_specific<std::vector<UndecidedRow>> undecided;
  for (size_t a = 0; a < s.program.alerts.size(); ++a) {
    const lang::AlertDef& alert = s.program.alerts[a];
    s.ForEachBatch(alert.entity,
                   [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
                     uint32_t fired[kBatchSize];
                     size_t count = n;
                     if (alert.when >= 0 && evaluator.MayBeUnknown(alert.when)) {
                       // Fires where true; where unknown, it is undecided.
                       Vec when = evaluator.Eval(alert.when, base, sel, n);
                       count = 0;
                       for (size_t k = 0; k < n; ++k) {
                         const int64_t holds = when.num[sel[k] - base];
                         fired[count] = sel[k];
                         count += holds == 1 ? 1 : 0;
                         if (holds == kEmpty) {
                           undecided.local().push_back({static_cast<int>(a), -1, sel[k], {}});
                         }
                       }
                     } else if (alert.when >= 0) {
                       count = evaluator.Filter(alert.when, base, sel, n, fired);
                     } else {
                       std::copy(sel, sel + n, fired);
                     }
                     if (count == 0) return;
                     Vec severity = evaluator.Eval(alert.severity, base, fired, count);
                     Vec score{nullptr, nullptr};
                     if (alert.score >= 0) score = evaluator.Eval(alert.score, base, fired, count);
                     std::vector<AlertHit>& out = hits.local();
                     for (size_t k = 0; k < count; ++k) {
                       size_t i = fired[k] - base;
                       // An empty severity or score: it does not fire, it is undecided.
                       if (severity.num[i] == kEmpty || (score.num && score.num[i] == kEmpty)) {
                         undecided.local().push_back({static_cast<int>(a), -1, fired[k], {}});
                         continue;
                       }
                       out.push_back({static_cast<int>(a), fired[k], severity.num[i],
                                      score.num ? score.num[i] : kEmpty});
                     }
                   });
  }
  MergeSorted(hits, s.result.hits, [](const AlertHit& x, const AlertHit& y) {
    return x.alert != y.alert ? x.alert < y.alert : x.row < y.row;
  });
  MergeSorted(undecided, s.result.undecided, UndecidedOrder);
}

void Evaluation::ComputeEntitlements() {
  ComputeEntitlements(std::vector<bool>(state_->program.entitlements.size(), true));
}

void Evaluation::ComputeEntitlements(const std::vector<bool>& which) {
  State& s = *state_;
  tbb::enumerable_thread_specific<std::vector<EntitlementRow>> amounts;
  tbb::enumerable_thread_specific<std::vector<UndecidedRow>> undecided;
  for (size_t e = 0; e < s.program.entitlements.size(); ++e) {
    if (!which[e]) continue;
    const lang::EntitlementDef& entitlement = s.program.entitlements[e];
    s.ForEachBatch(entitlement.entity,
                   [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
                     Vec v = evaluator.Eval(entitlement.amount, base, sel, n);
                     std::vector<EntitlementRow>& out = amounts.local();
                     for (size_t k = 0; k < n; ++k) {
                       int64_t amount = v.num[sel[k] - base];
                       if (amount != 0 && amount != kEmpty)
                         out.push_back({static_cast<int>(e), sel[k], amount});
                       if (amount == kEmpty) {
                         undecided.local().push_back({-1, static_cast<int>(e), sel[k], {}});
                       }
                     }
                   });
  }
  MergeSorted(amounts, s.result.entitlements, [](const EntitlementRow& x, const EntitlementRow& y) {
    return x.entitlement != y.entitlement ? x.entitlement < y.entitlement : x.row < y.row;
  });
  std::vector<UndecidedRow> entitlements;
  MergeSorted(undecided, entitlements, UndecidedOrder);
  for (UndecidedRow& row : entitlements) s.result.undecided.push_back(std::move(row));
}

void Evaluation::ExplainUndecided() {
  State& s = *state_;
  WhyUnknown why(s.context);
  for (UndecidedRow& undecided : s.result.undecided) {
    if (undecided.alert >= 0) {
      undecided.reason = WhyAlertUndecided(why, s.program.alerts[undecided.alert], undecided.row);
    } else {
      const lang::EntitlementDef& entitlement = s.program.entitlements[undecided.entitlement];
      undecided.reason = why.Of(entitlement.amount, entitlement.entity, undecided.row);
    }
  }
}

RunResult Evaluation::Finish() {
  State& s = *state_;
  // One line per expression, in the order of the rule files.
  std::map<std::tuple<std::string, uint32_t, uint32_t>, size_t> overflow_by_place;
  for (const BatchEvaluator& evaluator : s.evaluators) {
    for (size_t node = 0; node < evaluator.overflows().size(); ++node) {
      if (evaluator.overflows()[node] == 0) continue;
      const lang::Location& where = s.program.nodes[node].where;
      overflow_by_place[{where.file ? where.file->path : "?", where.line, where.column}] +=
          evaluator.overflows()[node];
    }
  }
  for (const auto& [place, count] : overflow_by_place) {
    const auto& [path, line, column] = place;
    s.result.overflows.push_back(Cat(path, ":", line, ":", column,
                                     ": overflowed 64-bit integers in ", count,
                                     " batch(es); those values were left empty"));
  }
  return std::move(s.result);
}

RunResult EvaluateEntitlementsAgain(const lang::Program& program, const Dataset& data,
                                    const SignalIndex& signals,
                                    const lang::ResolvedStandards& standards, Days as_of,
                                    const std::vector<bool>& recompute,
                                    const std::vector<ColumnValues>& shared) {
  Evaluation evaluation(program, data, signals, standards, as_of);
  for (size_t c = 0; c < program.columns.size(); ++c) {
    if (recompute[c]) {
      evaluation.ComputeColumn(c);
    } else {
      evaluation.ShareColumn(c, shared[c]);
    }
  }
  evaluation.ComputeEntitlements();
  return evaluation.Finish();
}

RunResult Evaluate(const lang::Program& program, const Dataset& data, const SignalIndex& signals,
                   const lang::ResolvedStandards& standards, Days as_of) {
  Evaluation evaluation(program, data, signals, standards, as_of);
  auto start = std::chrono::steady_clock::now();
  for (size_t c = 0; c < program.columns.size(); ++c) evaluation.ComputeColumn(c);
  const double columns_seconds = Seconds(start);
  start = std::chrono::steady_clock::now();
  evaluation.ComputeAlerts();
  const double alerts_seconds = Seconds(start);
  start = std::chrono::steady_clock::now();
  evaluation.ComputeEntitlements();
  evaluation.ExplainUndecided();
  const double entitlements_seconds = Seconds(start);
  RunResult result = evaluation.Finish();
  result.columns_seconds = columns_seconds;
  result.alerts_seconds = alerts_seconds;
  result.entitlements_seconds = entitlements_seconds;
  return result;
}

}  // namespace safetynet::exec
