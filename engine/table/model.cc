#include "engine/table/model.h"

namespace safetynet {
namespace {

constexpr std::string_view kEntityNames[] = {"household", "person", "elderly", "signal"};
constexpr std::string_view kTableNames[] = {"households", "persons", "elderly", "signals"};

#define SAFETYNET_COLUMN_INFO(name, Element, info) Named(#name, info),
constexpr ColumnInfo kHouseholdColumns[] = {SAFETYNET_HOUSEHOLD_COLUMNS(SAFETYNET_COLUMN_INFO)};
constexpr ColumnInfo kPersonColumns[] = {SAFETYNET_PERSON_COLUMNS(SAFETYNET_COLUMN_INFO)};
constexpr ColumnInfo kElderlyColumns[] = {SAFETYNET_ELDERLY_COLUMNS(SAFETYNET_COLUMN_INFO)};
constexpr ColumnInfo kSignalColumns[] = {SAFETYNET_SIGNAL_COLUMNS(SAFETYNET_COLUMN_INFO)};
#undef SAFETYNET_COLUMN_INFO

}  // namespace

std::span<const ColumnInfo> ColumnsOf(Entity entity) {
  switch (entity) {
    case Entity::kHousehold:
      return kHouseholdColumns;
    case Entity::kPerson:
      return kPersonColumns;
    case Entity::kElderly:
      return kElderlyColumns;
    case Entity::kSignal:
      break;
  }
  return kSignalColumns;
}

std::string_view EntityName(Entity entity) { return kEntityNames[static_cast<int>(entity)]; }

std::string_view TableName(Entity entity) { return kTableNames[static_cast<int>(entity)]; }

std::optional<Entity> EntityNamed(std::string_view name) {
  for (int e = 0; e < kEntityCount; ++e) {
    if (kEntityNames[e] == name) return static_cast<Entity>(e);
  }
  return std::nullopt;
}

}  // namespace safetynet
