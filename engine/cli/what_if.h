// The options recalc and sweep share -- the snapshot, the rules, the as-of
// date, --set changes, the output folder, the eligibility and deceased
// values -- and loading what they name. Not shared between threads.
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
  std::optional<OutputFolder> out;  // claimed before anything is loaded
};

// Claims --out, loads the rules and the snapshot and parses --as-of and
// --set; returns the exit code to end with (after printing why), or nullopt.
// Rules that declare no eligibility or deceased value, where no
// --eligibility or --deceased is given in its place, end it with exit 2
// before the snapshot is read.
std::optional<int> LoadWhatIf(const po::variables_map& values, std::string_view command,
                              WhatIfInputs& inputs);

}  // namespace safetynet::cli
