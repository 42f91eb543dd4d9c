#include "engine/exec/fields.h"

#include "engine/common/exact_arithmetic.h"
#include "engine/common/huge_pages.h"

namespace safetynet::exec {
namespace {

template <typename T>
ColumnValues Widen(const std::vector<T>& values) {
  ColumnValues out;
  ReserveHuge(out.num, values.size());
  out.num.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) out.num[i] = static_cast<int64_t>(values[i]);
  return out;
}

ColumnValues Dates(const std::vector<Days>& values) {
  ColumnValues out;
  ReserveHuge(out.num, values.size());
  out.num.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) out.num[i] = values[i] == kNoDate ? kEmpty : values[i];
  return out;
}

}  // namespace

ColumnValues FieldValues(const Dataset& d, lang::Field field) {
  using F = lang::Field;
  switch (field) {
    case F::kHouseholdDistrict:
      return Widen(d.households.district);
    case F::kHouseholdArea:
      return Widen(d.households.area);
    case F::kCategory:
      return Widen(d.households.category);
    case F::kTekunMode: {
      ColumnValues out = Widen(d.households.tekun_mode);
      for (int64_t& value : out.num) value = value == 0 ? kEmpty : value;
      return out;
    }
    case F::kEnrolledDate:
      return Dates(d.households.enrolled_date);
    case F::kCurrentPayment:
      return Widen(d.households.current_payment);
    case F::kSex:
      return Widen(d.persons.sex);
    case F::kPersonBirthDate:
      return Dates(d.persons.birth_date);
    case F::kRelation:
      return Widen(d.persons.relation);
    case F::kDisabilityGrade:
      return Widen(d.persons.disability_grade);
    case F::kSelfCare:
      return Widen(d.persons.self_care);
    case F::kSeriousIllness:
      return Widen(d.persons.serious_illness);
    case F::kStudent:
      return Widen(d.persons.student);
    case F::kDeclaredIncome:
      return Widen(d.persons.declared_income);
    case F::kChildStatus:
      return Widen(d.persons.child_status);
    case F::kElderlyBirthDate:
      return Dates(d.elderly.birth_date);
    case F::kElderlyDistrict:
      return Widen(d.elderly.district);
    case F::kElderlyArea:
      return Widen(d.elderly.area);
    case F::kLiving:
      return Widen(d.elderly.living);
    case F::kAbilityLevel:
      return Widen(d.elderly.ability_level);
    case F::kShidu:
      return Widen(d.elderly.shidu);
    case F::kPension:
      return Widen(d.elderly.pension);
    case F::kAgeAllowance:
      return Widen(d.elderly.age_allowance);
    case F::kLastVisit:
      return Dates(d.elderly.last_visit);
    case F::kSignalType:
      return Widen(d.signals.type);
    case F::kEventDate:
      return Dates(d.signals.event_date);
    case F::kAmount:
      return Widen(d.signals.amount);
    case F::kInpatient:
      return Widen(d.signals.inpatient);
  }
  return {};
}

}  // namespace safetynet::exec
