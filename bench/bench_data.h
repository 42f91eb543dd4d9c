// Data sets for the benchmarks: synthetic presets generated once per
// process (deterministic, seed 1) and cached, a temporary folder, and the
// shipped Weihai rules. Not thread-safe; call from the benchmark's main thread.
#pragma once

#include <memory>
#include <string>

#include "engine/lang/program.h"
#include "engine/synth/synth.h"
#include "engine/table/dataset.h"

namespace safetynet::bench {

// tiny, small, city or province, scaled; cached per (preset, scale).
const Dataset& Preset(const std::string& name, double scale = 1.0);

// A new empty folder under /tmp; all of them are removed when the process exits.
std::string TemporaryFolder();

// rules/weihai compiled (cached), and its sources as text (for compile benchmarks).
const lang::Program& WeihaiRules();
std::string WeihaiRulesFolder();

// The standards of rules/weihai that synthetic data aims at, in force on the
// presets' as-of date (cached).
const synth::SynthStandards& WeihaiSynthStandards();

}  // namespace safetynet::bench
