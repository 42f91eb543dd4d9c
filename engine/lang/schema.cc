#include "engine/lang/schema.h"

namespace safetynet::lang {
namespace {

// The rules' type of a column rules may read (StorageFits keeps the others out).
Type RuleType(const ColumnInfo& column) {
  switch (column.kind) {
    case ColumnKind::kCode:
      return Type::Code(column.codes);
    case ColumnKind::kFlag:
      return Type::Bool();
    case ColumnKind::kMoney:
    case ColumnKind::kSignalAmount:
      return Type::Money();
    case ColumnKind::kDate:
    case ColumnKind::kBirthDate:
      return Type::Date();
    case ColumnKind::kDistrict:
    case ColumnKind::kDigit:
    case ColumnKind::kText:
    case ColumnKind::kResidentId:
    case ColumnKind::kHouseholdRow:
    case ColumnKind::kRejectedRows:
      break;
  }
  return Type::Int();
}

std::vector<FieldInfo> MakeFields() {
  std::vector<FieldInfo> fields;
  for (int e = 0; e < kEntityCount; ++e) {
    const auto entity = static_cast<Entity>(e);
    for (const ColumnInfo& column : ColumnsOf(entity)) {
      if (!column.rule_field()) continue;
      fields.push_back(
          {static_cast<Field>(fields.size()), entity, column.name, RuleType(column), column.kind});
    }
  }
  return fields;
}

}  // namespace

std::span<const FieldInfo> Fields() {
  static const std::vector<FieldInfo> fields = MakeFields();
  return fields;
}

const FieldInfo& FieldOf(Field field) { return Fields()[static_cast<size_t>(field)]; }

std::optional<FieldInfo> FindField(Entity entity, std::string_view name) {
  for (const FieldInfo& info : Fields()) {
    if (info.entity == entity && info.name == name) return info;
  }
  return std::nullopt;
}

std::vector<std::string_view> FieldNames(Entity entity) {
  std::vector<std::string_view> names;
  for (const FieldInfo& info : Fields()) {
    if (info.entity == entity) names.push_back(info.name);
  }
  return names;
}

}  // namespace safetynet::lang
