// safetynet rules check DIR: parse, type-check and compile a rules folder,
// then list its values, alerts, entitlements and declarations.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/common/text.h"
#include "engine/lang/rule_set.h"

namespace safetynet::cli {

int RulesCommand(const Args& args) {
  if (args.empty() || args[0] != "check") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << "usage: safetynet rules check DIR\n\nParses, type-checks and compiles every "
                   "*.rules and "
                   "*.standards file of DIR\nand lists the rules; every error is shown with "
                   "file:line:column.\n";
      return kExitOk;
    }
    std::cerr << "usage: safetynet rules check DIR\n";
    return kExitUsage;
  }
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->required(), "the rules folder");
  Args rest(args.begin() + 1, args.end());
  if (rest.empty()) {
    std::cerr << "safetynet rules check: name the rules folder: safetynet rules check DIR\n";
    return kExitUsage;
  }
  if (rest[0].rfind("-", 0) != 0) rest.insert(rest.begin(), "--dir");
  po::variables_map values;
  if (auto exit = ParseOptions(
          rest, options, "safetynet rules check DIR",
          "Parses, type-checks and compiles every *.rules and *.standards file of DIR\n"
          "and lists the rules; every error is shown with file:line:column.",
          values)) {
    return *exit;
  }
  const std::string dir = values["dir"].as<std::string>();
  const double start = Now();
  auto program = lang::LoadRules(dir);
  const double seconds = SecondsSince(start);
  if (!program.ok()) {
    std::cerr << program.status().message();
    return kExitFailed;
  }
  const lang::Program& p = **program;
  size_t lets = 0, hidden = 0, fields = 0;
  for (const lang::ColumnDef& column : p.columns) {
    if (column.is_field) {
      ++fields;
    } else if (column.hidden) {
      ++hidden;
    } else {
      ++lets;
    }
  }
  std::cout << "rules " << dir << ": OK (" << p.sources.size() << " files, compiled in "
            << static_cast<int>(seconds * 1000000) / 1000.0 << " ms)\n";
  std::cout << "  " << p.standards.params().size() << " parameters, " << lets << " derived values, "
            << fields << " fields read, " << hidden << " aggregate columns, " << p.nodes.size()
            << " expression nodes\n";
  std::cout << "  alerts:\n";
  for (const lang::AlertDef& alert : p.alerts) {
    std::cout << "    " << alert.id << " (" << lang::EntityName(alert.entity) << ", "
              << alert.where.file->path << ":" << alert.where.line << ")\n";
  }
  std::cout << "  entitlements:\n";
  for (const lang::EntitlementDef& entitlement : p.entitlements) {
    std::cout << "    " << entitlement.kind << " (" << lang::EntityName(entitlement.entity) << ", "
              << entitlement.where.file->path << ":" << entitlement.where.line << ")\n";
  }
  std::cout << "  recalc and sweep count:\n";
  for (const auto& [keyword, column] :
       {std::pair{"eligibility", p.eligibility}, std::pair{"deceased", p.deceased}}) {
    std::cout << "    " << keyword << " = "
              << (column >= 0 ? p.columns[column].name
                              : Cat("(not declared: recalc and sweep need --", keyword, ")"))
              << "\n";
  }
  return kExitOk;
}

}  // namespace safetynet::cli
