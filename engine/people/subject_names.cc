#include "engine/people/subject_names.h"

#include "engine/common/status.h"
#include "engine/monitor/subjects.h"

namespace safetynet::people {

absl::StatusOr<SubjectNames> SubjectNames::Read(const OpenSnapshot& snapshot) {
  static constexpr ColumnName kColumns[] = {{Entity::kHousehold, "household_id"},
                                            {Entity::kPerson, "person_id"},
                                            {Entity::kPerson, "household_row"},
                                            {Entity::kPerson, "name"},
                                            {Entity::kPerson, "relation"},
                                            {Entity::kElderly, "person_id"},
                                            {Entity::kElderly, "name"}};
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> d, ReadSnapshotColumns(snapshot, kColumns));
  SubjectNames names;
  const size_t persons = d->persons.name.size();
  for (uint32_t row = 0; row < persons; ++row) {
    const std::string_view name = d->persons.name[row];
    names.persons_.emplace(monitor::SubjectId(*d, lang::Entity::kPerson, row), name);
    const uint32_t household = d->persons.household_row[row];
    if (household >= d->households.household_id.size()) continue;
    // The head's name, else the first member's.
    auto [it, inserted] =
        names.households_.try_emplace(std::string(d->households.household_id[household]), name);
    if (!inserted && d->persons.relation[row] == Relation::kHead) it->second = name;
  }
  for (uint32_t row = 0; row < d->elderly.name.size(); ++row) {
    names.elderly_.emplace(monitor::SubjectId(*d, lang::Entity::kElderly, row),
                           d->elderly.name[row]);
  }
  return names;
}

std::string SubjectNames::Of(std::string_view kind, std::string_view id) const {
  const auto& names = kind == "HOUSEHOLD" ? households_ : kind == "PERSON" ? persons_ : elderly_;
  auto found = names.find(std::string(id));
  return found == names.end() ? std::string() : found->second;
}

}  // namespace safetynet::people
