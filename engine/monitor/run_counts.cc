#include "engine/monitor/run_counts.h"

#include <string>

#include "engine/common/money.h"
#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::monitor {

RunCounts::RunCounts(const lang::Program& program)
    : program_(program), by_rule_severity_(program.alerts.size() * kSeverities) {}

void RunCounts::AddAlerts(const std::vector<const AlertLine*>& lines) {
  alerts_ += lines.size();
  for (const AlertLine* line : lines) {
    const int64_t severity = line->severity >= 0 && line->severity < 3 ? line->severity : 3;
    ++by_rule_severity_[line->alert * kSeverities + severity];
    std::vector<size_t>& counts = by_district_rule_[line->district];
    counts.resize(program_.alerts.size());
    ++counts[line->alert];
  }
}

void RunCounts::AddEntitlements(const std::vector<EntitlementRecord>& records) {
  entitlements_ += records.size();
  for (const EntitlementRecord& r : records) {
    by_kind_[r.kind] += r.amount;
    ++count_by_kind_[r.kind];
    by_district_kind_[{r.district, r.kind}] += r.amount;
  }
}

void RunCounts::AddUndecided(const std::vector<UndecidedRecord>& records) {
  undecided_ += records.size();
  for (const UndecidedRecord& r : records) ++undecided_by_rule_[r.rule];
}

absl::Status RunCounts::Into(NightlySummary& summary) const {
  summary.alert_count = alerts_;
  summary.entitlement_count = entitlements_;
  summary.undecided_count = undecided_;
  for (size_t i = 0; i < by_rule_severity_.size(); ++i) {
    if (by_rule_severity_[i] == 0) continue;
    summary.alerts_by_rule_severity[program_.alerts[i / kSeverities].id]
                                   [std::string(SeverityName(i % kSeverities))] =
        by_rule_severity_[i];
  }
  for (const auto& [district, counts] : by_district_rule_) {
    for (size_t alert = 0; alert < counts.size(); ++alert) {
      if (counts[alert] > 0)
        summary.alerts_by_district_rule[district][program_.alerts[alert].id] = counts[alert];
    }
  }
  for (const auto& [rule, count] : undecided_by_rule_) {
    summary.undecided_by_rule[std::string(rule)] = count;
  }
  for (const auto& [kind, total] : by_kind_) {
    SAFETYNET_ASSIGN_OR_RETURN(summary.entitlement_total_by_kind[std::string(kind)],
                               FenTotal(total, Cat("the monthly total of ", kind)));
  }
  for (const auto& [kind, count] : count_by_kind_) {
    summary.entitlement_count_by_kind[std::string(kind)] = count;
  }
  for (const auto& [place, total] : by_district_kind_) {
    const auto& [district, kind] = place;
    SAFETYNET_ASSIGN_OR_RETURN(
        summary.entitlement_total_by_district_kind[district][std::string(kind)],
        FenTotal(total, Cat("the monthly total of ", kind, " in district ", district)));
  }
  return absl::OkStatus();
}

}  // namespace safetynet::monitor
