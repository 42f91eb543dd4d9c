#include "engine/table/links.h"

namespace safetynet {

Place PlaceOf(const Dataset& data, Entity entity, uint32_t row) {
  if (entity == Entity::kElderly) {
    const ElderlyTable& e = data.elderly;
    return {e.district[row], e.town[row], e.village[row], e.area[row]};
  }
  const HouseholdTable& h = data.households;
  const uint32_t household = HouseholdOf(data, entity, row);
  return {h.district[household], h.town[household], h.village[household], h.area[household]};
}

Area AreaOf(const Dataset& data, Entity entity, uint32_t row) {
  return entity == Entity::kElderly ? data.elderly.area[row]
                                    : data.households.area[HouseholdOf(data, entity, row)];
}

uint32_t HouseholdOf(const Dataset& data, Entity entity, uint32_t row) {
  switch (entity) {
    case Entity::kHousehold:
      return row;
    case Entity::kPerson:
      return data.persons.household_row[row];
    case Entity::kElderly: {
      const uint32_t person = data.elderly_person_row[row];
      return person == kNoRow ? kNoRow : data.persons.household_row[person];
    }
    case Entity::kSignal:
      break;
  }
  return kNoRow;
}

}  // namespace safetynet
