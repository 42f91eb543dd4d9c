#include "engine/monitor/records.h"

#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <numeric>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/text.h"
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

// Sort keys that order subjects as their ids order as text: a resident id's
// packed form already does; households get their rank by id.
struct SubjectKeys {
  explicit SubjectKeys(const Dataset& d) : household_rank(d.households.size()) {
    std::vector<uint32_t> order(d.households.size());
    std::iota(order.begin(), order.end(), 0);
    tbb::parallel_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return d.households.household_id[a] < d.households.household_id[b];
    });
    for (uint32_t rank = 0; rank < order.size(); ++rank) household_rank[order[rank]] = rank;
  }
  uint64_t Key(const Dataset& d, Entity entity, uint32_t row) const {
    switch (entity) {
      case Entity::kHousehold:
        return household_rank[row];
      case Entity::kPerson:
        return d.persons.person_id[row];
      default:
        return d.elderly.person_id[row];
    }
  }
  std::vector<uint32_t> household_rank;
};

struct SortKey {
  uint64_t major;  // alert or (subject kind, entitlement kind) order
  uint64_t subject;
  uint32_t index;  // into the hits or entitlement rows
  uint32_t minor;
  bool operator<(const SortKey& other) const {
    if (major != other.major) return major < other.major;
    if (subject != other.subject) return subject < other.subject;
    return minor < other.minor;
  }
};

}  // namespace

std::vector<AlertRecord> AlertRecords(const lang::Program& program, const Dataset& d,
                                      const SignalIndex& signals, const exec::RunResult& result) {
  static constexpr std::string_view kSeverity[] = {"LOW", "MEDIUM", "HIGH"};
  // Order by rule id (alerts are numbered in id order), then subject id.
  SubjectKeys keys(d);
  std::vector<SortKey> order(result.hits.size());
  tbb::parallel_for(size_t{0}, result.hits.size(), [&](size_t i) {
    const exec::AlertHit& hit = result.hits[i];
    order[i] = {static_cast<uint64_t>(hit.alert),
                keys.Key(d, program.alerts[hit.alert].entity, hit.row), static_cast<uint32_t>(i),
                0};
  });
  tbb::parallel_sort(order.begin(), order.end());
  std::vector<AlertRecord> records(result.hits.size());
  tbb::parallel_for(size_t{0}, result.hits.size(), [&](size_t i) {
    const exec::AlertHit& hit = result.hits[order[i].index];
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
      if (person != kNoRow)
        r.household_id = d.households.household_id[d.persons.household_row[person]];
      r.district = d.elderly.district[hit.row];
      r.town = d.elderly.town[hit.row];
      r.village = d.elderly.village[hit.row];
    } else {
      r.household_id = d.households.household_id[household];
      r.district = d.households.district[household];
      r.town = d.households.town[household];
      r.village = d.households.village[household];
    }
    if (alert.score >= 0 && hit.score != kEmpty) r.score = Cat(hit.score);
    r.evidence.reserve(24 * alert.show.size());
    for (size_t s = 0; s < alert.show.size(); ++s) {
      const lang::ColumnDef& column = program.columns[alert.show[s]];
      const exec::ColumnValues& values = result.columns[alert.show[s]];
      int64_t den = values.den.empty() ? 1 : values.den[hit.row];
      if (s > 0) r.evidence += "; ";
      r.evidence += column.name;
      r.evidence += '=';
      AppendValue(r.evidence, column.type, values.num[hit.row], den);
    }
  });
  return records;
}

std::vector<EntitlementRecord> EntitlementRecords(const lang::Program& program, const Dataset& d,
                                                  const exec::RunResult& result) {
  // Order by subject kind, subject id, kind -- as text.
  SubjectKeys keys(d);
  std::vector<uint32_t> kind_rank(program.entitlements.size());
  {
    std::vector<uint32_t> by_kind(program.entitlements.size());
    std::iota(by_kind.begin(), by_kind.end(), 0);
    std::sort(by_kind.begin(), by_kind.end(), [&](uint32_t a, uint32_t b) {
      return program.entitlements[a].kind < program.entitlements[b].kind;
    });
    for (uint32_t rank = 0; rank < by_kind.size(); ++rank) kind_rank[by_kind[rank]] = rank;
  }
  auto kind_order = [](Entity entity) -> uint64_t {  // ELDERLY < HOUSEHOLD < PERSON
    return entity == Entity::kElderly ? 0 : entity == Entity::kHousehold ? 1 : 2;
  };
  std::vector<SortKey> order(result.entitlements.size());
  tbb::parallel_for(size_t{0}, result.entitlements.size(), [&](size_t i) {
    const exec::EntitlementRow& row = result.entitlements[i];
    Entity entity = program.entitlements[row.entitlement].entity;
    order[i] = {kind_order(entity), keys.Key(d, entity, row.row), static_cast<uint32_t>(i),
                kind_rank[row.entitlement]};
  });
  tbb::parallel_sort(order.begin(), order.end());
  std::vector<EntitlementRecord> records(result.entitlements.size());
  tbb::parallel_for(size_t{0}, result.entitlements.size(), [&](size_t i) {
    const exec::EntitlementRow& row = result.entitlements[order[i].index];
    const lang::EntitlementDef& def = program.entitlements[row.entitlement];
    EntitlementRecord& r = records[i];
    r.entity = def.entity;
    r.row = row.row;
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
  return records;
}

}  // namespace safetynet::monitor
