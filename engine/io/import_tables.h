// Internal to the importer: one exchange file's rows into its table, and its
// bad rows into rejects, driven by the table's column declarations
// (engine/table/model.h). Each file is imported on one thread; persons need
// the households already imported.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/import.h"
#include "engine/table/dataset.h"

namespace safetynet::import_internal {

struct FileInput {
  std::string_view name;     // e.g. "persons.csv"
  std::string_view content;  // the whole file
  const ImportOptions* options;
};

struct FileOutput {
  std::vector<Reject> rejects;
  FileCounts counts;
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

}  // namespace safetynet::import_internal
