// Bad rows of the CSV import: where (file, line, column), what kind, and why;
// and the notes on rows imported with a remark (an id converted or accepted).
//
// A reject or note never carries a resident id or a name in its reason (the
// file and line find the row). Plain values; writing is done by one thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/diagnosis.h"

namespace safetynet {

enum class RejectKind {
  kMalformedCsv,      // broken quoting
  kWrongColumnCount,  // not as many fields as the header has columns
  kMissingValue,      // a required field is empty
  kBadText,           // too long, a NUL byte, or not UTF-8
  kBadNumber,         // not ^[0-9]+(\.[0-9]{1,2})?$, or too large
  kNegativeAmount,
  kBadDate,           // not YYYY-MM-DD naming a real day
  kUnknownCode,       // not one of the listed upper-case codes
  kBadId,             // a resident id that is not 17 digits and a check character
  kBadChecksum,       // a resident id whose check character is wrong
  kBirthMismatch,     // birth_date disagrees with the id's digits 7-14
  kDuplicateKey,      // the key of an earlier imported row
  kUnknownHousehold,  // a person whose household is not imported
};

std::string_view RejectKindName(RejectKind kind);

struct Reject {
  std::string file;    // e.g. "persons.csv"
  size_t line = 0;     // physical line the row starts on; the header is line 1
  std::string column;  // the column at fault, or "" for the whole row
  RejectKind kind = RejectKind::kMalformedCsv;
  std::string reason;
};

// What was remarked on a row that was imported (docs/import.md, "Old and
// irregular ids"). Such rows are not rejects: they are counted as imported.
enum class NoteKind {
  kIdConverted,  // an old 15-digit resident id, converted to 18 characters
  kIdAccepted,   // an id whose check character is irregular, on the --accept-ids list
};

std::string_view NoteKindName(NoteKind kind);

struct ImportNote {
  std::string file;  // as in Reject
  size_t line = 0;
  std::string column;
  NoteKind kind = NoteKind::kIdConverted;
  std::string reason;
};

// The header line every rejects report begins with. The report itself is
// written by RejectsCsv(const ImportResult&) (engine/io/import.h).
inline constexpr std::string_view kRejectsHeader = "file,line,column,kind,reason\n";

// The kind of a rejects report's rows that are whole-file diagnoses.
inline constexpr std::string_view kDiagnosisKind = "DIAGNOSIS";

}  // namespace safetynet
