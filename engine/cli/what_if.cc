#include "engine/cli/what_if.h"

#include "engine/cli/rules_folder.h"
#include "engine/common/text.h"
#include "engine/io/snapshot.h"

namespace safetynet::cli {

void AddWhatIfOptions(po::options_description& options) {
  options.add_options()("snapshot", po::value<std::string>()->required(), "the snapshot");
  AddRulesOption(options);
  options.add_options()(
      "as-of", po::value<std::string>()->required(),
      "the date YYYY-MM-DD: windows and ages, and the standards in force before the change")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "change NAME=VALUE (money in yuan, ratios as 1.35 or 1/6); repeatable; derived parameters "
      "follow")("out", po::value<std::string>()->required(), "the output folder")(
      "eligibility", po::value<std::string>(),
      "the household value (bool) that says who is eligible, in place of the one the rules "
      "declare (eligibility = NAME)")(
      "deceased", po::value<std::string>(),
      "the person value (bool) that marks the dead, who are not counted, in place of the one the "
      "rules declare (deceased = NAME)");
}

std::optional<int> LoadWhatIfRules(const po::variables_map& values, std::string_view command,
                                   WhatIfInputs& inputs) {
  auto as_of = DateOption(command, values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;
  inputs.options.as_of = *as_of;
  if (values.count("eligibility"))
    inputs.options.eligibility = values["eligibility"].as<std::string>();
  if (values.count("deceased")) inputs.options.deceased = values["deceased"].as<std::string>();
  if (auto missing = CheckInputExists(command, values["snapshot"].as<std::string>(), "snapshot")) {
    return *missing;
  }
  const std::string rules = values["rules"].as<std::string>();
  inputs.program = LoadRulesFor(command, rules);
  if (!inputs.program) return kExitFailed;
  if (auto counted = monitor::FindCountedValues(*inputs.program, inputs.options); !counted.ok()) {
    Complain(command, Cat(rules, ": ", std::string(counted.status().message())));
    return counted.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  if (values.count("set")) {
    auto overrides = lang::ParseOverrides(inputs.program->standards,
                                          inputs.options.to.value_or(inputs.options.as_of),
                                          values["set"].as<std::vector<std::string>>(), "--set ");
    if (!overrides.ok()) {
      Complain(command, std::string(overrides.status().message()));
      return kExitUsage;
    }
    inputs.options.overrides = std::move(*overrides);
  }
  return std::nullopt;
}

std::optional<int> LoadWhatIfData(const po::variables_map& values, std::string_view command,
                                  WhatIfInputs& inputs) {
  int exit = kExitOk;
  auto claimed = ClaimOutputFolder(
      command, values["out"].as<std::string>(),
      {values["snapshot"].as<std::string>(), values["rules"].as<std::string>()}, exit);
  if (!claimed) return exit;
  inputs.out.emplace(std::move(*claimed));
  auto data = ReadSnapshot(values["snapshot"].as<std::string>());
  if (!data.ok()) {
    Complain(command, std::string(data.status().message()));
    return kExitFailed;
  }
  inputs.data = std::move(*data);
  return std::nullopt;
}

}  // namespace safetynet::cli
