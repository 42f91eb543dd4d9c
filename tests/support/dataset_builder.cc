#include "tests/support/dataset_builder.h"

#include <cstdio>
#include <stdexcept>

namespace safetynet::testing {

PackedId DatasetBuilder::NewId(Days birth) {
  CivilDate b = CivilFromDays(birth);
  char digits[48];
  std::snprintf(digits, sizeof digits, "371002%04d%02d%02d%03d", b.year, b.month, b.day,
                ++sequence_ % 1000);
  int check = ResidentIdCheck(digits);
  std::string id = std::string(digits) + "0123456789X"[check];
  return ParseResidentId(id).packed;
}

uint32_t DatasetBuilder::Household(const std::string& id, Category category, Area area, Fen payment,
                                   int32_t district, std::string_view town) {
  HouseholdTable& h = d_->households;
  h.household_id.push_back(id);
  h.district.push_back(district);
  h.town.push_back(town);
  h.village.push_back("光明社区");
  h.area.push_back(area);
  h.category.push_back(category);
  h.tekun_mode.push_back(category == Category::kTekun ? TekunMode::kDispersed : TekunMode::kNone);
  h.enrolled_date.push_back(kNoDate);
  h.current_payment.push_back(payment);
  return static_cast<uint32_t>(h.size() - 1);
}

PackedId DatasetBuilder::Person(const PersonSpec& spec) {
  if (d_->households.size() == 0) throw std::logic_error("add a household first");
  PersonTable& p = d_->persons;
  PackedId id = NewId(spec.birth);
  p.person_id.push_back(id);
  p.household_row.push_back(static_cast<uint32_t>(d_->households.size() - 1));
  p.name.push_back("测试");
  p.sex.push_back(Sex::kFemale);
  p.birth_date.push_back(spec.birth);
  p.relation.push_back(Relation::kHead);
  p.disability_grade.push_back(spec.disability_grade);
  p.self_care.push_back(spec.self_care);
  p.serious_illness.push_back(spec.serious_illness);
  p.student.push_back(0);
  p.declared_income.push_back(spec.declared_income);
  p.child_status.push_back(spec.child_status);
  return id;
}

PackedId DatasetBuilder::Elderly(const ElderlySpec& spec) {
  ElderlyTable& e = d_->elderly;
  PackedId id = spec.id ? spec.id : NewId(spec.birth);
  e.person_id.push_back(id);
  e.name.push_back("测试");
  e.birth_date.push_back(spec.birth);
  e.district.push_back(spec.district);
  e.town.push_back("竹岛街道");
  e.village.push_back("光明社区");
  e.area.push_back(spec.area);
  e.living.push_back(spec.living);
  e.ability_level.push_back(spec.ability_level);
  e.shidu.push_back(spec.shidu);
  e.pension.push_back(spec.pension);
  e.age_allowance.push_back(spec.age_allowance);
  e.last_visit.push_back(spec.last_visit);
  return id;
}

void DatasetBuilder::Signal(PackedId person, SignalType type, Days date, int64_t amount,
                            bool inpatient) {
  SignalTable& s = d_->signals;
  s.signal_id.push_back("S" + std::to_string(s.size() + 1));
  s.source.push_back("TEST");
  s.type.push_back(type);
  s.person_id.push_back(person);
  s.event_date.push_back(date);
  s.amount.push_back(amount);
  s.inpatient.push_back(inpatient);
  s.detail.push_back("");
}

std::unique_ptr<Dataset> DatasetBuilder::Build() {
  ForEachTable(*d_, [](Entity, auto& table) { PadColumns(table); });  // columns not set above
  if (!BuildIndexes(*d_).ok()) throw std::logic_error("inconsistent test data");
  return std::move(d_);
}

}  // namespace safetynet::testing
