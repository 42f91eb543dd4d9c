// The Weihai rule set (rules/weihai) on the reference data set reproduces
// the expected alerts and entitlements exactly (tests/data/tiny/expected),
// and the outputs are byte-identical for 1 and 2 threads.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "engine/io/csv_reader.h"
#include "engine/io/files.h"
#include "engine/io/import.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/nightly.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

const std::string kData = SAFETYNET_TEST_DATA;

// The rows of a CSV file, each reduced to the named columns.
std::vector<std::vector<std::string>> Columns(const std::string& path,
                                              const std::vector<std::string>& names) {
  std::string text;
  EXPECT_TRUE(ReadWholeFile(path, text).ok()) << path;
  CsvReader reader(text);
  CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  if (!reader.Next(record)) return rows;
  std::vector<int> positions;
  for (const std::string& name : names) {
    int found = -1;
    for (size_t i = 0; i < record.fields.size(); ++i) {
      if (record.fields[i] == name) found = static_cast<int>(i);
    }
    EXPECT_GE(found, 0) << name << " in " << path;
    positions.push_back(found);
  }
  while (reader.Next(record)) {
    std::vector<std::string> row;
    for (int position : positions) row.emplace_back(record.fields[position]);
    rows.push_back(std::move(row));
  }
  return rows;
}

class ReferenceRun : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::ImportReferenceData();
    program_ = testing::WeihaiRules();
  }

  std::string Run(int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    NightlyOptions options;
    options.as_of = DaysFromCivil({2025, 6, 30});
    folders_.push_back(testing::TestFolder("safetynet-run"));
    options.split_by = SplitBy::kTown;
    const std::string path = folders_.back().path() + "/night";
    OutputFolder out = testing::TestOutput(path);
    auto summary = RunNightly(*program_, *data_, options, out);
    EXPECT_TRUE(summary.ok()) << summary.status();
    return path;
  }

  std::unique_ptr<Dataset> data_;
  std::unique_ptr<lang::Program> program_;
  std::vector<ScratchFolder> folders_;  // the runs' outputs, removed after the test
};

TEST_F(ReferenceRun, AlertsAreExactlyTheExpectedOnes) {
  std::string out = Run(2);
  const std::vector<std::string> columns = {"rule_id", "severity", "subject_kind", "subject_id",
                                            "score"};
  auto expected = Columns(kData + "/tiny/expected/alerts.csv", columns);
  auto got = Columns(out + "/alerts.csv", columns);
  ASSERT_EQ(expected.size(), 331u);
  EXPECT_EQ(got, expected);
}

TEST_F(ReferenceRun, EntitlementsAreExactlyTheExpectedOnes) {
  std::string out = Run(2);
  const std::vector<std::string> columns = {"subject_kind", "subject_id", "kind", "amount"};
  auto expected = Columns(kData + "/tiny/expected/entitlements.csv", columns);
  auto got = Columns(out + "/entitlements.csv", columns);
  ASSERT_EQ(expected.size(), 320u);
  EXPECT_EQ(got, expected);
}

// The undecided list of the reference run (deliberately added with
// three-valued logic: tests/data/tiny/expected/undecided.csv), the same for
// 1 and 2 threads.
TEST_F(ReferenceRun, UndecidedAreExactlyTheExpectedOnes) {
  std::string one = Run(1), two = Run(2);
  std::string a, b, expected;
  ASSERT_TRUE(ReadWholeFile(one + "/undecided.csv", a).ok());
  ASSERT_TRUE(ReadWholeFile(two + "/undecided.csv", b).ok());
  ASSERT_TRUE(ReadWholeFile(kData + "/tiny/expected/undecided.csv", expected).ok());
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, expected);
}

// Monthly totals beyond 64-bit fen stop the run with a message naming the
// total; nothing is written (before: a wrapped, negative total, exit 0).
TEST_F(ReferenceRun, ATotalBeyond64BitsIsAnErrorNotAWrongNumber) {
  lang::RuleSources sources;
  sources.standards.push_back(
      {"t.standards", "param big: money\n  2020-01-01: 50000000000000000\n"});
  sources.rules.push_back({"t.rules", "for household:\n  entitlement BIG = param(big)\n"});
  auto program = lang::CompileRules(std::move(sources));
  ASSERT_TRUE(program.ok()) << program.status();
  NightlyOptions options;
  options.as_of = DaysFromCivil({2025, 6, 30});
  folders_.push_back(testing::TestFolder("safetynet-run"));
  const std::string path = folders_.back().path() + "/night";
  OutputFolder out = testing::TestOutput(path);
  auto summary = RunNightly(**program, *data_, options, out);
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(summary.status().message().find("the monthly total of BIG does not fit 64-bit fen"),
            std::string::npos)
      << summary.status();
  EXPECT_FALSE(std::filesystem::exists(path + "/entitlements.csv"));
}

