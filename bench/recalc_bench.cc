// Recalculation benchmarks on the city data set: the reference change of
// 2025-07-01 including loading the snapshot and the rules, and a sweep of 41
// values of the urban standard (the data loaded once).
//
//   build/bench/recalc_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include "bench/bench_data.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/sweep.h"

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

BENCHMARK(BM_RecalcWithLoad)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);
BENCHMARK(BM_Sweep41Values)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace safetynet::bench

BENCHMARK_MAIN();
