// safetynet rules check [DIR]: parse, type-check and compile a rules folder,
// then list its parameters (with the values in force), values, alerts,
// entitlements and declarations.
#include <ctime>
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/cli/rules_folder.h"
#include "engine/common/text.h"
#include "engine/lang/standards.h"
#include "engine/monitor/value_format.h"

namespace safetynet::cli {
namespace {

constexpr std::string_view kUsage = "safetynet rules check [DIR] [--as-of D]";
constexpr std::string_view kAbout =
    "Parses, type-checks and compiles every *.rules and *.standards file of DIR (default:\n"
    "the rules --rules defaults to in the other commands) and lists the parameters with the\n"
    "values in force on the as-of date (the names --set and --param take), the alerts, the\n"
    "entitlements and the declarations; every error is shown with file:line:column.";

// The parameters' values in force on `as_of`, one a line, as --set and --param name them.
std::string ParameterList(const lang::Standards& standards, Days as_of) {
  auto values = lang::Resolve(standards, as_of);
  if (!values.ok()) {
    return Cat("  parameters: none in force on ", FormatIsoDate(as_of), ": ",
               std::string(values.status().message()), "\n");
  }
  std::string out = Cat("  parameters in force on ", FormatIsoDate(as_of), " (standards of ",
                        FormatIsoDate(values->version),
                        "; change one with --set NAME=VALUE, sweep one with --param NAME):\n");
  for (const lang::NamedParameterValue& p : lang::NamedValues(standards, *values)) {
    out += Cat("    ", p.name, " = ", monitor::FormatValue(p.param->type, p.value.num, p.value.den),
               p.param->type.base == lang::BaseType::kMoney ? " yuan" : "",
               p.param->formula ? "  (derived)" : "", "\n");
  }
  return out;
}

}  // namespace

int RulesCommand(const Args& args) {
  if (args.empty() || args[0] != "check") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << "usage: " << kUsage << "\n\n" << kAbout << "\n";
      return kExitOk;
    }
    Complain("rules", args.empty() ? Cat("say what to do: ", kUsage)
                                   : Cat("unknown subcommand '", args[0],
                                         "': the one subcommand is 'check'\nusage: ", kUsage));
    return kExitUsage;
  }
  po::options_description options("options");
  options.add_options()("dir", po::value<std::string>()->default_value(FindDefaultRules().folder),
                        "the rules folder (also given bare: rules check DIR)")(
      "as-of", po::value<std::string>(),
      "the date whose parameter values are listed, YYYY-MM-DD (default: today)");
  po::variables_map values;
  if (auto exit = ParseOptions("rules check", Args(args.begin() + 1, args.end()), options, kUsage,
                               kAbout, values, {"dir"})) {
    return *exit;
  }
  Days as_of = static_cast<Days>(std::time(nullptr) / 86400);
  if (values.count("as-of")) {
    auto date = DateOption("rules check", values["as-of"].as<std::string>(), "as-of");
    if (!date) return kExitUsage;
    as_of = *date;
  }
  const std::string dir = values["dir"].as<std::string>();
  const double start = Now();
  auto program = LoadRulesFor("rules check", dir);
  const double seconds = SecondsSince(start);
  if (!program) return kExitFailed;
  // The districts' names the workbooks show (districts.csv, if there is one).
  auto districts = LoadDistrictNamesFor("rules check", dir);
  if (!districts) return kExitFailed;
  const lang::Program& p = *program;
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
  std::cout << "  district names: "
            << (districts->empty()
                    ? std::string("none (no districts.csv: the workbooks show codes)")
                    : Cat(districts->size(), " (districts.csv)"))
            << "\n";
  std::cout << ParameterList(p.standards, as_of);
  std::cout << "  alerts:\n";
  for (const lang::AlertDef& alert : p.alerts) {
    std::cout << "    " << alert.id << (alert.label.empty() ? "" : " ") << alert.label << " ("
              << lang::EntityName(alert.entity) << ", " << alert.where.file->path << ":"
              << alert.where.line << ")\n";
  }
  std::cout << "  entitlements:\n";
  for (const lang::EntitlementDef& entitlement : p.entitlements) {
    std::cout << "    " << entitlement.kind << (entitlement.label.empty() ? "" : " ")
              << entitlement.label << " (" << lang::EntityName(entitlement.entity) << ", "
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
