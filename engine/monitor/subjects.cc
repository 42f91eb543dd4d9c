#include "engine/monitor/subjects.h"

#include <oneapi/tbb/parallel_sort.h>

#include <numeric>

#include "engine/common/resident_id.h"

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

std::string SubjectId(const Dataset& d, Entity entity, uint32_t row) {
  std::string id;
  AppendSubjectId(id, d, entity, row);
  return id;
}

void AppendSubjectId(std::string& out, const Dataset& d, Entity entity, uint32_t row) {
  if (entity == Entity::kHousehold) {
    out += d.households.household_id[row];
    return;
  }
  const size_t at = out.size();
  out.resize(at + 18);
  FormatResidentId(entity == Entity::kPerson ? d.persons.person_id[row] : d.elderly.person_id[row],
                   out.data() + at);
}

SubjectKeys::SubjectKeys(const Dataset& d) : data_(d), household_rank_(d.households.size()) {
  std::vector<uint32_t> order(d.households.size());
  std::iota(order.begin(), order.end(), 0);
  tbb::parallel_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return d.households.household_id[a] < d.households.household_id[b];
  });
  for (uint32_t rank = 0; rank < order.size(); ++rank) household_rank_[order[rank]] = rank;
}

uint64_t SubjectKeys::Key(Entity entity, uint32_t row) const {
  switch (entity) {
    case Entity::kHousehold:
      return household_rank_[row];
    case Entity::kPerson:
      return data_.persons.person_id[row];
    default:
      return data_.elderly.person_id[row];
  }
}

}  // namespace safetynet::monitor
