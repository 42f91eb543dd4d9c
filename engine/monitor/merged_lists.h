// The lists of a run district by district -- alerts.csv, alerts.jsonl,
// entitlements.csv and undecided.csv -- written in the memory of one
// district: each district's lists, in output order, go to sorted runs
// (engine/io/sorted_runs.h) in a scratch folder inside the output's staging
// folder, and are merged into the files once every district is done. The
// merge orders as a whole run does -- alerts by rule (the program's alerts
// are numbered in id order), then subject id; entitlements by subject kind,
// subject id, kind; undecided subjects by subject kind, subject id, rule
// kind, rule; all as text -- so the files are a whole run's, byte for byte.
// The scratch folder is removed by Finish(), when the MergedLists goes away
// after an error, or on a stopping signal (engine/io/scratch_folder.h).
// One owner; movable; not thread-safe, except as said of the Add calls
// (Finish works on the three lists side by side with oneTBB).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/io/output_folder.h"
#include "engine/io/scratch_folder.h"
#include "engine/io/sorted_runs.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/records.h"
#include "engine/monitor/undecided.h"

namespace safetynet::monitor {

class MergedLists {
 public:
  // With `mask_ids`, every resident id in the entitlement and undecided rows
  // is masked (OutputRow; alert lines come formatted). Errors: the scratch
  // folder cannot be created.
  static absl::StatusOr<MergedLists> Begin(const OutputFolder& out, bool mask_ids);

  // One district's lists: BeginDistrict(), its entitlements and undecided
  // subjects (each list in output order, as EntitlementRecords and
  // UndecidedRecords give them, all at once), its alerts in output order in
  // one or more parts (say rule by rule, as FormatAlerts gives them), then
  // EndDistrict(). The Add calls may run side by side. Errors of writing
  // (naming the file) are returned by EndDistrict(); those of creating the
  // runs by BeginDistrict().
  absl::Status BeginDistrict();
  void AddEntitlements(const std::vector<EntitlementRecord>& entitlements);
  void AddUndecided(const std::vector<UndecidedRecord>& undecided);
  void AddAlerts(const std::vector<const AlertLine*>& alerts);
  absl::Status EndDistrict();

  // Merges every district's lists into the four files of `out` and removes
  // the scratch folder. Errors: those of reading the runs and of writing the
  // files (naming the file).
  absl::Status Finish(const OutputFolder& out);

 private:
  MergedLists(ScratchFolder scratch, bool mask_ids)
      : scratch_(std::move(scratch)), mask_ids_(mask_ids) {}
  // The run of district number `district` (0, 1, ...) of the list `list`.
  std::string RunPath(std::string_view list, size_t district) const;
  std::optional<ScratchFolder> scratch_;
  bool mask_ids_;
  size_t districts_ = 0;  // begun so far
  // The runs of the district begun, while it is.
  std::optional<SortedRunWriter> alerts_, entitlements_, undecided_;
};

}  // namespace safetynet::monitor
