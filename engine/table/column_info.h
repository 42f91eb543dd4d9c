// What the data model says of one column: its kind (how its values are
// written in the exchange files, stored and read by rules), whether the
// exchange files must carry it, whether it is a table's key, whether rules
// may read it, and the bounds of its values. The columns themselves are
// declared in engine/table/model.h, each with a ColumnInfo made by one of the
// constructors below. Plain constant data; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "engine/common/codes.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/common/resident_id.h"

namespace safetynet {

// Each kind names its storage (the C++ element type of the column), its
// exchange-file form (docs/exchange-format.md) and its type in rules.
enum class ColumnKind : uint8_t {
  kText,          // std::string_view (a StringColumn): UTF-8, at most max_bytes bytes
  kDistrict,      // int32_t: a 6-digit administrative code; rules: int
  kCode,          // the code set's enum (one byte); written as the code's name; rules: the code
  kDigit,         // uint8_t: one digit 0..max_digit; rules: int
  kFlag,          // uint8_t: 0 or 1; rules: bool
  kMoney,         // Fen (int64): written in yuan, up to 2 decimals; rules: money
  kDate,          // Days (int32): YYYY-MM-DD, kNoDate if empty; rules: date (empty if none)
  kBirthDate,     // a kDate that must agree with digits 7-14 of the row's resident id (its key)
  kResidentId,    // PackedId (uint64): the 18-character resident id
  kHouseholdRow,  // uint32_t: a member's household row; in the exchange files its household_id
  kSignalAmount,  // int64_t: fen, or for a PROPERTY signal a count of housing units; a DEATH
                  // or UNEMPLOYMENT signal carries none (0); rules: money (int for PROPERTY)
  kRejectedRows,  // uint32_t: rows of the exchange files rejected at import that name this
                  // record (docs/import.md, "Rejected rows that name someone"); counted by the
                  // importer, never an exchange-file column; 0 in a snapshot written before
                  // the column existed; rules: int
};

// Flags of a column, or-ed together.
inline constexpr uint8_t kOptional = 0;   // the exchange file may leave the column out or empty
inline constexpr uint8_t kRequired = 1;   // every row must give a value
inline constexpr uint8_t kUnique = 2;     // the table's key: no two rows share a value
inline constexpr uint8_t kRuleField = 4;  // rules read it as entity.name (docs/rule-language.md)

struct ColumnInfo {
  std::string_view name;  // the snapshot's, the exchange file's and the rules' name
  ColumnKind kind = ColumnKind::kText;
  uint8_t flags = kOptional;
  CodeSet codes = CodeSet::kNone;  // kCode
  uint8_t max_digit = 0;           // kDigit
  uint16_t max_bytes = 4096;       // kText

