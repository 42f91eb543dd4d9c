// safetynet sweep: cost and coverage for a range of one parameter's values.
#include <iostream>

#include "engine/cli/progress.h"
#include "engine/cli/what_if.h"
#include "engine/monitor/sweep.h"

namespace safetynet::cli {

int SweepCommand(const Args& args) {
  po::options_description options("options");
  AddWhatIfOptions(options);
  options.add_options()("param", po::value<std::string>()->required(),
                        "the parameter to step, e.g. dibao.urban")(
      "from", po::value<std::string>()->required(), "the first value (yuan for money)")(
      "to", po::value<std::string>()->required(), "the last value (at least --from)")(
      "step", po::value<std::string>()->required(), "the step (above 0; at most 1,000 values)")(
      "proposed", po::value<std::string>(),
      "a proposed value to mark on the charts (same unit, from --from to --to)");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "sweep", args, options,
          "safetynet sweep --snapshot S [--rules DIR] --as-of D --param NAME --from A --to B\n"
          "                       --step S [--proposed V] [--set NAME=VALUE ...] --out DIR\n"
          "                       [--eligibility NAME] [--deceased NAME]",
          "For each value of the parameter from A to B: the eligible households, the persons in\n"
          "them and the monthly cost of every entitlement. Writes sweep.csv and sweep.html (a\n"
          "self-contained page with charts of cost and coverage against the parameter, from\n"
          "zero, the value in force on --as-of and the --proposed value marked).",
          values)) {
    return *exit;
  }
  WhatIfInputs inputs;
  if (auto exit = LoadWhatIfRules(values, "sweep", inputs)) return *exit;
  monitor::SweepOptions sweep{inputs.options, values["param"].as<std::string>(),
                              values["from"].as<std::string>(), values["to"].as<std::string>(),
                              values["step"].as<std::string>()};
  if (values.count("proposed")) sweep.proposed = values["proposed"].as<std::string>();
  // A bad range is a usage error before the output folder or the snapshot is touched.
  if (auto checked = monitor::SweepValues(inputs.program->standards, sweep); !checked.ok()) {
    Complain("sweep", std::string(checked.status().message()));
    return kExitUsage;
  }
  if (auto exit = LoadWhatIfData(values, "sweep", inputs)) return *exit;
  Progress progress("sweeping");
  sweep.progress = [&](size_t done, size_t total) { progress.Update("values", done, total); };
  auto report = monitor::RunSweep(*inputs.program, *inputs.data, sweep);
  progress.Finish();
  if (!report.ok()) {
    Complain("sweep", std::string(report.status().message()));
    return kExitFailed;
  }
  if (auto status = monitor::WriteSweep(*report, *inputs.out); !status.ok()) {
    Complain("sweep", std::string(status.message()));
    return kExitFailed;
  }
  std::cout << monitor::FormatSweepSummary(*report) << "  outputs in " << inputs.out->folder()
            << " (sweep.csv, sweep.html)\n";
  return kExitOk;
}

}  // namespace safetynet::cli
