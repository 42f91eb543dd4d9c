// safetynet recalc: every entitlement before and after a standards change.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/recalc.h"

namespace safetynet::cli {

int RecalcCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()
      ("snapshot", po::value<std::string>()->required(), "the snapshot")
      ("rules", po::value<std::string>()->default_value("rules/weihai"), "the rules folder")
      ("as-of", po::value<std::string>()->required(),
       "the date YYYY-MM-DD: windows and ages, and the 'old' standards")
      ("to", po::value<std::string>(), "'new' standards: those in force on this date")
      ("set", po::value<std::vector<std::string>>()->composing(),
       "'new' standards: change NAME=VALUE (money in yuan); repeatable; derived parameters follow")
      ("out", po::value<std::string>()->required(), "the output folder")
      ("eligibility", po::value<std::string>()->default_value("dibao_eligible"),
       "the household value (bool) whose changes are listed")
      ("deceased", po::value<std::string>()->default_value("dead"),
       "the person value (bool) that marks the dead, who are not counted as affected");
  po::variables_map values;
  if (auto exit = ParseOptions(
          args, options,
          "safetynet recalc --snapshot S --rules DIR --as-of D (--to D2 | --set NAME=VALUE ...) --out DIR",
          "Computes every entitlement under the standards in force on the as-of date and under\n"
          "the changed ones, and writes recalc.csv (every changed amount), recalc_eligibility.csv,\n"
          "recalc_summary.csv and .json (per district and the city: affected households and\n"
          "persons, monthly totals old and new, monthly and yearly delta).",
          values)) {
    return *exit;
  }
  if (!values.count("to") && !values.count("set")) {
    std::cerr << "safetynet recalc: say what changes: --to D2 or --set NAME=VALUE\n";
    return kExitUsage;
  }
  monitor::RecalcOptions recalc;
  auto as_of = DateOption(values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;
  recalc.as_of = *as_of;
  if (values.count("to")) {
    auto to = DateOption(values["to"].as<std::string>(), "to");
    if (!to) return kExitUsage;
    recalc.to = *to;
  }
  recalc.eligibility = values["eligibility"].as<std::string>();
  recalc.deceased = values["deceased"].as<std::string>();
  auto program = lang::LoadRules(values["rules"].as<std::string>());
  if (!program.ok()) {
    std::cerr << program.status().message();
    return kExitFailed;
  }
  if (values.count("set")) {
    for (const std::string& text : values["set"].as<std::vector<std::string>>()) {
      std::string error;
      auto change = lang::ParseOverride((*program)->standards, text, error);
      if (!change) {
        std::cerr << "safetynet recalc: --set " << error << "\n";
        return kExitUsage;
      }
      recalc.overrides.push_back(*change);
    }
  }
  auto data = ReadSnapshot(values["snapshot"].as<std::string>());
  if (!data.ok()) {
    std::cerr << "safetynet recalc: " << data.status().message() << "\n";
    return kExitFailed;
  }
  auto report = monitor::RunRecalc(**program, **data, recalc);
  if (!report.ok()) {
    std::cerr << "safetynet recalc: " << report.status().message() << "\n";
    return kExitFailed;
  }
  const std::string out = values["out"].as<std::string>();
  if (auto status = monitor::WriteRecalc(*report, out); !status.ok()) {
    std::cerr << "safetynet recalc: " << status.message() << "\n";
    return kExitFailed;
  }
  std::cout << monitor::FormatRecalcSummary(*report) << "  outputs in " << out << "\n";
  return kExitOk;
}

}  // namespace safetynet::cli
