// safetynet sweep: cost and coverage for a range of one parameter's values.
#include <iostream>

#include "engine/cli/what_if.h"
#include "engine/monitor/sweep.h"

namespace safetynet::cli {

int SweepCommand(const Args& args) {
  po::options_description options("options");
  AddWhatIfOptions(options);
  options.add_options()("param", po::value<std::string>()->required(),
                        "the parameter to step, e.g. dibao.urban")(
      "from", po::value<std::string>()->required(), "the first value (yuan for money)")(
      "to", po::value<std::string>()->required(), "the last value")(
      "step", po::value<std::string>()->required(), "the step");
  po::variables_map values;
  if (auto exit = ParseOptions(
          args, options,
          "safetynet sweep --snapshot S --rules DIR --as-of D --param NAME --from A --to B --step "
          "S --out DIR",
          "For each value of the parameter from A to B: the eligible households, the persons in\n"
          "them and the monthly cost of every entitlement. Writes sweep.csv and sweep.html (a\n"
          "self-contained page with a chart of cost and coverage against the parameter).",
          values)) {
    return *exit;
  }
  WhatIfInputs inputs;
  if (auto exit = LoadWhatIf(values, "sweep", inputs)) return *exit;
  monitor::SweepOptions sweep{inputs.options, values["param"].as<std::string>(),
                              values["from"].as<std::string>(), values["to"].as<std::string>(),
                              values["step"].as<std::string>()};
  auto report = monitor::RunSweep(*inputs.program, *inputs.data, sweep);
  if (!report.ok()) {
    std::cerr << "safetynet sweep: " << report.status().message() << "\n";
    return report.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  if (auto status = monitor::WriteSweep(*report, *inputs.out); !status.ok()) {
    std::cerr << "safetynet sweep: " << status.message() << "\n";
    return kExitFailed;
  }
  std::cout << monitor::FormatSweepSummary(*report) << "  outputs in " << inputs.out->folder()
            << " (sweep.csv, sweep.html)\n";
  return kExitOk;
}

}  // namespace safetynet::cli
