#include "engine/lang/schema.h"

namespace safetynet::lang {
namespace {

constexpr Entity H = Entity::kHousehold, P = Entity::kPerson, E = Entity::kElderly,
                 S = Entity::kSignal;

const FieldInfo kFields[] = {
    {Field::kHouseholdDistrict, H, "district", Type::Int()},
    {Field::kHouseholdArea, H, "area", Type::Code(CodeSet::kArea)},
    {Field::kCategory, H, "category", Type::Code(CodeSet::kCategory)},
    {Field::kTekunMode, H, "tekun_mode", Type::Code(CodeSet::kTekunMode)},
    {Field::kEnrolledDate, H, "enrolled_date", Type::Date()},
    {Field::kCurrentPayment, H, "current_payment", Type::Money()},
    {Field::kSex, P, "sex", Type::Code(CodeSet::kSex)},
    {Field::kPersonBirthDate, P, "birth_date", Type::Date()},
    {Field::kRelation, P, "relation", Type::Code(CodeSet::kRelation)},
    {Field::kDisabilityGrade, P, "disability_grade", Type::Int()},
    {Field::kSelfCare, P, "self_care", Type::Code(CodeSet::kSelfCare)},
    {Field::kSeriousIllness, P, "serious_illness", Type::Bool()},
    {Field::kStudent, P, "student", Type::Bool()},
    {Field::kDeclaredIncome, P, "declared_income", Type::Money()},
    {Field::kChildStatus, P, "child_status", Type::Code(CodeSet::kChildStatus)},
    {Field::kElderlyBirthDate, E, "birth_date", Type::Date()},
    {Field::kElderlyDistrict, E, "district", Type::Int()},
    {Field::kElderlyArea, E, "area", Type::Code(CodeSet::kArea)},
    {Field::kLiving, E, "living", Type::Code(CodeSet::kLiving)},
    {Field::kAbilityLevel, E, "ability_level", Type::Int()},
    {Field::kShidu, E, "shidu", Type::Bool()},
    {Field::kPension, E, "pension", Type::Money()},
    {Field::kAgeAllowance, E, "age_allowance", Type::Bool()},
    {Field::kLastVisit, E, "last_visit", Type::Date()},
    {Field::kSignalType, S, "type", Type::Code(CodeSet::kSignalType)},
    {Field::kEventDate, S, "event_date", Type::Date()},
    {Field::kAmount, S, "amount", Type::Money()},  // PROPERTY: int (housing units)
    {Field::kInpatient, S, "inpatient", Type::Bool()},
};

}  // namespace

std::string_view EntityName(Entity entity) {
  static constexpr std::string_view kNames[] = {"household", "person", "elderly", "signal"};
  return kNames[static_cast<int>(entity)];
}

std::optional<Entity> EntityNamed(std::string_view name) {
  for (int e = 0; e < kEntityCount; ++e) {
    if (EntityName(static_cast<Entity>(e)) == name) return static_cast<Entity>(e);
  }
  return std::nullopt;
}

std::span<const FieldInfo> Fields() { return kFields; }

std::optional<FieldInfo> FindField(Entity entity, std::string_view name) {
  for (const FieldInfo& info : kFields) {
    if (info.entity == entity && info.name == name) return info;
  }
  return std::nullopt;
}

std::vector<std::string_view> FieldNames(Entity entity) {
  std::vector<std::string_view> names;
  for (const FieldInfo& info : kFields) {
    if (info.entity == entity) names.push_back(info.name);
  }
  return names;
}

}  // namespace safetynet::lang
