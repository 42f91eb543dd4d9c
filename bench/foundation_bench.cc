// Benchmarks of the foundation: CSV import, snapshot write and load, and
// synthetic data generation, at the tiny, small and city presets.
//
//   build/bench/foundation_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// Data is generated on the fly (deterministic, seed 1) and cached per preset.
// Import runs from CSV text in memory (ImportCsv) and from files in a
// temporary folder (ImportCsvFromDisk, page cache warm); snapshot load maps a
// file written once in a temporary folder.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "bench/bench_data.h"
#include "engine/io/exchange_export.h"
#include "engine/io/import.h"
#include "engine/io/snapshot.h"
#include "engine/synth/synth.h"

namespace safetynet {
namespace {

constexpr const char* kPresetNames[] = {"tiny", "small", "city"};

struct PresetData {
  std::unique_ptr<Dataset> dataset;
  ExchangeFiles csv;
  size_t csv_bytes = 0;
  std::string folder;  // the CSV files and the snapshot on disk
  std::string snapshot_path;
};

const PresetData& Data(int preset_index) {
  static std::map<int, PresetData> cache;
  auto found = cache.find(preset_index);
  if (found != cache.end()) return found->second;
  PresetData& data = cache[preset_index];
  auto preset = synth::FindPreset(kPresetNames[preset_index]);
  data.dataset = std::move(
      *synth::Synthesize(synth::OptionsFor(*preset, 1.0, 1), bench::WeihaiSynthStandards()));
  data.csv = ExportExchangeFiles(*data.dataset);
  data.csv_bytes = data.csv.households.size() + data.csv.persons.size() + data.csv.elderly.size() +
                   data.csv.signals.size();
  data.folder = bench::TemporaryFolder();
  if (!WriteExchangeDirectory(data.csv, data.folder).ok()) std::abort();
  data.snapshot_path = data.folder + "/data.snap";
  if (!WriteSnapshot(*data.dataset, data.snapshot_path).ok()) std::abort();
  return data;
}

size_t Records(const Dataset& d) {
  return d.households.size() + d.persons.size() + d.elderly.size() + d.signals.size();
}

void SetLabel(benchmark::State& state) { state.SetLabel(kPresetNames[state.range(0)]); }

void BM_ImportCsv(benchmark::State& state) {
  const PresetData& data = Data(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto result = ImportExchangeFiles(data.csv, {});
    if (!result.ok()) state.SkipWithError("import failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * Records(*data.dataset));
  state.SetBytesProcessed(state.iterations() * data.csv_bytes);
  SetLabel(state);
}

void BM_ImportCsvFromDisk(benchmark::State& state) {
  const PresetData& data = Data(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto result = ImportExchangeDirectory(data.folder, {});
    if (!result.ok()) state.SkipWithError("import failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * Records(*data.dataset));
  state.SetBytesProcessed(state.iterations() * data.csv_bytes);
  SetLabel(state);
}

void BM_WriteSnapshot(benchmark::State& state) {
  const PresetData& data = Data(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::string bytes = SerializeSnapshot(*data.dataset);
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * Records(*data.dataset));
  SetLabel(state);
}

void BM_LoadSnapshot(benchmark::State& state) {
  const PresetData& data = Data(static_cast<int>(state.range(0)));
  size_t bytes = 0;
  for (auto _ : state) {
    SnapshotSummary summary;
    auto loaded = ReadSnapshot(data.snapshot_path, &summary);
    if (!loaded.ok()) state.SkipWithError("load failed");
    bytes = summary.bytes;
    benchmark::DoNotOptimize(loaded);
  }
  state.SetItemsProcessed(state.iterations() * Records(*data.dataset));
  state.SetBytesProcessed(state.iterations() * bytes);
  SetLabel(state);
}

void BM_Synthesize(benchmark::State& state) {
  auto preset = synth::FindPreset(kPresetNames[state.range(0)]);
  size_t records = 0;
  for (auto _ : state) {
    auto dataset =
        synth::Synthesize(synth::OptionsFor(*preset, 1.0, 1), bench::WeihaiSynthStandards());
    records = Records(**dataset);
    benchmark::DoNotOptimize(dataset);
  }
  state.SetItemsProcessed(state.iterations() * records);
  SetLabel(state);
}

#define PRESETS DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime()
BENCHMARK(BM_ImportCsv)->PRESETS;
BENCHMARK(BM_ImportCsvFromDisk)->PRESETS;
BENCHMARK(BM_WriteSnapshot)->PRESETS;
BENCHMARK(BM_LoadSnapshot)->PRESETS;
BENCHMARK(BM_Synthesize)->PRESETS;

}  // namespace
}  // namespace safetynet

BENCHMARK_MAIN();
