// The whole nightly run of the Weihai rules on the tiny, small and city data
// sets, as a city runs it: the snapshot on disk is loaded, the rules
// compiled, every alert and entitlement computed and every output file
// written. With 1 and 2 threads. Counters give each stage's seconds (mean
// over the iterations). For growing sizes (city x0.25 .. x4) and peak memory,
// see `safetynet capacity` (docs/capacity).
//
//   build/bench/nightly_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <oneapi/tbb/global_control.h>
#include <unistd.h>

#include <chrono>

#include "bench/bench_data.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/nightly.h"

namespace safetynet::bench {
namespace {

void BM_NightlyRun(benchmark::State& state) {
  static constexpr const char* kPresets[] = {"tiny", "small", "city"};
  const char* preset = kPresets[state.range(0)];
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, state.range(1));
  static std::string folder = TemporaryFolder();
  const std::string snapshot = folder + "/" + preset + ".snap";
  if (::access(snapshot.c_str(), F_OK) != 0 && !WriteSnapshot(Preset(preset), snapshot).ok())
    std::abort();
  monitor::NightlyOptions options;
  options.as_of = DaysFromCivil({2025, 6, 30});
  double load = 0, match = 0, columns = 0, alerts = 0, entitlements = 0, records = 0, write = 0;
  size_t alert_count = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    auto program = lang::LoadRules(WeihaiRulesFolder());
    auto data = ReadSnapshot(snapshot);
    if (!program.ok() || !data.ok()) std::abort();
    load += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto out = OutputFolder::Begin(folder + "/out", {"run", {}});
    if (!out.ok()) std::abort();
    auto summary = monitor::RunNightly(**program, **data, options, *out);
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
  state.SetLabel(preset);
}

BENCHMARK(BM_NightlyRun)
    ->ArgsProduct({{0, 1, 2}, {1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
}  // namespace safetynet::bench

BENCHMARK_MAIN();
