// A hand-made night with something in every section of the night report,
// shared by its gtest (night_report_test.cc) and the browser test's page
// generator (tests/browser/sample_pages.cc): a town named <script>, towns
// that tie on 高, 5,000 fen of 特困 (0.005 万元), 30 nights of trend.
#pragma once

#include <cstdio>

#include "engine/report/night_report.h"

namespace safetynet::report {

inline NightReport SampleNightReport() {
  NightReport r;
  r.as_of = "2025-07-01";
  r.standards_version = "2025-01-01";
  r.snapshot_as_of = "2025-06-30";
  r.warnings = {"快照比夜晚早 1 天"};
  r.by_severity = {{"高", 17}, {"中", 40}, {"低", 3}};
  r.by_rule = {{"死亡后仍领取", 5}, {"收入超标", 55}};
  r.by_town = {{"371002", "环翠区", "<script>alert(1)</script>", 1, 0, 0},
               {"371003", "文登区", "米山镇", 9, 2, 1},
               {"371002", "环翠区", "孙家疃街道", 9, 5, 0},
               {"371082", "荣成市", "石岛管理区", 0, 30, 2}};
  r.has_cases = true;
  r.cases_by_status = {{"新增", 12}, {"重新打开", 1}, {"升级", 2}, {"持续", 40}, {"已解决", 6}};
  for (int day = 1; day <= 30; ++day) {
    char night[16];
    std::snprintf(night, sizeof night, "2025-06-%02d", day);
    r.trend.push_back({night, 40 + day % 7, day % 5, day % 3});
  }
  r.previous_night = "2025-06-29";
  r.largest_changes = {{"米山镇", 10, 12}, {"收入超标", 40, 55}, {"石岛管理区", 40, 32}};
  r.entitlements = {{"低保", 1200, 98'765'432}, {"特困", 30, 5000}};
  r.undecided = 4;
  return r;
}

}  // namespace safetynet::report
