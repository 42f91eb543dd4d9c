// Who an output row is about: the subject kind as written (HOUSEHOLD,
// PERSON, ELDERLY), its id as text, and a sort key that orders the subjects
// of one kind as their ids order as text (where it lives: PlaceOf in
// engine/table/links.h). Pure; thread-safe once built.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/program.h"
#include "engine/table/dataset.h"
#include "engine/table/links.h"  // PlaceOf, HouseholdOf

namespace safetynet::monitor {

std::string_view SubjectKind(lang::Entity entity);  // HOUSEHOLD, PERSON, ELDERLY

// The subject's id: a household id, or a resident id in its 18 characters.
std::string SubjectId(const Dataset& data, lang::Entity entity, uint32_t row);
// The same, appended to `out`.
void AppendSubjectId(std::string& out, const Dataset& data, lang::Entity entity, uint32_t row);

// Sort keys for the subjects of a data set: a resident id's packed form
// already sorts as its text; households get their rank by id.
class SubjectKeys {
 public:
  explicit SubjectKeys(const Dataset& data);
  uint64_t Key(lang::Entity entity, uint32_t row) const;

 private:
  const Dataset& data_;
  std::vector<uint32_t> household_rank_;
};

}  // namespace safetynet::monitor
