// Benchmarks of the rule engine against hand-written C++ loops over the
// same columns, for three kinds of expression -- a simple predicate, an
// arithmetic chain, a windowed signal aggregate -- on the city data set,
// with 1 and 2 threads; and the compilation of the whole Weihai rule set and
// of generated rule files of growing size.
//
//   build/bench/rules_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// "rows" counters are rows x rules per second (one rule per benchmark). Both
// sides read the same int64 columns (the fields as the engine materializes
// them once per run) and write one int64 per row; the rule side is the
// engine's evaluation of that one column: batches, selection vectors,
// overflow checks, parallel for. BM_*_RuleWholeRun adds everything a run does
// besides (materializing the fields, the evaluator's set-up).
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>

#include <map>

#include "bench/bench_data.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/exec/fields.h"
#include "engine/io/files.h"
#include "engine/lang/rule_set.h"

namespace safetynet::bench {
namespace {

const Days kAsOf = DaysFromCivil({2025, 6, 30});

const std::string& Standards() {
  static std::string text = [] {
    std::string t;
    if (!ReadWholeFile(WeihaiRulesFolder() + "/weihai.standards", t).ok()) std::abort();
    return t;
  }();
  return text;
}

std::unique_ptr<lang::Program> Compile(const std::string& rules) {
  lang::RuleSources sources;
  sources.standards.push_back({"weihai.standards", Standards()});
  sources.rules.push_back({"bench.rules", rules});
  auto program = lang::CompileRules(std::move(sources));
  if (!program.ok()) std::abort();
  return std::move(*program);
}

// The three expressions, as rules and as hand-written loops.
const char* kPredicate =
    "for household:\n  let v = category == DIBAO and current_payment > 500 yuan\n";
const char* kArithmetic =
    "for household:\n  let v = (current_payment * 3 - 100 yuan) * 2 + current_payment - 7 yuan\n";
const char* kWindowed = "for person:\n  let v = sum(signals(INCOME) within 90 days, amount)\n";
// Builtins of one value (age, ceil10, round) over every person.
const char* kBuiltins =
    "for person:\n  let v = if age(birth_date) >= 60 then ceil10(declared_income / 3) else "
    "round(declared_income * 1.3)\n";

void RunRule(benchmark::State& state, const char* rules, lang::Entity entity, bool whole_run) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(0));
  const Dataset& data = Preset("city");
  auto program = Compile(rules);
  const lang::ResolvedStandards standards = *lang::Resolve(program->standards, kAsOf);
  SignalIndex index(data, kAsOf);
  const size_t rows =
      entity == lang::Entity::kHousehold ? data.households.size() : data.persons.size();
  const size_t v = program->columns.size() - 1;  // the rule's column comes last
  if (whole_run) {
    for (auto _ : state) {
      exec::RunResult result = exec::Evaluate(*program, data, index, standards, kAsOf);
      benchmark::DoNotOptimize(result.columns.back().num.data());
    }
  } else {
    exec::Evaluation evaluation(*program, data, index, standards, kAsOf);
    for (size_t c = 0; c < v; ++c) evaluation.ComputeColumn(c);
    for (auto _ : state) evaluation.ComputeColumn(v);
  }
  state.counters["rows"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

template <typename Body>
void RunLoop(benchmark::State& state, size_t rows, Body body) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(0));
  std::vector<int64_t> out(rows);
  tbb::affinity_partitioner partitioner;
  for (auto _ : state) {
    tbb::parallel_for(
        tbb::blocked_range<size_t>(0, rows, 2048),
        [&](const tbb::blocked_range<size_t>& r) {
          for (size_t i = r.begin(); i < r.end(); ++i) out[i] = body(i);
        },
        partitioner);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["rows"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsIterationInvariantRate);
}

// The values of the city's field `entity.name`, read once.
const exec::ColumnValues& Field(lang::Entity entity, std::string_view name) {
  static std::map<std::pair<lang::Entity, std::string_view>, exec::ColumnValues> cache;
  auto& column = cache[{entity, name}];
  if (column.num.empty()) {
    column = exec::FieldValues(Preset("city"), lang::FindField(entity, name)->field);
  }
  return column;
}

void BM_Predicate_Rule(benchmark::State& state) {
  RunRule(state, kPredicate, lang::Entity::kHousehold, false);
}
void BM_Predicate_RuleWholeRun(benchmark::State& state) {
  RunRule(state, kPredicate, lang::Entity::kHousehold, true);
}
void BM_Predicate_HandLoop(benchmark::State& state) {
  const int64_t* category = Field(lang::Entity::kHousehold, "category").num.data();
  const int64_t* payment = Field(lang::Entity::kHousehold, "current_payment").num.data();
  RunLoop(state, Preset("city").households.size(), [&](size_t i) {
    // Both sides always (no branch to mispredict), as a good hand-written loop would.
    return static_cast<int64_t>((category[i] == static_cast<int64_t>(Category::kDibao)) &
                                (payment[i] > 50000));
  });
}

void BM_Arithmetic_Rule(benchmark::State& state) {
  RunRule(state, kArithmetic, lang::Entity::kHousehold, false);
}
void BM_Arithmetic_RuleWholeRun(benchmark::State& state) {
  RunRule(state, kArithmetic, lang::Entity::kHousehold, true);
}
void BM_Arithmetic_HandLoop(benchmark::State& state) {
  const int64_t* payment = Field(lang::Entity::kHousehold, "current_payment").num.data();
  RunLoop(state, Preset("city").households.size(), [&](size_t i) {
    int64_t p = payment[i], r;
    // With the same overflow checks the engine makes.
    if (__builtin_mul_overflow(p, 3, &r) || __builtin_sub_overflow(r, 10000, &r) ||
        __builtin_mul_overflow(r, 2, &r) || __builtin_add_overflow(r, p, &r) ||
        __builtin_sub_overflow(r, 700, &r)) {
      return INT64_MIN;
    }
    return r;
  });
}

void BM_WindowedSum_Rule(benchmark::State& state) {
  RunRule(state, kWindowed, lang::Entity::kPerson, false);
}
void BM_WindowedSum_RuleWholeRun(benchmark::State& state) {
  RunRule(state, kWindowed, lang::Entity::kPerson, true);
}
void BM_WindowedSum_HandLoop(benchmark::State& state) {
  const Dataset& data = Preset("city");
  static SignalIndex index(data, kAsOf);
  const int64_t* amount = Field(lang::Entity::kSignal, "amount").num.data();
  const SignalType* types = index.person_types().data();
  const Days* dates = index.person_dates().data();
  const uint32_t* rows = index.person_rows().data();
  RunLoop(state, data.persons.size(), [&](size_t p) {
    int64_t total = 0;
    for (uint32_t k = index.PersonBegin(p); k < index.PersonEnd(p); ++k) {
      if (types[k] == SignalType::kIncome && dates[k] > kAsOf - 90 && dates[k] <= kAsOf &&
          __builtin_add_overflow(total, amount[rows[k]], &total)) {
        return INT64_MIN;
      }
    }
    return total;
  });
}

void BM_Builtins_Rule(benchmark::State& state) {
  RunRule(state, kBuiltins, lang::Entity::kPerson, false);
}

void BM_CompileWeihaiRules(benchmark::State& state) {
  auto sources = lang::ReadRuleFolder(WeihaiRulesFolder());
  if (!sources.ok()) std::abort();
  for (auto _ : state) {
    auto program = lang::CompileRules(*sources);
    benchmark::DoNotOptimize(program);
  }
}

// Generated rule files of growing size: compiling grows in proportion
// (issue 14: 50,000 alerts took 285 s, 10 MB of lets reading each other over
// 300 s, a long enough chain of lets crashed).
void BM_CompileManyAlerts(benchmark::State& state) {
  std::string rules = "for household:\n";
  for (int64_t i = 0; i < state.range(0); ++i) {
    rules += Cat("  alert A", i, " severity HIGH when current_payment > ", i, " yuan\n");
  }
  for (auto _ : state) benchmark::DoNotOptimize(Compile(rules));
  state.counters["bytes"] = static_cast<double>(rules.size());
}
void BM_CompileLetChain(benchmark::State& state) {
  std::string rules = "for household:\n  let v0 = current_payment\n";
  for (int64_t i = 1; rules.size() < static_cast<size_t>(state.range(0)); ++i) {
    rules += Cat("  let v", i, " = v", i - 1, " + 1 yuan\n");
  }
  for (auto _ : state) benchmark::DoNotOptimize(Compile(rules));
  state.counters["bytes"] = static_cast<double>(rules.size());
}

#define THREADS Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()
BENCHMARK(BM_Predicate_Rule)->THREADS;
BENCHMARK(BM_Predicate_HandLoop)->THREADS;
BENCHMARK(BM_Predicate_RuleWholeRun)->THREADS;
BENCHMARK(BM_Arithmetic_Rule)->THREADS;
BENCHMARK(BM_Arithmetic_HandLoop)->THREADS;
BENCHMARK(BM_Arithmetic_RuleWholeRun)->THREADS;
BENCHMARK(BM_WindowedSum_Rule)->THREADS;
BENCHMARK(BM_WindowedSum_HandLoop)->THREADS;
BENCHMARK(BM_WindowedSum_RuleWholeRun)->THREADS;
BENCHMARK(BM_Builtins_Rule)->THREADS;
BENCHMARK(BM_CompileWeihaiRules)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileManyAlerts)->Arg(10000)->Arg(50000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompileLetChain)->Arg(1 << 20)->Arg(10 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace safetynet::bench

BENCHMARK_MAIN();
