// The links between the tables: a subject's household (an elderly
// resident's through the person record with the same resident id, if any)
// and a subject's place. Read from a Dataset's tables and indexes
// (BuildIndexes); pure, thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/table/dataset.h"

namespace safetynet {

// Where a subject lives: an elderly resident where the elderly record says,
// a household or a person where the household is. The texts are views into
// the dataset.
struct Place {
  int32_t district = 0;  // the 6-digit code
  std::string_view town, village;
  Area area = Area::kUrban;
};

// `entity` is kHousehold, kPerson or kElderly; `row` a row of its table.
Place PlaceOf(const Dataset& data, Entity entity, uint32_t row);

// PlaceOf(...).area alone, for loops over rows.
Area AreaOf(const Dataset& data, Entity entity, uint32_t row);

// The subject's household row: its own, a person's, or an elderly resident's
// person record's; kNoRow for an elderly resident with no person record.
uint32_t HouseholdOf(const Dataset& data, Entity entity, uint32_t row);

}  // namespace safetynet
