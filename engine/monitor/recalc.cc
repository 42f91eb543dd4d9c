#include "engine/monitor/recalc.h"

#include <chrono>
#include <memory>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/monitor/json_text.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/town_workbooks.h"
#include "engine/monitor/what_if_model.h"
#include "engine/monitor/value_format.h"

namespace safetynet::monitor {
namespace {

using lang::Entity;

// The column of the bool value `name` of `entity` given with `option`, or
// if `name` is empty the one the rules declare with `keyword` (`declared`).
absl::StatusOr<int> CountedColumn(const lang::Program& program, Entity entity,
                                  const std::string& name, int declared, std::string_view keyword,
                                  std::string_view option) {
  if (name.empty()) {
    if (declared >= 0) return declared;
    const std::string_view entity_name = lang::EntityName(entity);
    return absl::FailedPreconditionError(
        Cat("the rules declare no ", keyword, " value: add '", keyword, " = NAME' to a 'for ",
            entity_name, ":' block of the rules folder (NAME a bool ", entity_name,
            " value; docs/rule-language.md, \"Declarations\"), or give ", option, " NAME"));
  }
  int column = program.FindColumn(entity, name);
  if (column < 0 || program.columns[column].type.base != lang::BaseType::kBool) {
    return absl::InvalidArgumentError(Cat("the rules define no ", lang::EntityName(entity),
                                          " value '", name, "' of type bool (", option, ")"));
  }
  return column;
}

}  // namespace

absl::StatusOr<CountedValues> FindCountedValues(const lang::Program& program,
                                                const RecalcOptions& options) {
  SAFETYNET_ASSIGN_OR_RETURN(int eligibility,
                             CountedColumn(program, Entity::kHousehold, options.eligibility,
                                           program.eligibility, "eligibility", "--eligibility"));
  SAFETYNET_ASSIGN_OR_RETURN(
      int deceased, CountedColumn(program, Entity::kPerson, options.deceased, program.deceased,
                                  "deceased", "--deceased"));
  return CountedValues{eligibility, deceased};
}

absl::StatusOr<RecalcReport> RunRecalc(const lang::Program& program, const Dataset& data,
                                       const RecalcOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // The new standards' errors come before those of the counted values.
  SAFETYNET_RETURN_IF_ERROR(lang::Resolve(program.standards, options.as_of).status());
  SAFETYNET_RETURN_IF_ERROR(
      lang::Resolve(program.standards, options.to.value_or(options.as_of), options.overrides)
          .status());
  SAFETYNET_ASSIGN_OR_RETURN(const std::unique_ptr<const WhatIfModel> model,
                             WhatIfModel::Build(program, data, options.as_of, options.eligibility,
                                                options.deceased));
  SAFETYNET_ASSIGN_OR_RETURN(WhatIfAnswer answer,
                             model->Answer({options.to, options.overrides, true}));
  answer.report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return std::move(answer.report);
}

absl::Status WriteRecalc(const RecalcReport& report, OutputFolder& out, bool mask_ids,
                         const DistrictNames& names) {
  CsvWriter changes;
  changes.ByteOrderMark();
  changes.Row({"subject_kind", "subject_id", "kind", "old_amount", "new_amount", "delta"});
  std::string scratch;
  for (const AmountChange& c : report.changes) {
    OutputRow(changes,
              {c.subject_kind, c.subject_id, c.kind, FormatYuan(c.old_amount),
               FormatYuan(c.new_amount), FormatYuan(c.delta)},
              mask_ids, scratch);
  }
  CsvWriter eligibility;
  eligibility.ByteOrderMark();
  eligibility.Row({"household_id", "change"});
  for (const EligibilityChange& e : report.eligibility) {
    OutputRow(eligibility,
              {e.household_id, e.newly_eligible ? "NEWLY_ELIGIBLE" : "NO_LONGER_ELIGIBLE"},
              mask_ids, scratch);
  }
  CsvWriter summary;
  summary.ByteOrderMark();
  summary.Row({"district", "households_affected", "persons_affected", "monthly_old", "monthly_new",
               "monthly_delta", "yearly_delta"});
  std::string json = "{\n";
  json += Cat("  \"as_of\": \"", FormatIsoDate(report.as_of), "\",\n  \"standards_old\": \"",
              FormatIsoDate(report.old_version), "\",\n  \"standards_new\": \"",
              FormatIsoDate(report.new_version), "\",\n  \"parameters\": [");
  for (size_t p = 0; p < report.parameters.size(); ++p) {
    const ParameterChange& change = report.parameters[p];
    json += Cat(p ? ", " : "", "{\"name\": ");
    AppendJsonString(json, change.name);
    json += ", \"old\": ";
    AppendJsonString(json, FormatValue(change.type, change.old_value.num, change.old_value.den));
    json += ", \"new\": ";
    AppendJsonString(json, FormatValue(change.type, change.new_value.num, change.new_value.den));
    json += Cat(", \"how\": \"",
                change.set       ? "set"
                : change.derived ? "derived"
                                 : "standards",
                "\"}");
  }
  json += Cat("],\n  \"changed_amounts\": ", report.changes.size(),
              ",\n  \"eligibility_changes\": ", report.eligibility.size(), ",\n  \"districts\": [");
  for (size_t d = 0; d < report.districts.size(); ++d) {
    const DistrictImpact& r = report.districts[d];
    summary.Row({r.district, Cat(r.households_affected), Cat(r.persons_affected),
                 FormatYuan(r.monthly_old), FormatYuan(r.monthly_new), FormatYuan(r.monthly_delta),
                 FormatYuan(r.yearly_delta)});
    json += Cat(d ? ",\n    " : "\n    ", "{\"district\": \"", r.district,
                "\", \"households_affected\": ", r.households_affected,
                ", \"persons_affected\": ", r.persons_affected, ", \"monthly_old\": \"",
                FormatYuan(r.monthly_old), "\", \"monthly_new\": \"", FormatYuan(r.monthly_new),
                "\", \"monthly_delta\": \"", FormatYuan(r.monthly_delta),
                "\", \"yearly_delta\": \"", FormatYuan(r.yearly_delta), "\"}");
  }
  json += "\n  ]\n}\n";
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("recalc.csv"), changes.contents()));
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(out.Path("recalc_eligibility.csv"), eligibility.contents()));
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(out.Path("recalc_summary.csv"), summary.contents()));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("recalc_summary.json"), json));
  TownWorkbookOptions towns;
  towns.as_of = report.as_of;
  towns.mask_ids = mask_ids;
  towns.district_names = &names;
  SAFETYNET_RETURN_IF_ERROR(WriteEligibilityChangesByTown(report.eligibility, out, towns));
  return out.Commit();
}

