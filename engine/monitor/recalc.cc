#include "engine/monitor/recalc.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/monitor/json_text.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/records.h"
#include "engine/monitor/town_workbooks.h"
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

namespace {

// Whether one of `overrides` sets the named value (its parameter, and its area or both).
bool IsSet(const lang::Standards& standards, const lang::NamedParameterValue& value,
           const std::vector<lang::Override>& overrides) {
  const lang::ParamRef ref{static_cast<int>(value.param - standards.params().data()),
                           !value.param->per_area           ? lang::AreaChoice::kSubject
                           : value.name.ends_with(".rural") ? lang::AreaChoice::kRural
                                                            : lang::AreaChoice::kUrban};
  return std::any_of(overrides.begin(), overrides.end(),
                     [&](const lang::Override& o) { return lang::Overlap(o.ref, ref); });
}

std::vector<ParameterChange> ChangedParameters(const lang::Standards& standards,
                                               const lang::ResolvedStandards& old_values,
                                               const lang::ResolvedStandards& new_values,
                                               const std::vector<lang::Override>& overrides) {
  const std::vector<lang::NamedParameterValue> before = lang::NamedValues(standards, old_values);
  const std::vector<lang::NamedParameterValue> after = lang::NamedValues(standards, new_values);
  std::vector<ParameterChange> changes;
  for (size_t i = 0; i < before.size(); ++i) {
    if (!(before[i].value == after[i].value)) {
      const bool set = IsSet(standards, before[i], overrides);
      changes.push_back({before[i].name, before[i].value, after[i].value, before[i].param->type,
                         set, !set && before[i].param->formula != nullptr});
    }
  }
  return changes;
}

struct Tally {
  std::set<uint32_t> households;
  std::set<PackedId> persons;
  __int128 monthly_old = 0, monthly_new = 0;  // checked when the impact is built
};

// A district's (or the city's) impact from its tally; OutOfRange if a total
// or a delta does not fit 64-bit fen.
absl::StatusOr<DistrictImpact> Impact(std::string district, const Tally& tally) {
  DistrictImpact impact{std::move(district), tally.households.size(), tally.persons.size()};
  const std::string of = impact.district == "CITY" ? "the city" : Cat("district ", impact.district);
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_old,
                             FenTotal(tally.monthly_old, Cat("the old monthly total of ", of)));
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_new,
                             FenTotal(tally.monthly_new, Cat("the new monthly total of ", of)));
  const __int128 delta = tally.monthly_new - tally.monthly_old;
  SAFETYNET_ASSIGN_OR_RETURN(impact.monthly_delta,
                             FenTotal(delta, Cat("the monthly delta of ", of)));
  SAFETYNET_ASSIGN_OR_RETURN(impact.yearly_delta,
                             FenTotal(delta * 12, Cat("the yearly delta of ", of)));
  return impact;
}

}  // namespace

