// The whole nightly run of the Weihai rules on the city data set, as a city
// runs it: the snapshot on disk is loaded, the rules compiled, every alert
// and entitlement computed and every output file written. With 1 and 2
// threads. Counters give each stage's seconds (mean over the iterations).
//
//   build/bench/nightly_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>

#include <chrono>

#include "bench/bench_data.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/nightly.h"

namespace safetynet::bench {
namespace {

void BM_NightlyRun(benchmark::State& state) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(0));
  static std::string folder = TemporaryFolder();
  static std::string snapshot = [] {
    std::string path = folder + "/city.snap";
    if (!WriteSnapshot(Preset("city"), path).ok()) std::abort();
    return path;
  }();
  monitor::NightlyOptions options;
  options.as_of = DaysFromCivil({2025, 6, 30});
  options.out_dir = folder + "/out";
  double load = 0, match = 0, columns = 0, alerts = 0, entitlements = 0, records = 0, write = 0;
  size_t alert_count = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto program = lang::LoadRules(WeihaiRulesFolder());
    auto data = ReadSnapshot(snapshot);
    if (!program.ok() || !data.ok()) std::abort();
    load += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto summary = monitor::RunNightly(**program, **data, options);
    if (!summary.ok()) std::abort();
    const monitor::StageTimes& t = summary->seconds;
    match += t.match, columns += t.columns, alerts += t.alerts, entitlements += t.entitlements;
    records += t.records, write += t.write;
    alert_count = summary->alert_count;
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["load_s"] = load / n;
  state.counters["match_s"] = match / n;
  state.counters["columns_s"] = columns / n;
  state.counters["alerts_s"] = alerts / n;
  state.counters["entitlements_s"] = entitlements / n;
  state.counters["records_s"] = records / n;
  state.counters["write_s"] = write / n;
  state.counters["alerts"] = static_cast<double>(alert_count);
}

BENCHMARK(BM_NightlyRun)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace safetynet::bench

BENCHMARK_MAIN();
