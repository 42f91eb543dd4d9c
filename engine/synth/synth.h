// Synthetic data: a deterministic Weihai-like population of low-income
// households, their members, elderly residents and signals, at the sizes of
// the presets (tiny, small, city, province), for demos, tests and benchmarks.
//
// Distributions make every alert and entitlement of docs/weihai-rules.md
// occur, with cases exactly on each boundary (income equal to the line, a
// visit exactly 7 or 30 days ago, age exactly 80, a signal exactly 90 days
// old, ...) aimed at the standards in force on the as-of date, read by name
// from a rules folder's standards (SynthStandards); plus signals about
// unknown persons and future-dated signals.
// The same options and standards always give the same dataset. Thread-safe:
// calls share nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/common/exact_arithmetic.h"
#include "engine/common/money.h"
#include "engine/lang/standards.h"
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
};

// The standards the generated cases aim at: the parameters of
// docs/standards.md in force on the as-of date, so that the boundary cases
// sit on the boundaries the rules will compute. Per-area values are indexed
// by Area (urban, rural).
struct SynthStandards {
  Fen dibao[2];               // dibao: fen per person per month
  Fen marginal_line[2];       // marginal.line
  Fen tekun_basic[2];         // tekun.basic: fen per member per month
  Fen care_base_wage;         // care.base_wage: fen per month
  Fraction care[3];           // care.full, care.semi, care.none: indexed by SelfCare
  Fraction addon[4];          // dibao.addon.elderly, .severe_disability, .serious_illness, .minor
  Fen vehicle_exempt;         // asset.vehicle_exempt
  int64_t max_housing_units;  // asset.max_housing_units
  Fen medical_risk;           // risk.medical_abs
  Fen disaster_risk;          // risk.disaster_abs
  int64_t high_risk_visit_days;  // visit.high_risk_days
  int64_t special_visit_days;    // visit.special_days
};

// Reads the SynthStandards by name from `standards` (a rules folder's, as
// `run` loads them) as in force on `as_of`. Errors: FailedPrecondition if a
// parameter has no value in force on `as_of`; InvalidArgument naming the
// parameter if one is missing, of another unit (money, ratio, int), or per
// area where synth needs one value.
absl::StatusOr<SynthStandards> ReadSynthStandards(const lang::Standards& standards, Days as_of);

// Scales a preset's sizes by `scale` (e.g. 0.25 for a quarter of a city).
SynthOptions OptionsFor(const Preset& preset, double scale, uint64_t seed);

// The dataset of `options`, its cases aimed at `standards` (ReadSynthStandards
// on options.as_of).
absl::StatusOr<std::unique_ptr<Dataset>> Synthesize(const SynthOptions& options,
                                                    const SynthStandards& standards);

}  // namespace safetynet::synth
