// Hostile and absurd input: never a crash, never a silent loss; each with a
// clear report.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "engine/io/import.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/nightly.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

constexpr const char* kHouseholds =
    "household_id,district,town,village,area,category,tekun_mode,enrolled_date,current_payment\n"
    "H1,371002,t,v,URBAN,DIBAO,,2020-01-01,690\n";
constexpr const char* kPersons =
    "person_id,household_id,name,sex,birth_date,relation,disability_grade,self_care,serious_"
    "illness,student,"
    "declared_income,child_status\n371082199601070013,H1,胡海,M,1996-01-07,HEAD,0,FULL,0,0,1608,"
    "NONE\n";
constexpr const char* kElderly =
    "person_id,name,birth_date,district,town,village,area,living,ability_level,shidu,pension,age_"
    "allowance,"
    "last_visit\n371003194101110017,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,EMPTY_NEST,2,0,"
    "626.66,1,\n";
constexpr const char* kSignalHeader =
    "signal_id,source,type,person_id,event_date,amount,inpatient,detail\n";

ImportResult MustImport(const ExchangeFiles& files) {
  auto result = ImportExchangeFiles(files, {});
  EXPECT_TRUE(result.ok()) << result.status();
  return std::move(*result);
}

TEST(HostileInput, ATenMegabyteField) {
  std::string signals =
      std::string(kSignalHeader) + "S1,HRSS,INCOME,371082199601070013,2025-05-22,1,," +
      std::string(10 << 20, 'x') + "\nS2,HRSS,INCOME,371082199601070013,2025-05-23,2,,ok\n";
  ImportResult result = MustImport({kHouseholds, kPersons, kElderly, signals});
  ASSERT_EQ(result.rejects.size(), 1u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kBadText);
  EXPECT_EQ(result.rejects[0].line, 2u);
  EXPECT_EQ(result.dataset->signals.size(), 1u);
}

TEST(HostileInput, AMillionColumns) {
  std::string header = "signal_id,source,type,person_id,event_date,amount,inpatient,detail";
  std::string row = "S1,HRSS,INCOME,371082199601070013,2025-05-22,1,,d";
  for (int i = 0; i < 1000000; ++i) {
    header += ",x";
    row += ",";
  }
  std::string signals =
      header + "\n" + row + "\nS2,HRSS,INCOME,371082199601070013,2025-05-23,2,,short\n";
  ImportResult result = MustImport({kHouseholds, kPersons, kElderly, signals});
  EXPECT_EQ(result.dataset->signals.size(), 1u);  // the unknown columns are ignored
  ASSERT_EQ(result.rejects.size(), 1u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kWrongColumnCount);
  EXPECT_EQ(result.rejects[0].line, 3u);
  EXPECT_EQ(
      result.files[3].warnings,  // one warning for the name, however often
      std::vector<std::string>{"unknown column 'x', 1000000 times (ignored: a misspelt name?)"});
}

TEST(HostileInput, BinaryGarbageIsAFatalErrorNamingTheFile) {
  std::string garbage(4096, '\0');
  for (size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<char>((i * 7919) % 256);
  auto result = ImportExchangeFiles({kHouseholds, kPersons, garbage, kSignalHeader}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("elderly.csv"), std::string::npos) << result.status();
}

class HostileRun : public ::testing::Test {
 protected:
  monitor::NightlySummary Run(const ExchangeFiles& files, Days as_of) {
    auto program = lang::LoadRules(std::string(SAFETYNET_RULES_DIR) + "/weihai");
    EXPECT_TRUE(program.ok());
    ImportResult imported = MustImport(files);
    monitor::NightlyOptions options;
    options.as_of = as_of;
    const ScratchFolder folder = testing::TestFolder("hostile");
    OutputFolder out = testing::TestOutput(folder.path() + "/night");
    auto summary = monitor::RunNightly(**program, *imported.dataset, options, out);
    EXPECT_TRUE(summary.ok()) << summary.status();
    return *summary;
  }
};

TEST_F(HostileRun, AnAsOfDateInTheYear9999) {
  monitor::NightlySummary summary =
      Run({kHouseholds, kPersons, kElderly, kSignalHeader}, DaysFromCivil({9999, 12, 31}));
  EXPECT_EQ(summary.standards_version, DaysFromCivil({2025, 7, 1}));
  EXPECT_TRUE(summary.overflows.empty());
}

TEST_F(HostileRun, AnAsOfDateBeforeAnyStandardIsAClearError) {
  auto program = lang::LoadRules(std::string(SAFETYNET_RULES_DIR) + "/weihai");
  ImportResult imported = MustImport({kHouseholds, kPersons, kElderly, kSignalHeader});
  monitor::NightlyOptions options;
  options.as_of = DaysFromCivil({1, 1, 1});
  const ScratchFolder folder = testing::TestFolder("hostile");
  const std::string never_written = folder.path() + "/never-written";
  OutputFolder out = testing::TestOutput(never_written);
  auto summary = monitor::RunNightly(**program, *imported.dataset, options, out);
  ASSERT_FALSE(summary.ok());
  struct stat info;
  EXPECT_NE(::lstat(never_written.c_str(), &info), 0) << "a failed run created its output folder";
  EXPECT_NE(summary.status().message().find("has no value in force on 0001-01-01"),
            std::string::npos)
      << summary.status();
}

TEST_F(HostileRun, AmountsThatOverflowWhenSummedAreReportedNotWrapped) {
  std::string signals = std::string(kSignalHeader) +
                        "S1,HRSS,INCOME,371082199601070013,2025-05-22,92233720368547758.07,,\n"
                        "S2,HRSS,INCOME,371082199601070013,2025-05-23,92233720368547758.07,,\n"
                        "S3,MI,MEDICAL,371082199601070013,2025-05-23,92233720368547758.07,1,\n"
                        "S4,MI,MEDICAL,371082199601070013,2025-05-24,1,1,\n";
  monitor::NightlySummary summary =
      Run({kHouseholds, kPersons, kElderly, signals}, DaysFromCivil({2025, 6, 30}));
  EXPECT_FALSE(summary.overflows.empty());
  for (const std::string& overflow : summary.overflows) {
    EXPECT_NE(overflow.find(".rules:"), std::string::npos) << overflow;
  }
}

TEST_F(HostileRun, SignalCountsAddUp) {
  std::string signals = std::string(kSignalHeader) +
                        "S1,HRSS,INCOME,371082199601070013,2025-05-22,1,,\n"   // matched
                        "S2,HRSS,INCOME,110101199001010015,2025-05-22,1,,\n"   // unmatched
                        "S3,HRSS,INCOME,371082199601070013,2025-07-22,1,,\n"   // future-dated
                        "S4,HRSS,INCOME,110101199001010015,2025-07-22,1,,\n";  // both
  monitor::NightlySummary s =
      Run({kHouseholds, kPersons, kElderly, signals}, DaysFromCivil({2025, 6, 30}));
  EXPECT_EQ(s.signals_matched, 1u);
  EXPECT_EQ(s.signals_unmatched, 2u);
  EXPECT_EQ(s.signals_future_dated, 2u);
  EXPECT_EQ(s.signals_unmatched_future_dated, 1u);
  EXPECT_EQ(s.signals, s.signals_matched + s.signals_unmatched + s.signals_future_dated -
                           s.signals_unmatched_future_dated);
}

}  // namespace
}  // namespace safetynet
