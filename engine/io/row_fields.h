// Typed access to the fields of one CSV row of an exchange file, by column,
// with the exchange format's rules (exact numbers, real dates, upper-case
// codes, resident-id checksums). The first problem found is kept as the
// row's reject, whose reason describes a bad value (its length and kind)
// without repeating it; later accessors on a failed row return defaults.
// A value read with a remark (an old id converted, an irregular one
// accepted) adds a note, which counts only if the row is imported.
//
// Also: Header, which resolves a file's column names to field positions once.
// Used by one thread per file.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/codes.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/common/resident_id.h"
#include "engine/io/accepted_ids.h"
#include "engine/io/csv_reader.h"
#include "engine/io/rejects.h"
#include "engine/io/value_damage.h"

namespace safetynet {

struct ExchangeColumn {
  std::string_view name;
  bool required;
  bool in_exchange = true;  // false: not read from the file (an importer's count)
};

// Field positions of a file's columns, in the order of a ExchangeColumn list.
struct Header {
  std::vector<int> position;  // -1 for an absent optional column (or one not in the files)
  size_t field_count = 0;     // columns in the header line
  // "unknown column 'X' (ignored: ...)" for a header name no column has (the
  // first 10 such names, then how many more), then "optional column X is
  // absent: every row reads it as empty" (docs/import.md).
  std::vector<std::string> warnings;
};

// Matches columns by name (any order), in time linear in the header's
// fields. A missing required column, or a column of the file named more than
// once in the header line (which one is meant cannot be told), is an error
// naming the file and the column; an unknown name (repeated or not) or an
// absent optional column is a warning in the Header.
absl::StatusOr<Header> ResolveHeader(const CsvRecord& header_record,
                                     std::span<const ExchangeColumn> columns,
                                     std::string_view file);

class RowFields {
 public:
  // `accepted_ids` (ResidentId) must outlive the RowFields. `checked_utf8`:
  // the whole file was checked to be well-formed UTF-8 (Utf8Text), so Text()
  // need only look for NUL bytes.
  RowFields(std::string_view file, std::span<const ExchangeColumn> columns, const Header& header,
            const CsvRecord& record, const AcceptedIds& accepted_ids, bool checked_utf8 = false);

  bool ok() const { return !failed_; }
  const Reject& reject() const { return reject_; }
  // The remarks on the row's values, in column order (meaningful if ok()).
  const std::vector<ImportNote>& notes() const { return notes_; }
  // What a spreadsheet did to the field that failed the row, if its reason
  // says so; kNone otherwise (also for a row that did not fail).
  const ValueDamage& damage() const { return damage_; }
  // Rejects the row at `column` (-1: the whole row) unless it already failed.
  // `reason` must never repeat a value of the row (docs/privacy.md).
  void Fail(int column, RejectKind kind, std::string reason);

  // The field as written, unchecked; empty if the column is absent or the
  // row has fewer fields than the header.
  std::string_view Raw(int column) const;
  // True if the file has no such column.
  bool Absent(int column) const { return header_.position[column] < 0; }

  // The raw text; empty if the column is absent. A required empty field fails.
  std::string_view Text(int column, size_t max_bytes = 4096);
  std::optional<uint8_t> Code(int column, std::span<const std::string_view> names,
                              uint8_t default_value = 0);
  Fen Money(int column);                         // empty optional -> 0
  Fen WholeNumber(int column);                   // a count such as housing units
  Days Date(int column);                         // empty optional -> kNoDate
  uint8_t Digit(int column, uint8_t max_value);  // "0".."max"; empty optional -> 0
  // 18 characters with a right check character; or the old 15 digits,
  // converted (clarification 12; an ID_CONVERTED note); or an id failing only
  // its checksum that is on `accepted_ids`, as written (an ID_ACCEPTED note).
  PackedId ResidentId(int column);
  int32_t District(int column);  // exactly 6 digits

 private:
  // Fail() with the reason `problem (the value: 4 characters, Chinese text)`:
  // the field's value described by DescribeValue, never repeated.
  void FailValue(int column, RejectKind kind, std::string_view problem);
  // Fail() for a field its accessor could not read: by the look-alike
  // character it holds, else by the damage `find_damage` (if any) finds in
  // it, else FailValue(problem). The reject's kind is `kind` in every case.
  void FailRead(int column, RejectKind kind, std::string_view problem,
                ValueDamage (*find_damage)(std::string_view) = nullptr);
  // FailValue() with the reason DamageReason(damage); keeps the damage.
  void FailDamaged(int column, RejectKind kind, ValueDamage damage);
  // True if the field is present and non-empty; fails the row if it is
  // required and empty.
  bool Present(int column);
  void Note(int column, NoteKind kind, std::string reason);

  std::string_view file_;
  std::span<const ExchangeColumn> columns_;
  const Header& header_;
  const CsvRecord& record_;
  const AcceptedIds& accepted_ids_;
  bool checked_utf8_;
  bool failed_ = false;
  Reject reject_;
  std::vector<ImportNote> notes_;
  ValueDamage damage_;
};

}  // namespace safetynet
