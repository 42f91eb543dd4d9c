// A nightly run's part with a case store (`safetynet run --store`,
// docs/monitoring.md): before the run, the store is opened (created and
// migrated), the order of nights checked, the monitor.* parameters and the
// dispositions file read -- so that a mistake stops the run before its
// work; during the run, the alerts are kept as findings; at its end, the
// night is processed, saved and committed in one transaction, and
// cases.csv, worklist.csv, worklist-by-town/ and rejected_dispositions.csv
// are written into the run's output folder (committed after the store: a
// kill in between leaves a store one night ahead of the folder, and running
// the night again gives the same folder).
// One owner, used from the run's calling thread (AddAlerts from one thread
// at a time).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cases/case_store.h"
#include "engine/cases/night.h"
#include "engine/io/output_folder.h"
#include "engine/lang/program.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"
#include "engine/table/dataset.h"

namespace safetynet::cases {

struct StoreNightOptions {
  std::string store;              // --store: a file path or a postgresql:// address
  std::string dispositions_path;  // --dispositions; "" for none
  Days night = kNoDate;           // --as-of
  bool mask_ids = false;
};

// The monitor.* parameters in force on `night` (section 6). Errors
// (FailedPrecondition): the rules' standards lack one (naming it), or one is
// negative or not a whole number of days.
absl::StatusOr<MonitorParams> ReadMonitorParams(const lang::Program& program, Days night);

// The finding (section 1) of one alert line of `program`'s: ids as in the
// data, never masked.
Finding FindingOf(const lang::Program& program, const monitor::AlertLine& line);

class StoreNight {
 public:
  // Opens the store and reads what the night needs (see above). Errors:
  // the store's (CaseStore::Open), a night earlier than the last
  // (FailedPrecondition naming it), the parameters', the dispositions file's.
  static absl::StatusOr<std::unique_ptr<StoreNight>> Begin(const StoreNightOptions& options,
                                                           const lang::Program& program);

  // When tonight's data was made (the snapshot's created time, seconds
  // since 1970; 0, the default, if unknown): the live cases changed after
  // it stand for tonight's findings (CaseStore::BeginNight).
  void set_data_made_unix(int64_t seconds) { data_made_unix_ = seconds; }

  // Keeps a rule's alerts (lines with their `finding`) as tonight's findings.
  void AddAlerts(const lang::Program& program, const std::vector<const monitor::AlertLine*>& lines);

  // Processes the night against the store, with `present` telling which
  // subjects are in tonight's data (any Dataset holding at least the id
  // columns: households' household_id, persons' and elderly's person_id);
  // writes the night's files into `out` and the counts into `summary`
  // (cases_json, seconds.store); commits the store.
  absl::Status Finish(const Dataset& present, const OutputFolder& out,
                      monitor::NightlySummary& summary);

  // After Finish: a few lines for the run's printed summary.
  const std::string& report() const { return report_; }
  // After Finish: the night's cases and worklist, and the last 30 nights
  // stored (tonight's first).
  const NightResult& night() const { return night_; }
  const std::vector<StoredNight>& recent_nights() const { return recent_; }

 private:
  StoreNight() = default;
  StoreNightOptions options_;
  MonitorParams params_;
  std::unique_ptr<CaseStore> store_;
  std::vector<DispositionRow> dispositions_;
  std::vector<Finding> findings_;
  int64_t data_made_unix_ = 0;
  double seconds_ = 0;                              // the store's part so far
  double open_seconds_ = 0, findings_seconds_ = 0;  // of which opening, keeping the findings
  std::string report_;
  NightResult night_;
  std::vector<StoredNight> recent_;
};

}  // namespace safetynet::cases