TEST_F(ReferenceRun, OutputsAreByteIdenticalForOneAndTwoThreads) {
  std::string one = Run(1), two = Run(2);
  for (const char* file :
       {"alerts.csv", "alerts.jsonl", "entitlements.csv", "unmatched_signals.csv"}) {
    std::string a, b;
    ASSERT_TRUE(ReadWholeFile(one + "/" + file, a).ok());
    ASSERT_TRUE(ReadWholeFile(two + "/" + file, b).ok());
    EXPECT_EQ(a, b) << file;
    EXPECT_GT(a.size(), 100u) << file;
  }
}

TEST_F(ReferenceRun, EveryAlertCarriesWhereAndWhy) {
  std::string out = Run(2);
  auto rows =
      Columns(out + "/alerts.csv", {"rule_id", "district", "town", "village", "evidence", "as_of",
                                    "standards_version", "household_id", "subject_kind"});
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) {
    EXPECT_EQ(row[1].size(), 6u) << row[0];
    EXPECT_FALSE(row[2].empty()) << row[0];
    EXPECT_FALSE(row[3].empty()) << row[0];
    EXPECT_EQ(row[5], "2025-06-30");
    EXPECT_EQ(row[6], "2024-07-01");
    if (row[8] != "ELDERLY") {
      EXPECT_FALSE(row[7].empty()) << row[0];
    }
  }
}

// Spec section 8: a caseworker sees from the alert alone why it fired. Every
// rule of the rule set fires on the reference data (the data-quality alerts
// D1-D5 on its dirty copy, tests/data/tiny-dirty), and no alert of any rule
// has empty evidence; E2 and E3 name the deciding signal's date.
TEST_F(ReferenceRun, NoAlertOfAnyRuleHasEmptyEvidence) {
  std::string out = Run(2);
  auto rows = Columns(out + "/alerts.csv", {"rule_id", "evidence"});
  data_ = testing::ImportReferenceData("tiny-dirty");
  for (auto& row : Columns(Run(2) + "/alerts.csv", {"rule_id", "evidence"})) {
    rows.push_back(std::move(row));
  }
  std::set<std::string> fired;
  for (const auto& row : rows) {
    fired.insert(row[0]);
    EXPECT_FALSE(row[1].empty()) << row[0];
    if (row[0] == "E2_HOSPITALIZED_ALONE") {
      EXPECT_TRUE(row[1].starts_with("inpatient_stay_date=2025-0")) << row[1];
      EXPECT_TRUE(row[1].ends_with("; living=ALONE")) << row[1];
    }
    if (row[0] == "E3_DECEASED_ALLOWANCE") {
      EXPECT_TRUE(row[1].starts_with("death_date=20")) << row[1];
    }
  }
  for (const lang::AlertDef& alert : program_->alerts) {
    EXPECT_TRUE(fired.contains(alert.id)) << alert.id << " does not fire on the reference data";
  }
  // An example of evidence a caseworker reads.
  auto h3 = Columns(out + "/alerts.csv", {"rule_id", "evidence"});
  bool found = false;
  for (const auto& row : h3) {
    if (row[0] == "H3_INCOME_ABOVE_LINE") {
      EXPECT_NE(row[1].find("income_pc="), std::string::npos);
      EXPECT_NE(row[1].find("std="), std::string::npos);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ReferenceRun, SplitByTownWritesOneFilePerTown) {
  std::string out = Run(2);
  auto all = Columns(out + "/alerts.csv", {"district", "town"});
  std::set<std::string> towns;
  for (const auto& row : all) towns.insert(row[0] + "-" + row[1]);
  size_t total = 0;
  for (const std::string& town : towns) {
    auto rows = Columns(out + "/alerts-by-town/" + town + ".csv", {"town"});
    for (const auto& row : rows) EXPECT_EQ(town.substr(7), row[0]);
    total += rows.size();
  }
  EXPECT_EQ(total, all.size());
}

}  // namespace
}  // namespace safetynet::monitor
