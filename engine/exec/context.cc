#include "engine/exec/context.h"

#include "engine/table/links.h"

namespace safetynet::exec {

std::vector<const ColumnValues*> ColumnPointers(const std::vector<ColumnValues>& columns) {
  std::vector<const ColumnValues*> pointers;
  pointers.reserve(columns.size());
  for (const ColumnValues& column : columns) pointers.push_back(&column);
  return pointers;
}

bool EvalContext::Rural(lang::Entity entity, uint32_t row) const {
  return AreaOf(data, entity, row) == Area::kRural;
}

uint32_t EvalContext::ElderlyHousehold(uint32_t elderly_row) const {
  return HouseholdOf(data, Entity::kElderly, elderly_row);
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