std::string FormatRecalcSummary(const RecalcReport& r) {
  std::string out = Cat("recalculation as of ", FormatIsoDate(r.as_of), ": standards of ",
                        FormatIsoDate(r.old_version));
  out += r.new_version == r.old_version ? std::string(", values changed:\n")
                                        : Cat(" -> ", FormatIsoDate(r.new_version), "\n");
  for (const ParameterChange& p : r.parameters) {
    out += Cat("  ", p.name, ": ", FormatValue(p.type, p.old_value.num, p.old_value.den), " -> ",
               FormatValue(p.type, p.new_value.num, p.new_value.den),
               p.set       ? " (set)"
               : p.derived ? " (derived: follows its formula)"
                           : "",
               "\n");
  }
  if (r.parameters.empty()) out += "  (no parameter changes)\n";
  const DistrictImpact& city = r.districts.back();
  const Fen delta = city.monthly_delta;
  size_t newly = 0;
  for (const EligibilityChange& e : r.eligibility) newly += e.newly_eligible ? 1 : 0;
  out += Cat("  the city: ", city.households_affected, " households and ", city.persons_affected,
             " persons affected; ", r.changes.size(), " amounts change\n");
  out += Cat("  monthly cost ", FormatYuan(city.monthly_old), " -> ", FormatYuan(city.monthly_new),
             " yuan (", delta >= 0 ? "+" : "", FormatYuan(delta), " a month, ",
             delta >= 0 ? "+" : "", FormatYuan(city.yearly_delta), " a year)\n");
  out += Cat("  eligibility (", r.eligibility_value, "): ", newly, " newly eligible, ",
             r.eligibility.size() - newly, " no longer eligible\n");
  out += "  district   households  persons   monthly old   monthly new   yearly delta\n";
  for (const DistrictImpact& d : r.districts) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-8s %11zu %8zu %13s %13s %14s\n", d.district.c_str(),
                  d.households_affected, d.persons_affected, FormatYuan(d.monthly_old).c_str(),
                  FormatYuan(d.monthly_new).c_str(), FormatYuan(d.yearly_delta).c_str());
    out += line;
  }
  char seconds[64];
  std::snprintf(seconds, sizeof seconds, "  computed in %.3f s\n", r.seconds);
  return out + seconds;
}

}  // namespace safetynet::monitor
