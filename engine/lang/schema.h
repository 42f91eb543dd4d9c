// What the rule language knows of the data: the entities (household,
// person, elderly, signal), their fields and the fields' types. The field
// values themselves are read by engine/exec. Static tables; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/lang/types.h"

namespace safetynet::lang {

enum class Entity : uint8_t { kHousehold = 0, kPerson = 1, kElderly = 2, kSignal = 3 };
inline constexpr int kEntityCount = 4;

std::string_view EntityName(Entity entity);  // "household", ...
std::optional<Entity> EntityNamed(std::string_view name);

enum class Field : uint8_t {
  // household
  kHouseholdDistrict,
  kHouseholdArea,
  kCategory,
  kTekunMode,
  kEnrolledDate,
  kCurrentPayment,
  // person
  kSex,
  kPersonBirthDate,
  kRelation,
  kDisabilityGrade,
  kSelfCare,
  kSeriousIllness,
  kStudent,
  kDeclaredIncome,
  kChildStatus,
  // elderly
  kElderlyBirthDate,
  kElderlyDistrict,
  kElderlyArea,
  kLiving,
  kAbilityLevel,
  kShidu,
  kPension,
  kAgeAllowance,
  kLastVisit,
  // signal
  kSignalType,
  kEventDate,
  kAmount,
  kInpatient,
};

struct FieldInfo {
  Field field;
  Entity entity;
  std::string_view name;
  Type type;
};

std::span<const FieldInfo> Fields();
std::optional<FieldInfo> FindField(Entity entity, std::string_view name);
std::vector<std::string_view> FieldNames(Entity entity);

}  // namespace safetynet::lang
