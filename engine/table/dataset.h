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
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "engine/common/codes.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/common/resident_id.h"
#include "engine/table/string_column.h"

namespace safetynet {

struct HouseholdTable {
  StringColumn household_id;
  std::vector<int32_t> district;
  StringColumn town;
  StringColumn village;
  std::vector<Area> area;
  std::vector<Category> category;
  std::vector<TekunMode> tekun_mode;
  std::vector<Days> enrolled_date;
  std::vector<Fen> current_payment;
  std::vector<uint32_t> member_begin;  // size() + 1 entries, into PersonTable rows

  size_t size() const { return district.size(); }
  bool operator==(const HouseholdTable&) const = default;
};

struct PersonTable {
  std::vector<PackedId> person_id;
  std::vector<uint32_t> household_row;
  StringColumn name;
  std::vector<Sex> sex;
  std::vector<Days> birth_date;
  std::vector<Relation> relation;
  std::vector<uint8_t> disability_grade;  // 0 none, 1-4
  std::vector<SelfCare> self_care;
  std::vector<uint8_t> serious_illness;  // 0/1
  std::vector<uint8_t> student;          // 0/1
  std::vector<Fen> declared_income;
  std::vector<ChildStatus> child_status;

  size_t size() const { return person_id.size(); }
  bool operator==(const PersonTable&) const = default;
};

struct ElderlyTable {
  std::vector<PackedId> person_id;
  StringColumn name;
  std::vector<Days> birth_date;
  std::vector<int32_t> district;
  StringColumn town;
  StringColumn village;
  std::vector<Area> area;
  std::vector<Living> living;
  std::vector<uint8_t> ability_level;  // 0-4
  std::vector<uint8_t> shidu;          // 0/1
  std::vector<Fen> pension;
  std::vector<uint8_t> age_allowance;  // 0/1
  std::vector<Days> last_visit;        // kNoDate = never

  size_t size() const { return person_id.size(); }
  bool operator==(const ElderlyTable&) const = default;
};

struct SignalTable {
  StringColumn signal_id;
  StringColumn source;
  std::vector<SignalType> type;
  std::vector<PackedId> person_id;
  std::vector<Days> event_date;
  std::vector<int64_t> amount;     // fen; PROPERTY: housing units; DEATH/UNEMPLOYMENT: 0
  std::vector<uint8_t> inpatient;  // 0/1
  StringColumn detail;

  size_t size() const { return person_id.size(); }
  bool operator==(const SignalTable&) const = default;
};

struct DatasetInfo {
  Days as_of = kNoDate;
  int64_t created_unix_seconds = 0;
  std::string source;
  bool operator==(const DatasetInfo&) const = default;
};

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

  // Held by unique_ptr and never moved: household_row_of's keys view into
  // households.household_id.
  Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
};

// Rebuilds member_begin from persons.household_row and the id indexes.
// Fails (naming the problem) if persons are not grouped by household in
// household order, a household_row is out of range, or an id repeats.
absl::Status BuildIndexes(Dataset& dataset);

// True if the tables (not the indexes) of a and b are equal.
bool SameTables(const Dataset& a, const Dataset& b);

}  // namespace safetynet
