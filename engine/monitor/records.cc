#include "engine/monitor/records.h"

#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <numeric>

#include "engine/monitor/value_format.h"

namespace safetynet::monitor {

using lang::Entity;

namespace {

struct SortKey {
  uint64_t major;  // subject kind order
  uint64_t subject;
  uint32_t index;  // into the entitlement rows
  uint32_t minor;  // entitlement kind order
  bool operator<(const SortKey& other) const {
    if (major != other.major) return major < other.major;
    if (subject != other.subject) return subject < other.subject;
    return minor < other.minor;
  }
};

}  // namespace

std::vector<EntitlementRecord> EntitlementRecords(const lang::Program& program, const Dataset& d,
                                                  const SubjectKeys& keys,
                                                  const exec::RunResult& result,
                                                  bool with_reasons) {
  // Order by subject kind, subject id, kind -- as text.
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
  // Built in the evaluation's order (by entitlement, then row: the data are
  // read front to back), then sorted.
  const size_t count = result.entitlements.size();
  std::vector<SortKey> order(count);
  std::vector<EntitlementRecord> built(count);
  tbb::parallel_for(size_t{0}, count, [&](size_t i) {
    const exec::EntitlementRow& row = result.entitlements[i];
    const lang::EntitlementDef& def = program.entitlements[row.entitlement];
    order[i] = {kind_order(def.entity), keys.Key(def.entity, row.row), static_cast<uint32_t>(i),
                kind_rank[row.entitlement]};
    EntitlementRecord& r = built[i];
    r.entity = def.entity;
    r.row = row.row;
    r.subject_kind = SubjectKind(def.entity);
    r.subject_id = SubjectId(d, def.entity, row.row);
    r.kind = def.kind;
    r.amount = row.amount;
    r.district = PlaceOf(d, def.entity, row.row).district;
    r.label = def.label;
    if (with_reasons) AppendReason(r.reason, program, def.reason, result, row.row);
  });
  tbb::parallel_sort(order.begin(), order.end());
  std::vector<EntitlementRecord> records(count);
  tbb::parallel_for(size_t{0}, count,
                    [&](size_t i) { records[i] = std::move(built[order[i].index]); });
  return records;
}

}  // namespace safetynet::monitor