  constexpr bool required() const { return flags & kRequired; }
  constexpr bool unique() const { return flags & kUnique; }
  constexpr bool rule_field() const { return flags & kRuleField; }
  // Whether the exchange files carry the column (all but the importer's counts).
  constexpr bool in_exchange() const { return kind != ColumnKind::kRejectedRows; }
  // The column's header in the exchange files: its name, but "household_id"
  // for a member's household row.
  constexpr std::string_view exchange_name() const {
    return kind == ColumnKind::kHouseholdRow ? "household_id" : name;
  }
  constexpr ColumnInfo WithKind(ColumnKind new_kind) const {
    ColumnInfo info = *this;
    info.kind = new_kind;
    return info;
  }
  // The largest value a one-byte column may hold (codes, digits, flags), or 0.
  uint8_t max_code() const {
    switch (kind) {
      case ColumnKind::kCode:
        return static_cast<uint8_t>(CodeNames(codes).size() - 1);
      case ColumnKind::kDigit:
        return max_digit;
      case ColumnKind::kFlag:
        return 1;
      default:
        return 0;
    }
  }
};

// The constructors model.h declares columns with.
constexpr ColumnInfo Column(ColumnKind kind, uint8_t flags) {
  ColumnInfo info;
  info.kind = kind;
  info.flags = flags;
  return info;
}
constexpr ColumnInfo TextColumn(uint8_t flags, uint16_t max_bytes = 4096) {
  ColumnInfo info = Column(ColumnKind::kText, flags);
  info.max_bytes = max_bytes;
  return info;
}
constexpr ColumnInfo DistrictColumn(uint8_t flags) { return Column(ColumnKind::kDistrict, flags); }
constexpr ColumnInfo CodeColumn(CodeSet codes, uint8_t flags) {
  ColumnInfo info = Column(ColumnKind::kCode, flags);
  info.codes = codes;
  return info;
}
constexpr ColumnInfo DigitColumn(uint8_t max_digit, uint8_t flags) {
  ColumnInfo info = Column(ColumnKind::kDigit, flags);
  info.max_digit = max_digit;
  return info;
}
constexpr ColumnInfo FlagColumn(uint8_t flags) { return Column(ColumnKind::kFlag, flags); }
constexpr ColumnInfo MoneyColumn(uint8_t flags) { return Column(ColumnKind::kMoney, flags); }
constexpr ColumnInfo DateColumn(uint8_t flags) { return Column(ColumnKind::kDate, flags); }
constexpr ColumnInfo BirthDateColumn(uint8_t flags) {
  return Column(ColumnKind::kBirthDate, flags);
}
constexpr ColumnInfo ResidentIdColumn(uint8_t flags) {
  return Column(ColumnKind::kResidentId, flags);
}
constexpr ColumnInfo HouseholdRowColumn(uint8_t flags) {
  return TextColumn(flags, 32).WithKind(ColumnKind::kHouseholdRow);  // its household_id's bound
}
constexpr ColumnInfo SignalAmountColumn(uint8_t flags) {
  return Column(ColumnKind::kSignalAmount, flags);
}

// Whether the importer bounds the values of this kind (OutOfImportRange).
constexpr bool ImportBounded(ColumnKind kind) {
  return kind == ColumnKind::kDistrict || kind == ColumnKind::kMoney ||
         kind == ColumnKind::kSignalAmount || kind == ColumnKind::kDate ||
         kind == ColumnKind::kBirthDate;
}

// What is wrong with `value` in a numeric column of this kind, measured by
// what the importer writes (engine/io/row_fields.cc: a district of 6 digits,
// money and signal amounts of at least 0, dates of the years 0001-9999 and
// empty only where the column is optional), or "" if the importer could have
// written it. The snapshot reader rejects any other (docs/snapshot-format.md):
// a crafted or damaged value never reaches date or money arithmetic.
constexpr std::string_view OutOfImportRange(const ColumnInfo& info, int64_t value) {
  switch (info.kind) {
    case ColumnKind::kDistrict:
      return value < 0 || value > 999999 ? "holds a district that is not 6 digits" : "";
    case ColumnKind::kMoney:
    case ColumnKind::kSignalAmount:
      return value < 0 ? "holds a negative amount" : "";
    case ColumnKind::kDate:
    case ColumnKind::kBirthDate:
      if (value == kNoDate)
        return info.required() ? "holds an empty date where one is required" : "";
      return value < kFirstDate || value > kLastDate ? "holds a date outside the years 0001-9999"
                                                     : "";
    default:
      return "";
  }
}

// A count of rejected rows (ColumnKind::kRejectedRows); rules read it.
constexpr ColumnInfo RejectedRowsColumn() { return Column(ColumnKind::kRejectedRows, kRuleField); }

constexpr ColumnInfo Named(std::string_view name, ColumnInfo info) {
  info.name = name;
  return info;
}

// True if `Element` is the storage of `info`'s kind (checked at compile time
// for every declared column) and rules may read it if it says so.
template <typename Element>
constexpr bool StorageFits(const ColumnInfo& info) {
  const bool readable = info.kind != ColumnKind::kText && info.kind != ColumnKind::kResidentId &&
                        info.kind != ColumnKind::kHouseholdRow;
  if (info.rule_field() && !readable) return false;
  switch (info.kind) {
    case ColumnKind::kText:
      return std::is_same_v<Element, std::string_view>;
    case ColumnKind::kDistrict:
      return std::is_same_v<Element, int32_t>;
    case ColumnKind::kCode:
      if constexpr (std::is_enum_v<Element>) {
        return sizeof(Element) == 1 && CodeSetOf<Element>::value == info.codes;
      }
      return false;
    case ColumnKind::kDigit:
    case ColumnKind::kFlag:
      return std::is_same_v<Element, uint8_t>;
    case ColumnKind::kMoney:
    case ColumnKind::kSignalAmount:
      return std::is_same_v<Element, int64_t>;
    case ColumnKind::kDate:
    case ColumnKind::kBirthDate:
      return std::is_same_v<Element, Days>;
    case ColumnKind::kResidentId:
      return std::is_same_v<Element, PackedId>;
    case ColumnKind::kHouseholdRow:
    case ColumnKind::kRejectedRows:
      return std::is_same_v<Element, uint32_t>;
  }
  return false;
}

}  // namespace safetynet
