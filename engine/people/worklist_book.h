// The worklist as people read it (docs/outputs-for-people.md): worklist.xlsx
// and one .xlsx per town in worklist-by-town/, in Chinese, most urgent first,
// each row saying what to do about whom and why (the rule's label and reason
// sentence), ids stored as text so a spreadsheet never turns them into
// numbers. A row is an alert of tonight (a run without a store) or an open
// case on the worklist (with --store: its case id, status, days open, last
// disposition).
//
// Plain data and a function that writes files; WorklistEntry views data the
// caller owns. Thread-safe (files of different calls never coincide).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/cases/night.h"
#include "engine/io/district_names.h"
#include "engine/io/output_folder.h"

namespace safetynet::people {

struct WorklistEntry {
  int64_t severity = 0;  // 0 LOW, 1 MEDIUM, 2 HIGH
  std::string_view rule_id, label, reason;
  std::string_view subject_kind;  // HOUSEHOLD, PERSON, ELDERLY
  std::string_view subject_id, household_id, name;
  std::string_view district, town, village;       // district: its code
  std::string_view score;                         // "" when the rule has none
  const cases::CaseTonight* open_case = nullptr;  // with a store: the case on the worklist
};

struct WorklistBookOptions {
  bool with_cases = false;  // the case columns (a run with a store)
  bool with_names = false;  // the 姓名 column (run --with-names)
  bool mask_ids = false;    // every resident id masked, as in the CSV lists
  Days night = kNoDate;     // for 已立案天数, and the workbooks' creation date
  const DistrictNames* district_names = nullptr;  // null or empty: the code alone
};

// The order of a worklist without a store: HIGH first, then by district,
// town, village, rule id and subject id.
void SortWorklist(std::vector<WorklistEntry>& entries);

// Writes worklist.xlsx (every entry, in the given order) and
// worklist-by-town/DISTRICT-TOWN.xlsx (each town's entries, in the same
// order; named by SafeFileNames from "DISTRICT-TOWN" as the case files'
// worklists are, so that with a store each .xlsx lies beside the .csv of
// the same name) and index.csv: district, town, file (the .csv, with cases
// only), workbook, and the number of `cases` or `alerts`. Errors: a file
// that cannot be written (naming it).
absl::Status WriteWorklistBooks(const std::vector<WorklistEntry>& entries,
                                const WorklistBookOptions& options, const OutputFolder& out);

}  // namespace safetynet::people
