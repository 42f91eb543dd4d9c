// safetynet explain: why each rule fired or did not, for one subject.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/cli/rules_folder.h"
#include "engine/common/text.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/explain.h"

namespace safetynet::cli {

int ExplainCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("snapshot", po::value<std::string>()->required(), "the snapshot");
  AddRulesOption(options);
  options.add_options()("as-of", po::value<std::string>()->required(), "the date YYYY-MM-DD")(
      "subject", po::value<std::string>()->required(), "a household id or a resident id");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "explain", args, options,
          "safetynet explain --snapshot S [--rules DIR] --as-of D --subject ID",
          "Prints, for one household, person or elderly resident, every rule with fired or\n"
          "not fired, each term of its condition with yes or no and the values that decided\n"
          "it, the subject's derived values and its entitlements.",
          values)) {
    return *exit;
  }
  const std::string subject = values["subject"].as<std::string>();
  if (TrimBlanks(subject, " \t\r\n").empty()) {
    Complain("explain", "--subject is empty: give a household id or a resident id");
    return kExitUsage;
  }
  auto as_of = DateOption("explain", values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;
  const std::string snapshot = values["snapshot"].as<std::string>();
  if (auto missing = CheckInputExists("explain", snapshot, "snapshot")) return *missing;
  auto program = LoadRulesFor("explain", values["rules"].as<std::string>());
  if (!program) return kExitFailed;
  auto data = ReadSnapshot(snapshot);
  if (!data.ok()) {
    Complain("explain", std::string(data.status().message()));
    return kExitFailed;
  }
  auto text = monitor::Explain(*program, **data, *as_of, subject);
  if (!text.ok()) {
    Complain("explain", std::string(text.status().message()));
    return kExitFailed;
  }
  std::cout << *text;
  return kExitOk;
}

}  // namespace safetynet::cli
