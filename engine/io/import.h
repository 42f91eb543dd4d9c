// CSV import: the four exchange files (docs/exchange-format.md) into a
// Dataset, with every bad row reported as a Reject and the rest imported.
//
// Each file is first converted to UTF-8 (engine/io/encoding.h: UTF-8,
// GB18030, UTF-16 or UTF-32 with a byte-order mark). The files are then read
// in parallel (households then persons on one task, elderly and signals on
// others). A fatal problem -- a missing file, an empty one, an encoding that
// cannot be told, a missing required column -- fails the import with a
// message naming the file. Thread-safe: concurrent imports share nothing.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/io/accepted_ids.h"
#include "engine/io/diagnosis.h"
#include "engine/io/encoding.h"
#include "engine/io/rejects.h"
#include "engine/table/dataset.h"

namespace safetynet {

// The exchange files' names, in the order they are reported.
inline constexpr std::string_view kHouseholdsCsv = "households.csv";
inline constexpr std::string_view kPersonsCsv = "persons.csv";
inline constexpr std::string_view kElderlyCsv = "elderly.csv";
inline constexpr std::string_view kSignalsCsv = "signals.csv";

struct ImportOptions {
  Days as_of = kNoDate;  // recorded in the dataset's info
  std::string source;    // free text recorded in the dataset's info
  // How the files' bytes are read (engine/io/encoding.h): each file is
  // converted to UTF-8 first, and what it was read as is recorded in its
  // FileCounts.encoding.
  EncodingChoice encoding = EncodingChoice::kAuto;
  // Irregular ids imported as written (import --accept-ids; docs/import.md
  // "Old and irregular ids").
  AcceptedIds accepted_ids;
  // The signals the live service took since the last night (`import
  // --journal`, docs/api.md "The night and the journal"): text of a
  // signals.csv (header and rows), imported after signals.csv under the
  // name `journal_name`; a signal whose signal_id signals.csv also holds is
  // kept once, the export's. Empty: none.
  std::string journal_signals;
  std::string journal_name;
  // Called now and then with the bytes read of one file; may be called from
  // several threads at once, so it must be thread-safe.
  std::function<void(std::string_view file, size_t done_bytes, size_t total_bytes)> progress;
};

struct ImportResult {
  std::unique_ptr<Dataset> dataset;  // indexes built
  std::vector<Reject> rejects;       // by file (households, persons, elderly, signals), then line
  // Imported rows with a remark (an old id converted, an irregular one
  // accepted), in the same order; not rejects.
  std::vector<ImportNote> notes;
  // In the same file order; with journal signals, a fifth entry for them
  // (its warnings say how many were in signals.csv too).
  std::vector<FileCounts> files;
  // The whole-file diagnoses (engine/io/diagnosis.h), in file order; their
  // sentences are also each file's FileCounts::diagnoses.
  std::vector<Diagnosis> diagnoses;
};

// The rejects report of an import: kRejectsHeader, then a row
// `file,line,column,kind,reason` per reject and per note, in file and line
// order (docs/import.md).
std::string RejectsCsv(const ImportResult& result);

// The contents of the four files, for importing from memory (tests, fuzzing).
struct ExchangeFiles {
  std::string households;
  std::string persons;
  std::string elderly;
  std::string signals;
};

absl::StatusOr<ImportResult> ImportExchangeFiles(const ExchangeFiles& files,
                                                 const ImportOptions& options);

// Reads DIR/households.csv, DIR/persons.csv, DIR/elderly.csv, DIR/signals.csv.
absl::StatusOr<ImportResult> ImportExchangeDirectory(const std::string& directory,
                                                     const ImportOptions& options);

// The guards between import and run (docs/import.md), checked in this order:
//
// CheckImportNotEmpty: OK if households.csv, persons.csv and elderly.csv gave
// at least one household, member and elderly resident; else a FailedPrecondition naming each
// such file and whether it had no data rows or all its rows rejected (then
// its diagnoses follow, as in CheckRejectRates). A
// header-only export would otherwise replace the last good snapshot.
absl::Status CheckImportNotEmpty(const ImportResult& result);

// CheckRejectRates: OK if no file had more than `max_percent` (0-100) of its
// rows rejected; else a FailedPrecondition naming every such file, one line
// each: its share of rejected rows, its most common reject kind and the line
// and reason of one such row, then on a line of its own each diagnosis of
// the file ("  persons.csv: column person_id looks like ..."), which says
// why. A file of a wrong encoding, or ids a spreadsheet re-saved as
// numbers, reject nearly every row: importing the rest would give a night
// of almost nobody.
absl::Status CheckRejectRates(const ImportResult& result, double max_percent);

}  // namespace safetynet
