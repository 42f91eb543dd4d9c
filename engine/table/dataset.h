// The loaded data as columnar tables (struct of arrays): households, their
// members (persons), elderly residents and signals, plus indexes from ids to
// rows. This is what the rule engine reads.
//
// Units: money int64 fen, dates int32 days since epoch (kNoDate = empty),
// resident ids packed uint64 (engine/common/resident_id.h), codes small enums.
// Persons are stored grouped by household, in household order: household h's
// members are rows [member_begin[h], member_begin[h+1]) of `persons`.
//
// A Dataset is built once (import, snapshot load, synth) and then only read;
// concurrent reads are safe.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "engine/common/codes.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/common/resident_id.h"
#include "engine/table/model.h"
#include "engine/table/string_column.h"

namespace safetynet {

// A row number that stands for "no row".
inline constexpr uint32_t kNoRow = UINT32_MAX;

// A column's storage: texts in a StringColumn, everything else in a vector.
template <typename Element>
using ColumnOf = std::conditional_t<std::is_same_v<Element, std::string_view>, StringColumn,
                                    std::vector<Element>>;

#define SAFETYNET_DECLARE_COLUMN(name, Element, info) \
  ColumnOf<Element> name;                             \
  static_assert(StorageFits<Element>(info), "column " #name ": storage does not fit its kind");

struct HouseholdTable {
  SAFETYNET_HOUSEHOLD_COLUMNS(SAFETYNET_DECLARE_COLUMN)
  std::vector<uint32_t> member_begin;  // size() + 1 entries, into PersonTable rows

  size_t size() const { return household_id.size(); }
  bool operator==(const HouseholdTable&) const = default;
};

struct PersonTable {
  SAFETYNET_PERSON_COLUMNS(SAFETYNET_DECLARE_COLUMN)

  size_t size() const { return person_id.size(); }
  bool operator==(const PersonTable&) const = default;
};

struct ElderlyTable {
  SAFETYNET_ELDERLY_COLUMNS(SAFETYNET_DECLARE_COLUMN)

  size_t size() const { return person_id.size(); }
  bool operator==(const ElderlyTable&) const = default;
};

struct SignalTable {
  SAFETYNET_SIGNAL_COLUMNS(SAFETYNET_DECLARE_COLUMN)

  size_t size() const { return person_id.size(); }
  bool operator==(const SignalTable&) const = default;
};

#undef SAFETYNET_DECLARE_COLUMN

// Calls visit(const ColumnInfo&, column) for each column of `table` (const
// or not), in declaration order; `column` is the table's StringColumn or
// std::vector. A table's derived members (member_begin) are not columns.
#define SAFETYNET_VISIT_COLUMN(name, Element, info) visit(Named(#name, info), table.name);
#define SAFETYNET_FOR_EACH_COLUMN(Table, LIST)           \
  template <typename T, typename Visit>                  \
  requires std::is_same_v<std::remove_const_t<T>, Table> \
  void ForEachColumn(T& table, Visit&& visit) { LIST(SAFETYNET_VISIT_COLUMN) }
SAFETYNET_FOR_EACH_COLUMN(HouseholdTable, SAFETYNET_HOUSEHOLD_COLUMNS)
SAFETYNET_FOR_EACH_COLUMN(PersonTable, SAFETYNET_PERSON_COLUMNS)
SAFETYNET_FOR_EACH_COLUMN(ElderlyTable, SAFETYNET_ELDERLY_COLUMNS)
SAFETYNET_FOR_EACH_COLUMN(SignalTable, SAFETYNET_SIGNAL_COLUMNS)
#undef SAFETYNET_FOR_EACH_COLUMN
#undef SAFETYNET_VISIT_COLUMN

// Gives every column of `table` shorter than its first (its key) that many
// rows, filled with empty values (kNoDate for dates, 0 or "" otherwise): for
// generators (engine/synth, tests) that do not fill a column, so that a newly
// declared column is empty rather than a table whose columns disagree.
template <typename Table>
void PadColumns(Table& table) {
  const size_t rows = table.size();
  ForEachColumn(table, [rows](const ColumnInfo& info, auto& column) {
    const bool date = info.kind == ColumnKind::kDate || info.kind == ColumnKind::kBirthDate;
    while (column.size() < rows) {
      if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::vector<Days>>) {
        column.push_back(date ? kNoDate : 0);
      } else {
        column.push_back({});
      }
    }
  });
}

// What the import made of one exchange file (docs/import.md), recorded in
// the snapshot's header and shown by `run`.
struct FileCounts {
  std::string file;  // e.g. "persons.csv"
  size_t rows = 0;   // data rows read (the header not counted); = imported + rejected
  size_t imported = 0;
  size_t rejected = 0;
  std::vector<std::pair<std::string, size_t>> rejected_by_kind;  // kind name, rows; by kind
  size_t attributed = 0;     // rejected rows that still named a household or resident
  size_t converted_ids = 0;  // imported rows whose old 15-digit id was converted (ID_CONVERTED)
  size_t accepted_ids = 0;   // imported rows whose irregular id is on --accept-ids (ID_ACCEPTED)
  std::vector<std::string> warnings;  // about the header: unknown or absent optional columns
  // What the file was read as: "UTF-8", or "GB18030", "UTF-16LE", ... (then
  // converted to UTF-8); empty if not recorded.
  std::string encoding;
  // The whole-file diagnosis (engine/io/diagnosis.h): a sentence for damage
  // a spreadsheet did to most of the file's rows in one column.
  std::vector<std::string> diagnoses;
  bool operator==(const FileCounts&) const = default;
};

struct DatasetInfo {
  Days as_of = kNoDate;
  int64_t created_unix_seconds = 0;
  std::string source;
  // Per exchange file, in file order; empty if not recorded (a snapshot not
  // written by import, or written before the record existed).
  std::vector<FileCounts> imported_files;
  bool operator==(const DatasetInfo&) const = default;
};

// The tables, in Entity order; ForEachTable visits them.
struct Dataset {
  DatasetInfo info;
  HouseholdTable households;
  PersonTable persons;
  ElderlyTable elderly;
  SignalTable signals;

  // Indexes, filled by BuildIndexes().
  absl::flat_hash_map<std::string_view, uint32_t> household_row_of;  // views into households
  absl::flat_hash_map<PackedId, uint32_t> person_row_of;
  absl::flat_hash_map<PackedId, uint32_t> elderly_row_of;
  std::vector<uint32_t> elderly_person_row;  // the person row with the same id, or kNoRow

  // Held by unique_ptr and never moved: household_row_of's keys view into
  // households.household_id.
  Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
};

// Calls visit(Entity, table) for each table of `dataset` (const or not), in
// Entity order.
template <typename D, typename Visit>
requires std::is_same_v<std::remove_const_t<D>, Dataset>
void ForEachTable(D& dataset, Visit&& visit) {
  visit(Entity::kHousehold, dataset.households);
  visit(Entity::kPerson, dataset.persons);
  visit(Entity::kElderly, dataset.elderly);
  visit(Entity::kSignal, dataset.signals);
}

// Rebuilds member_begin from persons.household_row, the id indexes and
// elderly_person_row.
// Fails (naming the problem) if a table's columns do not all have its row
// count, persons are not grouped by household in household order, a
// household_row is out of range, or an id repeats.
absl::Status BuildIndexes(Dataset& dataset);

// True if the tables (not the indexes) of a and b are equal.
bool SameTables(const Dataset& a, const Dataset& b);

}  // namespace safetynet
