// The data model, declared once: the four tables (households, their members,
// elderly residents at home, signals of other departments), each column's
// name, storage and ColumnInfo (engine/table/column_info.h), and the
// entities rules speak of. Everything that handles columns is driven by
// these lists: the tables' members (dataset.h), the importer and exporter of
// the exchange files (engine/io/import_tables.cc, exchange_export.cc), the
// snapshot writer and readers (engine/io/snapshot_columns.h: each column is
// the snapshot.proto field of the same name, so a column without its proto
// field does not compile), the rule schema (engine/lang/schema.cc) and the
// evaluator's field access (engine/exec/fields.cc).
//
// To add a column: one line in its table's list below, and the field of the
// same name in proto/safetynet/snapshot.proto. Columns are in exchange-file
// order; the order is also the snapshot's and the rules' field order. The
// rejected_* columns come last: they are not in the exchange files but
// counted by the importer (rows rejected that name the record: a member row
// its household, a signal, elderly or member row the resident whose id can
// still be read; docs/import.md).
//
// Each list is X(name, element type, ColumnInfo); the element type is
// checked against the kind at compile time (StorageFits).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "engine/table/column_info.h"

namespace safetynet {

// clang-format off
#define SAFETYNET_HOUSEHOLD_COLUMNS(X)                                              \
  X(household_id,    std::string_view, TextColumn(kRequired | kUnique, 32))         \
  X(district,        int32_t,          DistrictColumn(kRequired | kRuleField))      \
  X(town,            std::string_view, TextColumn(kRequired))                       \
  X(village,         std::string_view, TextColumn(kRequired))                       \
  X(area,            Area,             CodeColumn(CodeSet::kArea, kRequired | kRuleField))     \
  X(category,        Category,         CodeColumn(CodeSet::kCategory, kRequired | kRuleField)) \
  X(tekun_mode,      TekunMode,        CodeColumn(CodeSet::kTekunMode, kRuleField)) \
  X(enrolled_date,   Days,             DateColumn(kRuleField))                      \
  X(current_payment, Fen,              MoneyColumn(kRequired | kRuleField))         \
  X(rejected_member_rows, uint32_t,    RejectedRowsColumn())

// Persons are stored grouped by household, in household order.
#define SAFETYNET_PERSON_COLUMNS(X)                                                 \
  X(person_id,        PackedId,         ResidentIdColumn(kRequired | kUnique))      \
  X(household_row,    uint32_t,         HouseholdRowColumn(kRequired))              \
  X(name,             std::string_view, TextColumn(kRequired))                      \
  X(sex,              Sex,              CodeColumn(CodeSet::kSex, kRequired | kRuleField))           \
  X(birth_date,       Days,             BirthDateColumn(kRequired | kRuleField))    \
  X(relation,         Relation,         CodeColumn(CodeSet::kRelation, kRequired | kRuleField))      \
  X(disability_grade, uint8_t,          DigitColumn(4, kRuleField))                 \
  X(self_care,        SelfCare,         CodeColumn(CodeSet::kSelfCare, kRuleField)) \
  X(serious_illness,  uint8_t,          FlagColumn(kRuleField))                     \
  X(student,          uint8_t,          FlagColumn(kRuleField))                     \
  X(declared_income,  Fen,              MoneyColumn(kRequired | kRuleField))        \
  X(child_status,     ChildStatus,      CodeColumn(CodeSet::kChildStatus, kRuleField)) \
  X(rejected_signal_rows,   uint32_t,   RejectedRowsColumn())                     \
  X(rejected_death_reports, uint32_t,   RejectedRowsColumn())                     \
  X(rejected_elderly_rows,  uint32_t,   RejectedRowsColumn())                     \
  X(rejected_person_rows,   uint32_t,   RejectedRowsColumn())

#define SAFETYNET_ELDERLY_COLUMNS(X)                                                \
  X(person_id,     PackedId,         ResidentIdColumn(kRequired | kUnique))         \
  X(name,          std::string_view, TextColumn(kRequired))                         \
  X(birth_date,    Days,             BirthDateColumn(kRequired | kRuleField))       \
  X(district,      int32_t,          DistrictColumn(kRequired | kRuleField))        \
  X(town,          std::string_view, TextColumn(kRequired))                         \
  X(village,       std::string_view, TextColumn(kRequired))                         \
  X(area,          Area,             CodeColumn(CodeSet::kArea, kRequired | kRuleField))   \
  X(living,        Living,           CodeColumn(CodeSet::kLiving, kRequired | kRuleField)) \
  X(ability_level, uint8_t,          DigitColumn(4, kRequired | kRuleField))        \
  X(shidu,         uint8_t,          FlagColumn(kRuleField))                        \
  X(pension,       Fen,              MoneyColumn(kRequired | kRuleField))           \
  X(age_allowance, uint8_t,          FlagColumn(kRuleField))                        \
  X(last_visit,    Days,             DateColumn(kRuleField))                        \
  X(rejected_signal_rows,   uint32_t, RejectedRowsColumn())                         \
  X(rejected_death_reports, uint32_t, RejectedRowsColumn())                         \
  X(rejected_elderly_rows,  uint32_t, RejectedRowsColumn())                         \
  X(rejected_person_rows,   uint32_t, RejectedRowsColumn())

#define SAFETYNET_SIGNAL_COLUMNS(X)                                                 \
  X(signal_id,  std::string_view, TextColumn(kRequired | kUnique, 64))              \
  X(source,     std::string_view, TextColumn(kRequired, 64))                        \
  X(type,       SignalType,       CodeColumn(CodeSet::kSignalType, kRequired | kRuleField)) \
  X(person_id,  PackedId,         ResidentIdColumn(kRequired))                      \
  X(event_date, Days,             DateColumn(kRequired | kRuleField))               \
  X(amount,     int64_t,          SignalAmountColumn(kRuleField))                   \
  X(inpatient,  uint8_t,          FlagColumn(kRuleField))                           \
  X(detail,     std::string_view, TextColumn(kOptional))
// clang-format on

// The entities rules speak of, one per table, in table order.
enum class Entity : uint8_t { kHousehold = 0, kPerson = 1, kElderly = 2, kSignal = 3 };
inline constexpr int kEntityCount = 4;

std::string_view EntityName(Entity entity);  // "household", ...
std::optional<Entity> EntityNamed(std::string_view name);
std::string_view TableName(Entity entity);  // "households", "persons", "elderly", "signals"

// The declared columns of an entity's table, in order.
std::span<const ColumnInfo> ColumnsOf(Entity entity);

}  // namespace safetynet
