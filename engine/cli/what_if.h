// The options recalc and sweep share -- the snapshot, the rules, the as-of
// date, --set changes, the output folder, the eligibility and deceased
// values -- and loading what they name, in two steps so that a command can
// check its own options against the rules before any work. Not shared
// between threads.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "engine/cli/command_line.h"
#include "engine/lang/program.h"
#include "engine/monitor/recalc.h"
#include "engine/table/dataset.h"

namespace safetynet::cli {

void AddWhatIfOptions(po::options_description& options);

struct WhatIfInputs {
  std::unique_ptr<lang::Program> program;
  std::unique_ptr<Dataset> data;
  monitor::RecalcOptions options;   // as_of, overrides, eligibility, deceased
  std::optional<OutputFolder> out;  // claimed after the rules, before the snapshot
};

// Parses --as-of and --set, checks that --snapshot is there, loads the rules
// and finds the eligibility and deceased values; returns the exit code to
// end with (after printing why), or nullopt. Rules that do not compile, or
// declare no eligibility or deceased value where no --eligibility or
// --deceased is given in its place, end it with exit 1; a bad --as-of,
// --set (twice for one value, or a value that makes a formula of the
// standards overflow), --eligibility or --deceased with exit 2.
std::optional<int> LoadWhatIfRules(const po::variables_map& values, std::string_view command,
                                   WhatIfInputs& inputs);

// Then claims --out and reads the snapshot; the exit code, or nullopt.
std::optional<int> LoadWhatIfData(const po::variables_map& values, std::string_view command,
                                  WhatIfInputs& inputs);

}  // namespace safetynet::cli
