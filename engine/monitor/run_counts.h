// The counts and totals of a nightly run's summary (alerts by rule and
// severity and by district, entitlement totals by kind and by district,
// undecided subjects by rule), added up list by list -- a whole run's lists
// at once, or each district's in turn -- so that a run district by district
// need not keep its lists. Money is added in 128 bits and checked once at
// the end: an overflow is an error, never a wrong total. Refers to the
// program's rule ids and kinds, which must outlive it. Not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/lang/program.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/records.h"
#include "engine/monitor/undecided.h"

namespace safetynet::monitor {

class RunCounts {
 public:
  explicit RunCounts(const lang::Program& program);

  void AddAlerts(const std::vector<const AlertLine*>& lines);
  void AddEntitlements(const std::vector<EntitlementRecord>& records);
  void AddUndecided(const std::vector<UndecidedRecord>& records);

  // Sets the summary's alert_count, alerts_by_rule_severity,
  // alerts_by_district_rule, entitlement_count, entitlement_total_by_kind,
  // entitlement_count_by_kind,
  // entitlement_total_by_district_kind, undecided_count and
  // undecided_by_rule. Errors: a total (fen per month) that does not fit 64
  // bits (FenTotal), naming the kind and the district.
  absl::Status Into(NightlySummary& summary) const;

 private:
  static constexpr int kSeverities = 4;  // LOW, MEDIUM, HIGH, other
  const lang::Program& program_;
  size_t alerts_ = 0, entitlements_ = 0, undecided_ = 0;
  std::vector<size_t> by_rule_severity_;  // [alert * kSeverities + severity]
  std::map<int32_t, std::vector<size_t>> by_district_rule_;
  std::map<std::string_view, __int128> by_kind_;
  std::map<std::string_view, size_t> count_by_kind_;
  std::map<std::pair<int32_t, std::string_view>, __int128> by_district_kind_;
  std::map<std::string_view, size_t> undecided_by_rule_;
};

}  // namespace safetynet::monitor