absl::StatusOr<RecalcReport> RunRecalc(const lang::Program& program, const Dataset& data,
                                       const RecalcOptions& options) {
  auto start = std::chrono::steady_clock::now();
  RecalcReport report;
  report.as_of = options.as_of;
  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards old_standards,
                             lang::Resolve(program.standards, options.as_of));
  SAFETYNET_ASSIGN_OR_RETURN(
      const lang::ResolvedStandards new_standards,
      lang::Resolve(program.standards, options.to.value_or(options.as_of), options.overrides));
  report.old_version = old_standards.version;
  report.new_version = new_standards.version;
  report.parameters =
      ChangedParameters(program.standards, old_standards, new_standards, options.overrides);
  SAFETYNET_ASSIGN_OR_RETURN(const CountedValues counted, FindCountedValues(program, options));
  report.eligibility_value = program.columns[counted.eligibility].name;

  // Old: everything. New: only what depends on the standards; the rest is taken over.
  SignalIndex index(data, options.as_of);
  const std::vector<bool> dependent = program.StandardsDependentColumns();
  exec::Evaluation old_evaluation(program, data, index, old_standards, options.as_of);
  for (size_t c = 0; c < program.columns.size(); ++c) old_evaluation.ComputeColumn(c);
  old_evaluation.ComputeEntitlements();
  exec::RunResult old_result = old_evaluation.Finish();
  exec::RunResult new_result = exec::EvaluateEntitlementsAgain(
      program, data, index, new_standards, options.as_of, dependent, old_result.columns);

  // Changed amounts: both lists are sorted by subject kind, subject id, kind.
  const SubjectKeys keys(data);
  std::vector<EntitlementRecord> before = EntitlementRecords(program, data, keys, old_result);
  std::vector<EntitlementRecord> after = EntitlementRecords(program, data, keys, new_result);
  auto order = [](const EntitlementRecord& a, const EntitlementRecord& b) {
    return std::tie(a.subject_kind, a.subject_id, a.kind) <
           std::tie(b.subject_kind, b.subject_id, b.kind);
  };
  std::vector<const EntitlementRecord*> changed;  // the new record, or the old one if it is gone
  size_t i = 0, j = 0;
  while (i < before.size() || j < after.size()) {
    const EntitlementRecord* a = i < before.size() ? &before[i] : nullptr;
    const EntitlementRecord* b = j < after.size() ? &after[j] : nullptr;
    if (a && b && !order(*a, *b) && !order(*b, *a)) {
      if (a->amount != b->amount) {
        report.changes.push_back({a->subject_kind, a->subject_id, a->kind, a->amount, b->amount});
        changed.push_back(b);
      }
      ++i, ++j;
    } else if (a && (!b || order(*a, *b))) {
      report.changes.push_back({a->subject_kind, a->subject_id, a->kind, a->amount, 0});
      changed.push_back(a);
      ++i;
    } else {
      report.changes.push_back({b->subject_kind, b->subject_id, b->kind, 0, b->amount});
      changed.push_back(b);
      ++j;
    }
  }
  for (AmountChange& c : report.changes) {
    SAFETYNET_ASSIGN_OR_RETURN(c.delta, FenTotal(static_cast<__int128>(c.new_amount) - c.old_amount,
                                                 "the change of one amount (recalc.csv delta)"));
  }

  // Eligibility (a value that does not depend on the standards is not recomputed).
  const HouseholdTable& h = data.households;
  const std::vector<int64_t>& eligible_before = old_result.columns[counted.eligibility].num;
  const std::vector<int64_t>& eligible_after =
      exec::ColumnSeen(new_result, old_result.columns, dependent, counted.eligibility).num;
  for (uint32_t row = 0; row < h.size(); ++row) {
    bool was = eligible_before[row] == 1;
    bool is = eligible_after[row] == 1;
    if (was != is) {
      const Place place = PlaceOf(data, Entity::kHousehold, row);
      report.eligibility.push_back({std::string(h.household_id[row]), is, place.district,
                                    std::string(place.town), std::string(place.village)});
    }
  }
  if (!report.eligibility.empty()) {
    // The households' own amounts, old and new.
    absl::flat_hash_map<uint32_t, std::pair<__int128, __int128>> amounts;
    for (const EntitlementRecord& r : before) {
      if (r.entity == Entity::kHousehold) amounts[r.row].first += r.amount;
    }
    for (const EntitlementRecord& r : after) {
      if (r.entity == Entity::kHousehold) amounts[r.row].second += r.amount;
    }
    absl::flat_hash_map<std::string_view, uint32_t> row_of;
    for (uint32_t row = 0; row < h.size(); ++row) row_of[h.household_id[row]] = row;
    for (EligibilityChange& e : report.eligibility) {
      auto found = amounts.find(row_of[e.household_id]);
      if (found == amounts.end()) continue;
      const std::string of = Cat("household ", e.household_id);
      SAFETYNET_ASSIGN_OR_RETURN(
          e.old_amount, FenTotal(found->second.first, Cat("the old monthly total of ", of)));
      SAFETYNET_ASSIGN_OR_RETURN(
          e.new_amount, FenTotal(found->second.second, Cat("the new monthly total of ", of)));
    }
  }
  std::sort(report.eligibility.begin(), report.eligibility.end(),
            [](const EligibilityChange& a, const EligibilityChange& b) {
              return a.household_id < b.household_id;
            });

  // Per district and for the city.
  std::map<int32_t, Tally> by_district;
  for (int32_t district : h.district) by_district[district];
  for (int32_t district : data.elderly.district) by_district[district];
  Tally city;
  for (const EntitlementRecord& r : before)
    by_district[r.district].monthly_old += r.amount, city.monthly_old += r.amount;
  for (const EntitlementRecord& r : after)
    by_district[r.district].monthly_new += r.amount, city.monthly_new += r.amount;
  // The dead: the same under both standards.
  const std::vector<int64_t>& dead = old_result.columns[counted.deceased].num;
  auto affect_household = [&](Tally& tally, uint32_t household, bool with_members) {
    tally.households.insert(household);
    if (!with_members) return;
    for (uint32_t p = h.member_begin[household]; p < h.member_begin[household + 1]; ++p) {
      if (dead[p] != 1) tally.persons.insert(data.persons.person_id[p]);
    }
  };
  for (const EntitlementRecord* r : changed) {
    for (Tally* tally : {&by_district[r->district], &city}) {
      switch (r->entity) {
        case Entity::kHousehold:
          affect_household(*tally, r->row, true);
          break;
        case Entity::kPerson:
          tally->persons.insert(data.persons.person_id[r->row]);
          affect_household(*tally, data.persons.household_row[r->row], false);
          break;
        default:
          tally->persons.insert(data.elderly.person_id[r->row]);
      }
    }
  }
  for (const auto& [district, tally] : by_district) {
    SAFETYNET_ASSIGN_OR_RETURN(DistrictImpact impact, Impact(Cat(district), tally));
    report.districts.push_back(std::move(impact));
  }
  SAFETYNET_ASSIGN_OR_RETURN(DistrictImpact impact, Impact("CITY", city));
  report.districts.push_back(std::move(impact));
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
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
