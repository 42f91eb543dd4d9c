// The night report (report.html): one self-contained page, in Chinese, that
// a director reads in a minute: the headline figures, alerts by severity,
// the trend of the last nights, the towns, the largest changes since last
// night and the entitlement totals in 万元. The caller fills a NightReport
// from the run (and its case store) and writes the page; this file only
// renders it. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet::report {

struct NightCount {
  std::string label;
  int64_t count = 0;
};

struct TownRow {
  std::string district_code, district_name, town;
  int64_t high = 0, medium = 0, low = 0;  // alerts tonight by severity
};

struct NightTrendPoint {
  std::string night;                           // YYYY-MM-DD
  int64_t open = 0, opened = 0, resolved = 0;  // cases open after the night, new, resolved
};

struct NightChange {
  std::string what;  // a town or a rule's label
  int64_t last_night = 0, tonight = 0;
};

struct EntitlementTotal {
  std::string label;
  int64_t recipients = 0;
  int64_t monthly_fen = 0;
};

struct NightReport {
  std::string as_of, standards_version, snapshot_as_of;  // YYYY-MM-DD
  std::vector<std::string> warnings;                     // shown first, in a box
  std::vector<NightCount> by_severity;  // 高 / 中 / 低 alerts tonight (the headline takes 高)
  std::vector<NightCount> by_rule;      // label of each alert rule: count
  std::vector<TownRow> by_town;         // every town with alerts, in any order
  bool has_cases = false;               // run with --store
  std::vector<NightCount> cases_by_status;  // 新增 重新打开 升级 持续 已解决 (headline: 新增)
  std::vector<NightTrendPoint> trend;          // up to 30 nights, oldest first
  std::string previous_night;                  // YYYY-MM-DD of the night compared with; "" = none
  std::vector<NightChange> largest_changes;    // open cases by town, against previous_night
  std::vector<EntitlementTotal> entitlements;  // monthly totals; shown in 万元 (fen/1e6)
  int64_t undecided = 0;                       // subjects a rule could not decide
};

// The severity label the headline counts as HIGH, and the status label it
// counts as new cases.
inline constexpr std::string_view kHighSeverity = "高";
inline constexpr std::string_view kNewCases = "新增";

// report.html: a whole page (report/html_text.h), every text of `report`
// escaped. Sections in this order: warnings (if any); headline figures
// (高 alerts, new cases or "未记录" without a case store, monthly cost in
// 万元); a bar chart by severity; the trend of open, new and resolved cases
// (a sentence instead when has_cases is false or fewer than 2 nights); cases
// by status; alerts by rule; towns sorted by 高 then total, descending (the
// first 20 in a chart, all in the table); the largest changes, sorted by the
// size of the change, descending (ties in the given order); entitlement
// totals in 万元 with 2 decimals (chart and table, with yuan in the table);
// the undecided count. An empty section says so in a sentence.
std::string RenderNightReportHtml(const NightReport& report);

}  // namespace safetynet::report
