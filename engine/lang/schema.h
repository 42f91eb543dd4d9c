// What the rule language knows of the data: the entities (household,
// person, elderly, signal) and the fields rules may read, with their types.
// Both come from the data model (engine/table/model.h): every column
// declared with kRuleField is a field, of the type its kind gives. The field
// values themselves are read by engine/exec. Static tables; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/lang/types.h"
#include "engine/table/model.h"

namespace safetynet::lang {

using ::safetynet::Entity;
using ::safetynet::EntityName;
using ::safetynet::EntityNamed;
using ::safetynet::kEntityCount;

// A field's number: its index in Fields().
enum class Field : uint16_t {};

struct FieldInfo {
  Field field;
  Entity entity;
  std::string_view name;  // the column's name
  Type type;              // a signal's amount is money here, int for PROPERTY signals
  ColumnKind kind;
};

// Every field, entity by entity in Entity order, each entity's in column order.
std::span<const FieldInfo> Fields();
const FieldInfo& FieldOf(Field field);
std::optional<FieldInfo> FindField(Entity entity, std::string_view name);
std::vector<std::string_view> FieldNames(Entity entity);

}  // namespace safetynet::lang
