// Internal to the importer: one exchange file's rows into its table, and its
// bad rows into rejects, driven by the table's column declarations
// (engine/table/model.h). Each file is imported on one thread; persons need
// the households already imported.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/diagnosis.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet::import_internal {

struct FileInput {
  std::string_view name;     // e.g. "persons.csv"
  std::string_view content;  // the whole file
  const ImportOptions* options;
  bool checked_utf8 = false;  // Utf8Text::checked_utf8 of the content
};

// Who a rejected row names, where that can still be read (its ids compared
// leniently: blanks around them removed, letters upper-cased): the household
// of a member row (its household_id names an imported household), the
// resident of a member, signal or elderly row (its person_id is a valid id,
// an old 15-digit one converted, or one on the --accept-ids list),
// and whether a signal row is a death report (its type reads DEATH). A row of
// broken CSV is read from its first physical line split at every comma
// (LenientFields), so a stray quote in a detail does not hide whom it names.
struct RejectedSubject {
  uint32_t household_row = kNoRow;
  std::optional<PackedId> person;
  bool death_report = false;
};

struct FileOutput {
  std::vector<Reject> rejects;
  std::vector<ImportNote> notes;  // of imported rows, in line order
  FileCounts counts;              // all but rejected_by_kind and attributed (AttributeRejectedRows)
  std::vector<RejectedSubject> rejected_subjects;  // one per reject, in the same order
  std::vector<Diagnosis> diagnoses;                // also in counts.diagnoses (sentences)
};

// Appends the file's good rows to `out` (a HouseholdTable, PersonTable,
// ElderlyTable or SignalTable) and reports each bad row with its line,
// column and reason (docs/exchange-format.md, docs/import.md). Each field is
// read by its column's kind; then, in this order, a birth date is checked
// against the row's resident id, a member's household_id is looked up in
// `households` (required for a table with a household row column; rows are
// then stored grouped by household, in household order, file order within
// one), and the key is checked for repeats. A row is kept whole or not at
// all. Errors: a file with no header line, or without a required column.
template <typename Table>
absl::Status ImportTable(const FileInput& in, const HouseholdTable* households, Table& out,
                         FileOutput& result);

// Once every file is imported and the indexes built: adds each file's
// rejected rows to the rejected_* columns of the records they name (a member
// row to its household's rejected_member_rows and to the rejected_person_rows
// of the person and elderly resident of its id; a signal row to the
// rejected_signal_rows, and a death report also to rejected_death_reports,
// of the person and elderly resident of its id; an elderly row to the
// rejected_elderly_rows of both), and fills each file's rejected_by_kind and
// attributed counts. `outputs` are in file order (households, persons,
// elderly, signals).
void AttributeRejectedRows(Dataset& dataset, std::span<FileOutput, 4> outputs);

}  // namespace safetynet::import_internal
