// Recalculation benchmarks on the city data set: the reference change of
// 2025-07-01 including loading the snapshot and the rules, a sweep of 41
// values of the urban standard (the data loaded once), and the what-if model
// a service holds: its build, one answer (dibao.urban=950; the pair urban
// 950 / rural 800; with and without the per-subject lists) and a 41-point
// sweep on it.
//
//   build/bench/recalc_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "bench/bench_data.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/sweep.h"
#include "engine/monitor/what_if_model.h"

namespace safetynet::bench {
namespace {

const std::string& CitySnapshot() {
  static std::string path = [] {
    std::string p = TemporaryFolder() + "/city.snap";
    if (!WriteSnapshot(Preset("city"), p).ok()) std::abort();
    return p;
  }();
  return path;
}

void BM_RecalcWithLoad(benchmark::State& state) {
  const std::string& snapshot = CitySnapshot();
  size_t changes = 0;
  for (auto _ : state) {
    auto program = lang::LoadRules(WeihaiRulesFolder());
    auto data = ReadSnapshot(snapshot);
    if (!program.ok() || !data.ok()) std::abort();
    monitor::RecalcOptions options;
    options.as_of = DaysFromCivil({2025, 6, 30});
    options.to = DaysFromCivil({2025, 7, 1});
    auto report = monitor::RunRecalc(**program, **data, options);
    if (!report.ok()) std::abort();
    changes = report->changes.size();
  }
  state.counters["changed_amounts"] = static_cast<double>(changes);
}

void BM_Sweep41Values(benchmark::State& state) {
  const Dataset& data = Preset("city");
  const lang::Program& program = WeihaiRules();
  monitor::SweepOptions options;
  options.base.as_of = DaysFromCivil({2025, 6, 30});
  options.param = "dibao.urban";
  options.from = "800";
  options.to = "1000";
  options.step = "5";
  for (auto _ : state) {
    auto report = monitor::RunSweep(program, data, options);
    if (!report.ok() || report->points.size() != 41) std::abort();
  }
}

const Days kAsOf = DaysFromCivil({2025, 6, 30});

const monitor::WhatIfModel& CityModel() {
  static std::unique_ptr<const monitor::WhatIfModel> model = [] {
    auto built = monitor::WhatIfModel::Build(WeihaiRules(), Preset("city"), kAsOf, "", "");
    if (!built.ok()) std::abort();
    return std::move(*built);
  }();
  return *model;
}

void BM_WhatIfModelBuild(benchmark::State& state) {
  const Dataset& data = Preset("city");
  for (auto _ : state) {
    auto model = monitor::WhatIfModel::Build(WeihaiRules(), data, kAsOf, "", "");
    if (!model.ok()) std::abort();
  }
}

// Arguments: 1 = dibao.urban=950, 2 = and dibao.rural=800; with_lists 0/1.
void BM_WhatIfAnswer(benchmark::State& state) {
  const monitor::WhatIfModel& model = CityModel();
  monitor::WhatIfQuestion question;
  question.with_lists = state.range(1) != 0;
  const lang::Standards& standards = WeihaiRules().standards;
  question.overrides.push_back(*lang::ParseOverride(standards, "dibao.urban=950"));
  if (state.range(0) == 2) {
    question.overrides.push_back(*lang::ParseOverride(standards, "dibao.rural=800"));
  }
  size_t changes = 0;
  for (auto _ : state) {
    auto answer = model.Answer(question);
    if (!answer.ok()) std::abort();
    changes = answer->changed_amounts;
  }
  state.counters["changed_amounts"] = static_cast<double>(changes);
}

// The 41 points of BM_Sweep41Values on a model already built.
void BM_WhatIfSweep41Values(benchmark::State& state) {
  const monitor::WhatIfModel& model = CityModel();
  const lang::Standards& standards = WeihaiRules().standards;
  for (auto _ : state) {
    for (int yuan = 800; yuan <= 1000; yuan += 5) {
      auto value = lang::ParseOverride(standards, "dibao.urban=" + std::to_string(yuan));
      auto resolved = lang::Resolve(standards, kAsOf, {*value});
      if (!resolved.ok()) std::abort();
      auto coverage = model.CoverageUnder(*resolved, "");
      if (!coverage.ok()) std::abort();
      benchmark::DoNotOptimize(coverage->back().monthly_cost);
    }
  }
}

BENCHMARK(BM_RecalcWithLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_Sweep41Values)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_WhatIfModelBuild)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);
BENCHMARK(BM_WhatIfAnswer)
    ->ArgsProduct({{1, 2}, {0, 1}})
    ->ArgNames({"pair", "lists"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(5);
BENCHMARK(BM_WhatIfSweep41Values)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace safetynet::bench

BENCHMARK_MAIN();
