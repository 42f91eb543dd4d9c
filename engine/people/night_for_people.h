// A night's outputs for people (docs/outputs-for-people.md), beside the
// machine lists: worklist.xlsx and worklist-by-town/*.xlsx (the alerts of
// tonight, or with a store the worklist's cases, most urgent first, each
// with its reason sentence), and report.html, the page a director reads in
// a minute (counts by severity, rule and town, the cases' trend over the
// last 30 nights from the store, the largest changes since last night, the
// entitlement totals).
//
// One owner per run. AddAlerts is called with each rule's alerts as the run
// formats them (one thread at a time); Write once at the end, before the
// output folder is committed.
#pragma once

#include <array>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/cases/store_night.h"
#include "engine/io/output_folder.h"
#include "engine/lang/program.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"
#include "engine/people/worklist_book.h"

namespace safetynet::people {

struct NightForPeopleOptions {
  bool mask_ids = false;
  bool workbooks = true;       // worklist.xlsx and worklist-by-town/ (run --no-workbooks: not)
  std::string snapshot_as_of;  // YYYY-MM-DD, for the report
  // The subject's name for the 姓名 column (run --with-names), from its kind
  // (HOUSEHOLD: the head's) and id; empty = no names.
  std::function<std::string(std::string_view kind, std::string_view id)> name_of;
  const DistrictNames* district_names = nullptr;  // null or empty: codes alone
};

class NightForPeople {
 public:
  NightForPeople(const lang::Program& program, NightForPeopleOptions options);

  // Sets NightForPeopleOptions::name_of (before Write).
  void set_name_of(std::function<std::string(std::string_view kind, std::string_view id)> name_of) {
    options_.name_of = std::move(name_of);
  }

  void set_snapshot_as_of(std::string date) { options_.snapshot_as_of = std::move(date); }

  // Keeps what the lists need of a rule's alerts (their `finding` filled in).
  void AddAlerts(const std::vector<const monitor::AlertLine*>& lines);

  // Writes the files into `out`. `store` is the night with a store (after
  // its Finish), or null. Errors: a file that cannot be written.
  absl::Status Write(const monitor::NightlySummary& summary, const cases::StoreNight* store,
                     const OutputFolder& out);

 private:
  const lang::Program& program_;
  NightForPeopleOptions options_;
  // With workbooks: the alerts' rows, views into texts_ (a string per rule,
  // never moved), in output order.
  std::deque<std::string> texts_;
  std::vector<WorklistEntry> alerts_;
  // For the report: alerts by severity (LOW, MEDIUM, HIGH) and by district
  // and town (as in the data) and severity.
  int64_t by_severity_[3] = {0, 0, 0};
  std::map<std::pair<int32_t, std::string>, std::array<int64_t, 3>> town_counts_;
};

}  // namespace safetynet::people
