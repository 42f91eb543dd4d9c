#include "engine/exec/context.h"

namespace safetynet::exec {

EvalContext::EvalContext(const lang::Program& p, const Dataset& d, const SignalIndex& s,
                         const lang::ResolvedStandards& r, Days as_of_date,
                         std::vector<ColumnValues>& frame)
    : program(p), data(d), signals(s), standards(r), as_of(as_of_date), columns(frame) {
  const HouseholdTable& h = d.households;
  rural[0].resize(h.size());
  for (size_t i = 0; i < h.size(); ++i) rural[0][i] = h.area[i] == Area::kRural;
  rural[1].resize(d.persons.size());
  for (size_t i = 0; i < d.persons.size(); ++i) rural[1][i] = rural[0][d.persons.household_row[i]];
  rural[2].resize(d.elderly.size());
  for (size_t i = 0; i < d.elderly.size(); ++i) rural[2][i] = d.elderly.area[i] == Area::kRural;
  elderly_household.resize(d.elderly.size());
  for (size_t i = 0; i < d.elderly.size(); ++i) {
    uint32_t person = s.elderly_person()[i];
    elderly_household[i] = person == kNoRow ? kNoRow : d.persons.household_row[person];
  }
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
