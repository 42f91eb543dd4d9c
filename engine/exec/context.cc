#include "engine/exec/context.h"

namespace safetynet::exec {

std::vector<const ColumnValues*> ColumnPointers(const std::vector<ColumnValues>& columns) {
  std::vector<const ColumnValues*> pointers;
  pointers.reserve(columns.size());
  for (const ColumnValues& column : columns) pointers.push_back(&column);
  return pointers;
}

bool EvalContext::Rural(lang::Entity entity, uint32_t row) const {
  switch (entity) {
    case lang::Entity::kHousehold:
      return data.households.area[row] == Area::kRural;
    case lang::Entity::kPerson:
      return data.households.area[data.persons.household_row[row]] == Area::kRural;
    case lang::Entity::kElderly:
      return data.elderly.area[row] == Area::kRural;
    case lang::Entity::kSignal:
      break;
  }
  return false;
}

uint32_t EvalContext::ElderlyHousehold(uint32_t elderly_row) const {
  uint32_t person = signals.elderly_person()[elderly_row];
  return person == kNoRow ? kNoRow : data.persons.household_row[person];
}

size_t EvalContext::Rows(lang::Entity entity) const {
  switch (entity) {
    case lang::Entity::kHousehold:
      return data.households.size();
    case lang::Entity::kPerson:
      return data.persons.size();
    case lang::Entity::kElderly:
      return data.elderly.size();
    case lang::Entity::kSignal:
      break;
  }
  return data.signals.size();
}

}  // namespace safetynet::exec
