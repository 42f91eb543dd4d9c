// safetynet recalc: every entitlement before and after a standards change.
#include <iostream>

#include "engine/cli/rules_folder.h"
#include "engine/cli/what_if.h"

namespace safetynet::cli {

int RecalcCommand(const Args& args) {
  po::options_description options("options");
  AddWhatIfOptions(options);
  options.add_options()("to", po::value<std::string>(),
                        "the changed standards: those in force on this date")(
      "mask-ids", po::bool_switch(),
      "mask every resident id in every field written, 18 digits as 371002********0018 and 15 as "
      "371002******001 (for lists that leave the bureau)");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "recalc", args, options,
          "safetynet recalc --snapshot S [--rules DIR] --as-of D (--to D2 | --set NAME=VALUE ...)\n"
          "                        --out DIR [--mask-ids] [--eligibility NAME] [--deceased NAME]",
          "Computes every entitlement under the standards in force on the as-of date and under\n"
          "the changed ones, and writes recalc.csv (every changed amount), "
          "recalc_eligibility.csv,\n"
          "recalc_summary.csv and .json (per district and the city: affected households and\n"
          "persons, monthly totals old and new, monthly and yearly delta), and\n"
          "eligibility-changes-by-town/ (a workbook per town of the households whose\n"
          "eligibility changes, in Chinese).",
          values)) {
    return *exit;
  }
  if (!values.count("to") && !values.count("set")) {
    Complain("recalc", "say what changes: --to D2 or --set NAME=VALUE");
    return kExitUsage;
  }
  WhatIfInputs inputs;
  if (values.count("to")) {
    auto to = DateOption("recalc", values["to"].as<std::string>(), "to");
    if (!to) return kExitUsage;
    inputs.options.to = *to;
  }
  if (auto exit = LoadWhatIfRules(values, "recalc", inputs)) return *exit;
  auto district_names = LoadDistrictNamesFor("recalc", values["rules"].as<std::string>());
  if (!district_names) return kExitFailed;
  if (auto exit = LoadWhatIfData(values, "recalc", inputs)) return *exit;
  auto report = monitor::RunRecalc(*inputs.program, *inputs.data, inputs.options);
  if (!report.ok()) {
    Complain("recalc", std::string(report.status().message()));
    return kExitFailed;
  }
  if (auto status = monitor::WriteRecalc(*report, *inputs.out, values["mask-ids"].as<bool>(),
                                         *district_names);
      !status.ok()) {
    Complain("recalc", std::string(status.message()));
    return kExitFailed;
  }
  std::cout << monitor::FormatRecalcSummary(*report) << "  outputs in " << inputs.out->folder()
            << "\n";
  return kExitOk;
}

}  // namespace safetynet::cli
