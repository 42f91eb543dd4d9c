// The nightly run: matches the signals, evaluates the rule program for the
// as-of date, and writes the caseworkers' lists into an output folder:
//   alerts.csv, alerts.jsonl      every alert with the evidence that decided it
//   entitlements.csv              every non-zero monthly entitlement
//   unmatched_signals.csv         signals about nobody in the snapshot
//   undecided.csv                 subjects a rule could not decide (an empty
//                                 value): not fired, not paid, and why
//   summary.json                  counts by rule, severity and district; totals; timings
//   entitlements-by-town/         one Excel workbook per town of its
//                                 entitlements, in Chinese, and index.csv
//                                 (engine/monitor/town_workbooks.h)
//   alerts-by-town/ or alerts-by-district/   with --split-by: one alerts file
//                                 per town or district, named safely from the data
//                                 (engine/io/safe_file_name.h), and index.csv
//                                 mapping each district and town to its file
// Every file is written under a temporary name and renamed when complete;
// CSV files start with a UTF-8 byte-order mark for spreadsheet programs.
// Thread-safe: runs share only read-only inputs.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/io/district_names.h"
#include "engine/io/output_folder.h"
#include "engine/io/snapshot.h"
#include "engine/lang/program.h"
#include "engine/monitor/alert_lines.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

enum class SplitBy { kNone, kDistrict, kTown };

struct NightlyOptions {
  Days as_of = kNoDate;
  SplitBy split_by = SplitBy::kNone;
  bool mask_ids = false;  // every resident id in every field masked (MaskResidentIdsInText)
  // For entitlements-by-town/: the districts' names (none: codes alone).
  DistrictNames district_names;
  bool workbooks = true;  // write entitlements-by-town/ (run --no-workbooks: not)
  // If set, told how far the run is: `part` ("evaluate", "districts",
  // "write") and `done` of `total` steps; called from the calling thread.
  std::function<void(std::string_view part, size_t done, size_t total)> progress;
  // Written into summary.json as they are: the import's counts recorded in
  // the snapshot (empty: not recorded) and the run's warnings about it
  // (engine/monitor/snapshot_checks.h).
  std::vector<FileCounts> imported_files;
  std::vector<std::string> warnings;
  // With a case store (engine/cases): each rule's alerts, in output order,
  // as they are written (from one thread at a time; the lines' `finding`
  // filled in), and, after the lists are written and before summary.json
  // and the commit of `out`, a step that writes more files into `out` and
  // may set the summary's `cases_json`. Its error fails the run.
  std::function<void(const std::vector<const AlertLine*>&)> on_alerts;
  std::function<absl::Status(const OutputFolder& out, struct NightlySummary& summary)>
      before_commit;
};

struct StageTimes {
  double match = 0, columns = 0, alerts = 0, entitlements = 0, records = 0, write = 0;
  double store = 0;  // the case store's part (with --store)
};

struct NightlySummary {
  Days as_of = kNoDate;
  Days standards_version = kNoDate;
  size_t households = 0, persons = 0, elderly = 0, signals = 0;
  size_t signals_matched = 0, signals_unmatched = 0, signals_future_dated = 0;
  size_t signals_unmatched_future_dated = 0;  // in both of the two counts before
  std::map<std::string, std::map<std::string, size_t>> alerts_by_rule_severity;
  std::map<int32_t, std::map<std::string, size_t>> alerts_by_district_rule;
  std::map<std::string, int64_t> entitlement_total_by_kind;  // fen per month
  std::map<std::string, size_t> entitlement_count_by_kind;   // records (recipients)
  std::map<int32_t, std::map<std::string, int64_t>> entitlement_total_by_district_kind;
  size_t alert_count = 0, entitlement_count = 0;
  // Subjects a rule could not decide (undecided.csv), and how many per rule.
  size_t undecided_count = 0;
  std::map<std::string, size_t> undecided_by_rule;
  std::vector<std::string> overflows;
  std::vector<FileCounts> imported_files;  // as in NightlyOptions
  std::vector<std::string> warnings;       // as in NightlyOptions
  std::string cases_json;  // with a store: summary.json's "cases" object (engine/cases)
  StageTimes seconds;
};

// Evaluates every rule and writes the outputs into `out` (engine/io/output_folder.h),
// which it commits.
absl::StatusOr<NightlySummary> RunNightly(const lang::Program& program, const Dataset& data,
                                          const NightlyOptions& options, OutputFolder& out);

// The same run, district by district, in the memory of one district at a
// time: the snapshot is read once to find the districts and the signals about
// nobody, then once per district keeping only that district's households
// (with their members), elderly residents and their signals. A household
// never spans districts; a person who is an elderly resident of another
// district is read with that district too, for context. The outputs are the
// same as a whole run's, byte for byte. Every read is of the open snapshot's
// file, even if another is renamed over its path during the run.
absl::StatusOr<NightlySummary> RunNightlyByDistrict(const lang::Program& program,
                                                    const OpenSnapshot& snapshot,
                                                    const NightlyOptions& options,
                                                    OutputFolder& out);

// The short human summary printed at the end of a run.
std::string FormatSummary(const NightlySummary& summary);

}  // namespace safetynet::monitor
