// Synthetic data: a deterministic Weihai-like population of low-income
// households, their members, elderly residents and signals, at the sizes of
// the presets (tiny, small, city, province), for demos, tests and benchmarks.
//
// Distributions make every alert and entitlement of docs/weihai-rules.md
// occur, with cases exactly on each boundary (income equal to the line, a
// visit exactly 7 or 30 days ago, age exactly 80, a signal exactly 90 days
// old, ...) aimed at the reference standards in force on the as-of date;
// plus signals about unknown persons and future-dated signals.
// The same options always give the same dataset. Thread-safe: calls share
// nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/table/dataset.h"

namespace safetynet::synth {

struct Preset {
  std::string_view name;
  size_t households;
  size_t elderly;
  size_t signals;
};

// tiny, small, city (Weihai: 150,000 households, 665,000 elderly, 1.5 million
// signals), province (ten times city).
std::span<const Preset> Presets();
std::optional<Preset> FindPreset(std::string_view name);

struct SynthOptions {
  size_t households = 200;
  size_t elderly = 1000;
  size_t signals = 3000;  // approximate target; the population's own stories come first
  uint64_t seed = 1;
  Days as_of = DaysFromCivil({2025, 6, 30});
  // The standards the boundary cases aim at (reference values on 2025-06-30).
  Fen dibao_urban = 89000;
  Fen dibao_rural = 85000;
};

// Scales a preset's sizes by `scale` (e.g. 0.25 for a quarter of a city).
SynthOptions OptionsFor(const Preset& preset, double scale, uint64_t seed);

absl::StatusOr<std::unique_ptr<Dataset>> Synthesize(const SynthOptions& options);

}  // namespace safetynet::synth
