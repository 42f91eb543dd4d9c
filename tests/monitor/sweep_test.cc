// Sweeps: each point equals a recalculation at that value; the files are written.
#include "engine/monitor/sweep.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/io/files.h"
#include "engine/lang/rule_set.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

class SweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::ImportReferenceData();
    program_ = testing::WeihaiRules();
    base_.as_of = DaysFromCivil({2025, 6, 30});
  }
  std::unique_ptr<Dataset> data_;
  std::unique_ptr<lang::Program> program_;
  RecalcOptions base_;
};

TEST_F(SweepTest, EachPointIsARecalculationAtThatValue) {
  auto report = RunSweep(*program_, *data_, {base_, "dibao.urban", "850", "1000", "50"});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->points.size(), 4u);  // 850, 900, 950, 1000
  for (const SweepPoint& point : report->points) {
    RecalcOptions options = base_;
    options.overrides = {*lang::ParseOverride(
        program_->standards, "dibao.urban=" + std::to_string(point.value.num / 100))};
    auto recalc = RunRecalc(*program_, *data_, options);
    ASSERT_TRUE(recalc.ok());
    EXPECT_EQ(point.monthly_cost, recalc->districts.back().monthly_new) << point.value.num;
  }
  // A higher standard never costs less nor covers fewer households.
  for (size_t i = 1; i < report->points.size(); ++i) {
    EXPECT_GE(report->points[i].monthly_cost, report->points[i - 1].monthly_cost);
    EXPECT_GE(report->points[i].eligible_households, report->points[i - 1].eligible_households);
  }
}

TEST_F(SweepTest, AtTheCurrentValueTheCostIsTonightsTotal) {
  auto report = RunSweep(*program_, *data_, {base_, "dibao.urban", "890", "890", "1"});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->points.size(), 1u);
  EXPECT_EQ(report->points[0].monthly_cost, 7674575);  // recalc_summary.csv's CITY monthly_old
}

TEST_F(SweepTest, WritesCsvAndAPageWithAChart) {
  auto report = RunSweep(*program_, *data_, {base_, "tekun.multiplier", "1.3", "1.5", "0.05"});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->points.size(), 5u);
  const ScratchFolder scratch = testing::TestFolder("sweep");
  const std::string folder = scratch.path() + "/sweep";
  OutputFolder out = testing::TestOutput(folder, "sweep");
  ASSERT_TRUE(WriteSweep(*report, out).ok());
  std::string csv, html;
  ASSERT_TRUE(ReadWholeFile(folder + "/sweep.csv", csv).ok());
  ASSERT_TRUE(ReadWholeFile(folder + "/sweep.html", html).ok());
  EXPECT_NE(
      csv.find("tekun.multiplier,eligible_households,eligible_persons,monthly_cost,yearly_cost"),
      std::string::npos);
  EXPECT_NE(csv.find("\n1.35,"), std::string::npos) << csv;
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("http://"),
            html.find("http://www.w3.org/2000/svg"));  // nothing loaded from elsewhere
}

TEST_F(SweepTest, MarksTodaysValueAndTheProposedOne) {
  SweepOptions options{base_, "dibao.urban", "800", "1000", "50"};
  options.proposed = "950";
  auto report = RunSweep(*program_, *data_, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->marks.size(), 2u);
  EXPECT_EQ(report->marks[0].label, "今日");
  EXPECT_EQ(report->marks[0].value, (lang::Value{89000, 1}));  // in force on 2025-06-30, in fen
  EXPECT_EQ(report->marks[1].label, "拟");
  EXPECT_EQ(report->marks[1].value, (lang::Value{95000, 1}));
  // Both areas of a per-area parameter, which differ on that day: two marks.
  auto both = RunSweep(*program_, *data_, {base_, "dibao", "800", "1000", "50"});
  ASSERT_TRUE(both.ok()) << both.status();
  ASSERT_EQ(both->marks.size(), 2u);
  EXPECT_EQ(both->marks[0].label, "今日（城市）");
  EXPECT_EQ(both->marks[1].label, "今日（农村）");
  EXPECT_EQ(both->marks[1].value, (lang::Value{85000, 1}));
  // A proposed value outside the range, or not in the parameter's unit, is refused.
  options.proposed = "1050";
  EXPECT_EQ(RunSweep(*program_, *data_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
  options.proposed = "9.999";
  EXPECT_EQ(RunSweep(*program_, *data_, options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SweepTest, BadRangesAreRefused) {
  EXPECT_FALSE(RunSweep(*program_, *data_, {base_, "dibao.urban", "800", "900", "0"}).ok());
  EXPECT_FALSE(RunSweep(*program_, *data_, {base_, "dibao.urban", "800", "90000", "0.01"})
                   .ok());  // too many points
  EXPECT_FALSE(RunSweep(*program_, *data_, {base_, "dibao.urbn", "800", "900", "10"}).ok());
  auto reversed = RunSweep(*program_, *data_, {base_, "dibao.urban", "900", "800", "10"});
  ASSERT_FALSE(reversed.ok());  // no value at all: once a crash drawing an empty chart
  EXPECT_EQ(reversed.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SweepTest, ACostBeyond64BitsIsAnErrorNotAWrongNumber) {
  auto report = RunSweep(*program_, *data_,
                         {base_, "dibao.urban", "1000000000000000", "1000000000000000", "1"});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(report.status().message().find(
                "cost at dibao.urban = 1000000000000000.00 does not fit 64-bit fen"),
            std::string::npos)
      << report.status();
}

}  // namespace
}  // namespace safetynet::monitor
