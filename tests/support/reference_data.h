// The reference data and rules the tests run on: tests/data/tiny imported,
// rules/weihai compiled, and synthetic data aimed at its standards. Each call
// loads anew. Tests only.
#pragma once

#include <memory>
#include <string>

#include "engine/lang/program.h"
#include "engine/synth/synth.h"
#include "engine/table/dataset.h"

namespace safetynet::testing {

// tests/data/NAME imported (the test fails if it does not import).
std::unique_ptr<Dataset> ImportReferenceData(const std::string& name = "tiny");

// rules/weihai compiled (the test fails if it does not compile).
std::unique_ptr<lang::Program> WeihaiRules();

// The standards of rules/weihai that synthetic data aims at on `as_of` (the
// test fails if they cannot be read).
synth::SynthStandards WeihaiSynthStandards(Days as_of);

// synth::Synthesize(options) aimed at WeihaiSynthStandards(options.as_of)
// (the test fails if it cannot be made).
std::unique_ptr<Dataset> Synthesized(const synth::SynthOptions& options);

// Sets every count of rejected rows (the rejected_* columns,
// ColumnKind::kRejectedRows) of `dataset` to 0: to compare the tables of a
// data set with bad rows to those of the same set without them.
void ClearRejectedCounts(Dataset& dataset);

}  // namespace safetynet::testing
