#include "engine/exec/evaluator.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <numeric>

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include "engine/common/text.h"
#include "engine/exec/arithmetic.h"
#include "engine/exec/batch_evaluator.h"
#include "engine/exec/fields.h"

namespace safetynet::exec {
namespace {

using lang::Entity;

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Calls body(evaluator, base, sel, n) for every batch of `rows` rows, in parallel.
template <typename Body>
void ForEachBatch(tbb::enumerable_thread_specific<BatchEvaluator>& evaluators, Entity entity, size_t rows,
                  Body body) {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, (rows + kBatchSize - 1) / kBatchSize),
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
                    });
}

}  // namespace

RunResult Evaluate(const lang::Program& program, const Dataset& data, const SignalIndex& signals,
                   const lang::ResolvedStandards& standards, Days as_of) {
  RunResult result;
  result.columns.resize(program.columns.size());
  EvalContext context(program, data, signals, standards, as_of, result.columns);
  tbb::enumerable_thread_specific<BatchEvaluator> evaluators([&] { return BatchEvaluator(context); });

  auto start = std::chrono::steady_clock::now();
  for (size_t c = 0; c < program.columns.size(); ++c) {
    const lang::ColumnDef& def = program.columns[c];
    ColumnValues& column = result.columns[c];
    if (def.is_field) {
      column = FieldValues(data, def.field);
      continue;
    }
    const size_t rows = context.Rows(def.entity);
    const bool exact = def.type.exact;
    column.num.resize(rows);
    if (exact) column.den.resize(rows);
    ForEachBatch(evaluators, def.entity, rows, [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
      Vec v = evaluator.Eval(def.root, base, sel, n);
      std::copy(v.num, v.num + n, column.num.data() + base);
      if (exact) {
        if (v.den) {
          std::copy(v.den, v.den + n, column.den.data() + base);
        } else {
          std::fill_n(column.den.data() + base, n, 1);
        }
      }
    });
  }
  result.columns_seconds = Seconds(start);

  start = std::chrono::steady_clock::now();
  tbb::enumerable_thread_specific<std::vector<AlertHit>> hits;
  for (size_t a = 0; a < program.alerts.size(); ++a) {
    const lang::AlertDef& alert = program.alerts[a];
    ForEachBatch(evaluators, alert.entity, context.Rows(alert.entity),
                 [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
                   uint32_t fired[kBatchSize];
                   size_t count = n;
                   if (alert.when >= 0) {
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
                     out.push_back({static_cast<int>(a), fired[k], severity.num[i], score.num ? score.num[i] : kEmpty});
                   }
                 });
  }
  for (const auto& local : hits) result.hits.insert(result.hits.end(), local.begin(), local.end());
  std::sort(result.hits.begin(), result.hits.end(), [](const AlertHit& x, const AlertHit& y) {
    return x.alert != y.alert ? x.alert < y.alert : x.row < y.row;
  });
  result.alerts_seconds = Seconds(start);

  start = std::chrono::steady_clock::now();
  tbb::enumerable_thread_specific<std::vector<EntitlementRow>> amounts;
  for (size_t e = 0; e < program.entitlements.size(); ++e) {
    const lang::EntitlementDef& entitlement = program.entitlements[e];
    ForEachBatch(evaluators, entitlement.entity, context.Rows(entitlement.entity),
                 [&](BatchEvaluator& evaluator, uint32_t base, const uint32_t* sel, size_t n) {
                   Vec v = evaluator.Eval(entitlement.amount, base, sel, n);
                   std::vector<EntitlementRow>& out = amounts.local();
                   for (size_t k = 0; k < n; ++k) {
                     int64_t amount = v.num[sel[k] - base];
                     if (amount != 0 && amount != kEmpty) out.push_back({static_cast<int>(e), sel[k], amount});
                   }
                 });
  }
  for (const auto& local : amounts) result.entitlements.insert(result.entitlements.end(), local.begin(), local.end());
  std::sort(result.entitlements.begin(), result.entitlements.end(),
            [](const EntitlementRow& x, const EntitlementRow& y) {
              return x.entitlement != y.entitlement ? x.entitlement < y.entitlement : x.row < y.row;
            });
  result.entitlements_seconds = Seconds(start);

  std::map<int, size_t> overflow_by_node;
  for (const BatchEvaluator& evaluator : evaluators) {
    if (evaluator.overflowed()) overflow_by_node[evaluator.overflow_node()] += evaluator.overflow_count();
  }
  for (const auto& [node, count] : overflow_by_node) {
    const lang::Location& where = program.nodes[node].where;
    result.overflows.push_back(Cat(where.file ? where.file->path : "?", ":", where.line, ":", where.column, ": ",
                                   count, " value(s) overflowed 64-bit fen and were left empty"));
  }
  return result;
}

}  // namespace safetynet::exec
