#include "engine/monitor/records.h"

#include <algorithm>

#include <oneapi/tbb/parallel_sort.h>

#include "engine/common/text.h"
#include "engine/exec/arithmetic.h"
#include "engine/monitor/value_format.h"

namespace safetynet::monitor {

using lang::Entity;

std::string_view SubjectKind(Entity entity) {
  switch (entity) {
    case Entity::kHousehold:
      return "HOUSEHOLD";
    case Entity::kPerson:
      return "PERSON";
    default:
      return "ELDERLY";
  }
}

namespace {

std::string SubjectId(const Dataset& d, Entity entity, uint32_t row) {
  switch (entity) {
    case Entity::kHousehold:
      return std::string(d.households.household_id[row]);
    case Entity::kPerson:
      return FormatResidentId(d.persons.person_id[row]);
    default:
      return FormatResidentId(d.elderly.person_id[row]);
  }
}

}  // namespace

std::vector<AlertRecord> AlertRecords(const lang::Program& program, const Dataset& d,
                                      const SignalIndex& signals, const exec::RunResult& result) {
  static constexpr std::string_view kSeverity[] = {"LOW", "MEDIUM", "HIGH"};
  std::vector<AlertRecord> records(result.hits.size());
  tbb::parallel_for(size_t{0}, result.hits.size(), [&](size_t i) {
    const exec::AlertHit& hit = result.hits[i];
    const lang::AlertDef& alert = program.alerts[hit.alert];
    AlertRecord& r = records[i];
    r.rule_id = alert.id;
    r.severity = hit.severity >= 0 && hit.severity <= 2 ? kSeverity[hit.severity] : "";
    r.subject_kind = SubjectKind(alert.entity);
    r.subject_id = SubjectId(d, alert.entity, hit.row);
    uint32_t household = kNoRow;
    if (alert.entity == Entity::kHousehold) household = hit.row;
    if (alert.entity == Entity::kPerson) household = d.persons.household_row[hit.row];
    if (alert.entity == Entity::kElderly) {
      uint32_t person = signals.elderly_person()[hit.row];
      if (person != kNoRow) r.household_id = d.households.household_id[d.persons.household_row[person]];
      r.district = d.elderly.district[hit.row];
      r.town = d.elderly.town[hit.row];
      r.village = d.elderly.village[hit.row];
    } else {
      r.household_id = d.households.household_id[household];
      r.district = d.households.district[household];
      r.town = d.households.town[household];
      r.village = d.households.village[household];
    }
    if (alert.score >= 0 && hit.score != exec::kEmpty) r.score = Cat(hit.score);
    for (size_t s = 0; s < alert.show.size(); ++s) {
      const lang::ColumnDef& column = program.columns[alert.show[s]];
      const exec::ColumnValues& values = result.columns[alert.show[s]];
      int64_t den = values.den.empty() ? 1 : values.den[hit.row];
      if (s > 0) r.evidence += "; ";
      r.evidence += Cat(column.name, "=", FormatValue(column.type, values.num[hit.row], den));
    }
  });
  // Hits come by rule (ids in order), then row: sort each rule's rows by subject id.
  tbb::parallel_sort(records.begin(), records.end(), [](const AlertRecord& a, const AlertRecord& b) {
    return a.rule_id != b.rule_id ? a.rule_id < b.rule_id : a.subject_id < b.subject_id;
  });
  return records;
}

std::vector<EntitlementRecord> EntitlementRecords(const lang::Program& program, const Dataset& d,
                                                  const exec::RunResult& result) {
  std::vector<EntitlementRecord> records(result.entitlements.size());
  tbb::parallel_for(size_t{0}, result.entitlements.size(), [&](size_t i) {
    const exec::EntitlementRow& row = result.entitlements[i];
    const lang::EntitlementDef& def = program.entitlements[row.entitlement];
    EntitlementRecord& r = records[i];
    r.subject_kind = SubjectKind(def.entity);
    r.subject_id = SubjectId(d, def.entity, row.row);
    r.kind = def.kind;
    r.amount = row.amount;
    switch (def.entity) {
      case Entity::kHousehold:
        r.district = d.households.district[row.row];
        break;
      case Entity::kPerson:
        r.district = d.households.district[d.persons.household_row[row.row]];
        break;
      default:
        r.district = d.elderly.district[row.row];
    }
  });
  tbb::parallel_sort(records.begin(), records.end(), [](const EntitlementRecord& a, const EntitlementRecord& b) {
    if (a.subject_kind != b.subject_kind) return a.subject_kind < b.subject_kind;
    if (a.subject_id != b.subject_id) return a.subject_id < b.subject_id;
    return a.kind < b.kind;
  });
  return records;
}

}  // namespace safetynet::monitor
