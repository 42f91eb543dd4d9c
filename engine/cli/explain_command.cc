// safetynet explain: why each rule fired or did not, for one subject.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/io/snapshot.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/explain.h"

namespace safetynet::cli {

int ExplainCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("snapshot", po::value<std::string>()->required(), "the snapshot")(
      "rules", po::value<std::string>()->default_value("rules/weihai"), "the rules folder")(
      "as-of", po::value<std::string>()->required(), "the date YYYY-MM-DD")(
      "subject", po::value<std::string>()->required(), "a household id or a resident id");
  po::variables_map values;
  if (auto exit = ParseOptions(
          args, options, "safetynet explain --snapshot S --rules DIR --as-of D --subject ID",
          "Prints, for one household, person or elderly resident, every rule with fired or\n"
          "not fired, each term of its condition with yes or no and the values that decided\n"
          "it, the subject's derived values and its entitlements.",
          values)) {
    return *exit;
  }
  auto as_of = DateOption(values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;
  auto program = lang::LoadRules(values["rules"].as<std::string>());
  if (!program.ok()) {
    std::cerr << program.status().message();
    return kExitFailed;
  }
  auto data = ReadSnapshot(values["snapshot"].as<std::string>());
  if (!data.ok()) {
    std::cerr << "safetynet explain: " << data.status().message() << "\n";
    return kExitFailed;
  }
  auto text = monitor::Explain(**program, **data, *as_of, values["subject"].as<std::string>());
  if (!text.ok()) {
    std::cerr << "safetynet explain: " << text.status().message() << "\n";
    return kExitFailed;
  }
  std::cout << *text;
  return kExitOk;
}

}  // namespace safetynet::cli
