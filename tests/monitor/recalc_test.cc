// Recalculation: the reference change of 2025-07-01 on the reference data
// reproduces the expected files exactly; a --set of a base parameter moves
// the parameters derived from it; the outputs' sums add up; the eligibility
// and deceased values come from the rules' declarations or are named.
#include "engine/monitor/recalc.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>

#include "engine/io/files.h"
#include "engine/lang/rule_set.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

const std::string kData = SAFETYNET_TEST_DATA;

class RecalcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::ImportReferenceData();
    program_ = testing::WeihaiRules();
  }
  RecalcReport Run(RecalcOptions options) {
    options.as_of = DaysFromCivil({2025, 6, 30});
    auto report = RunRecalc(*program_, *data_, options);
    EXPECT_TRUE(report.ok()) << report.status();
    return std::move(*report);
  }
  std::string Written(const RecalcReport& report, const std::string& file) {
    const ScratchFolder folder = testing::TestFolder("recalc");
    OutputFolder out = testing::TestOutput(folder.path() + "/recalc", "recalc");
    EXPECT_TRUE(WriteRecalc(report, out).ok());
    std::string text;
    EXPECT_TRUE(ReadWholeFile(folder.path() + "/recalc/" + file, text).ok());
    return text.substr(3);  // without the byte-order mark
  }
  std::string Expected(const std::string& file) {
    std::string text;
    EXPECT_TRUE(ReadWholeFile(kData + "/tiny/expected/" + file, text).ok());
    return text;
  }
  std::unique_ptr<Dataset> data_;
  std::unique_ptr<lang::Program> program_;
};

TEST_F(RecalcTest, TheReferenceChangeMatchesTheExpectedFilesExactly) {
  RecalcOptions options;
  options.to = DaysFromCivil({2025, 7, 1});
  RecalcReport report = Run(options);
  EXPECT_EQ(report.changes.size(), 48u);
  EXPECT_EQ(Written(report, "recalc.csv"), Expected("recalc.csv"));
  EXPECT_EQ(Written(report, "recalc_eligibility.csv"), Expected("recalc_eligibility.csv"));
  EXPECT_EQ(Written(report, "recalc_summary.csv"), Expected("recalc_summary.csv"));
  ASSERT_EQ(report.parameters.size(),
            6u);  // dibao, tekun.basic and marginal.line, each urban and rural
  EXPECT_EQ(report.parameters[0].name, "dibao.urban");
}

TEST_F(RecalcTest, DistrictRowsAddUpToTheCity) {
  RecalcOptions options;
  options.to = DaysFromCivil({2025, 7, 1});
  RecalcReport report = Run(options);
  Fen old_total = 0, new_total = 0;
  size_t households = 0;
  for (size_t i = 0; i + 1 < report.districts.size(); ++i) {
    old_total += report.districts[i].monthly_old;
    new_total += report.districts[i].monthly_new;
    households += report.districts[i].households_affected;
  }
  EXPECT_EQ(report.districts.back().district, "CITY");
  EXPECT_EQ(old_total, report.districts.back().monthly_old);
  EXPECT_EQ(new_total, report.districts.back().monthly_new);
  EXPECT_EQ(households,
            report.districts.back().households_affected);  // a household is in one district
  Fen changes = 0;
  for (const AmountChange& c : report.changes) changes += c.new_amount - c.old_amount;
  EXPECT_EQ(changes, new_total - old_total);
}

TEST_F(RecalcTest, SettingABaseParameterMovesTheDerivedOnes) {
  auto change = lang::ParseOverride(program_->standards, "dibao.urban=1000");
  ASSERT_TRUE(change.ok()) << change.status();
  RecalcOptions options;
  options.overrides = {*change};
  RecalcReport report = Run(options);
  std::map<std::string, std::pair<Fen, Fen>> parameters;
  for (const ParameterChange& p : report.parameters)
    parameters[p.name] = {p.old_value.num, p.new_value.num};
  EXPECT_EQ(parameters.size(), 3u);
  EXPECT_EQ(parameters["dibao.urban"], std::make_pair(Fen{89000}, Fen{100000}));
  EXPECT_EQ(parameters["tekun.basic.urban"],
            std::make_pair(Fen{116000}, Fen{130000}));  // ceil10(x 1.3)
  EXPECT_EQ(parameters["marginal.line.urban"], std::make_pair(Fen{133500}, Fen{150000}));
  // Every urban tekun household gains 140.00 per living member; rural ones do not change.
  bool saw_tekun = false;
  for (const AmountChange& c : report.changes) {
    if (c.kind != "TEKUN") continue;
    saw_tekun = true;
    EXPECT_EQ((c.new_amount - c.old_amount) % 14000, 0) << c.subject_id;
    const uint32_t row = data_->household_row_of.at(c.subject_id);
    EXPECT_EQ(data_->households.area[row], Area::kUrban) << c.subject_id;
  }
  EXPECT_TRUE(saw_tekun);
  // The summary says which values changed, and which followed their formulas.
  const std::string summary = FormatRecalcSummary(report);
  EXPECT_NE(summary.find("standards of 2024-07-01, values changed:\n"
                         "  dibao.urban: 890.00 -> 1000.00 (set)\n"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("  tekun.basic.urban: 1160.00 -> 1300.00 (derived: follows its formula)"),
            std::string::npos)
      << summary;
  EXPECT_EQ(summary.find("2024-07-01 -> 2024-07-01"), std::string::npos) << summary;
}

// A counted value that the standards do not move is taken over, not
// recomputed: no household changes eligibility (this once read a column the
// new side never held).
TEST_F(RecalcTest, AnEligibilityTheStandardsDoNotMoveChangesForNoOne) {
  auto change = lang::ParseOverride(program_->standards, "dibao.urban=1000");
  ASSERT_TRUE(change.ok()) << change.status();
  RecalcOptions options;
  options.overrides = {*change};
  options.eligibility = "assisted";  // category in {DIBAO, TEKUN}
  RecalcReport report = Run(options);
  EXPECT_EQ(report.eligibility_value, "assisted");
  EXPECT_TRUE(report.eligibility.empty());
  EXPECT_FALSE(report.changes.empty());
}

TEST_F(RecalcTest, NoChangeChangesNothing) {
  RecalcOptions options;
  options.to = DaysFromCivil({2025, 6, 30});
  RecalcReport report = Run(options);
  EXPECT_TRUE(report.changes.empty());
  EXPECT_TRUE(report.eligibility.empty());
  EXPECT_EQ(report.districts.back().monthly_old, report.districts.back().monthly_new);
}

// rules/weihai without its `eligibility =` and `deceased =` declarations.
std::unique_ptr<lang::Program> UndeclaredWeihaiRules() {
  auto sources = lang::ReadRuleFolder(std::string(SAFETYNET_RULES_DIR) + "/weihai");
  EXPECT_TRUE(sources.ok()) << sources.status();
  const std::regex declaration("\n *(eligibility|deceased) = [^\n]*");
  for (lang::SourceFile& file : sources->rules)
    file.text = std::regex_replace(file.text, declaration, "");
  auto program = lang::CompileRules(std::move(*sources));
  EXPECT_TRUE(program.ok()) << program.status();
  return std::move(*program);
}

TEST_F(RecalcTest, RulesWithoutDeclarationsNeedTheValuesNamed) {
  const std::unique_ptr<lang::Program> rules = UndeclaredWeihaiRules();
  RecalcOptions options;
  options.as_of = DaysFromCivil({2025, 6, 30});
  options.to = DaysFromCivil({2025, 7, 1});
  auto refused = RunRecalc(*rules, *data_, options);
  ASSERT_FALSE(refused.ok());
  // What the rules lack is a failure of the work (exit 1); a value named on
  // the command line that is not there is a usage error (exit 2).
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().message(),
            "the rules declare no eligibility value: add 'eligibility = NAME' to a 'for "
            "household:' block of the rules folder (NAME a bool household value; "
            "docs/rule-language.md, \"Declarations\"), or give --eligibility NAME");
  options.eligibility = "dibao_eligible";
  refused = RunRecalc(*rules, *data_, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("declare no deceased value: add 'deceased = NAME' to "
                                            "a 'for person:' block"),
            std::string::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("or give --deceased NAME"), std::string::npos);
  options.deceased = "dead";
  auto named = RunRecalc(*rules, *data_, options);
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(Written(*named, "recalc_eligibility.csv"), Expected("recalc_eligibility.csv"));
  EXPECT_EQ(Written(*named, "recalc_summary.csv"), Expected("recalc_summary.csv"));
  options.eligibility = "income_pc";
  refused = RunRecalc(*rules, *data_, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.status().message(),
            "the rules define no household value 'income_pc' of type bool (--eligibility)");
}

TEST_F(RecalcTest, BadOverridesAreRefused) {
  auto typo = lang::ParseOverride(program_->standards, "dibao.urbn=1000");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(typo.status().message().find("did you mean 'dibao.urban'"), std::string::npos)
      << typo.status();
  EXPECT_FALSE(lang::ParseOverride(program_->standards, "dibao.urban=1000.001").ok());
  EXPECT_FALSE(lang::ParseOverride(program_->standards, "visit.high_risk_days=7.5").ok());
  EXPECT_FALSE(lang::ParseOverride(program_->standards, "dibao.urban").ok());
  auto ratio = lang::ParseOverride(program_->standards, "care.semi=1/5");
  ASSERT_TRUE(ratio.ok()) << ratio.status();
  EXPECT_EQ(ratio->value, (lang::Value{1, 5}));
}

// A standard so high that the totals leave 64-bit fen: an error naming the
// total, never a wrapped number (before: a negative city total, exit 0).
TEST_F(RecalcTest, TotalsBeyond64BitsAreAnErrorNotAWrongNumber) {
  RecalcOptions options;
  options.as_of = DaysFromCivil({2025, 6, 30});
  options.overrides = {*lang::ParseOverride(program_->standards, "dibao.urban=1000000000000000")};
  auto report = RunRecalc(*program_, *data_, options);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(report.status().message().find("does not fit 64-bit fen"), std::string::npos)
      << report.status();
  // A high standard whose totals still fit is computed as ever.
  options.overrides = {*lang::ParseOverride(program_->standards, "dibao.urban=10000000000")};
  EXPECT_TRUE(RunRecalc(*program_, *data_, options).ok());
}

}  // namespace
}  // namespace safetynet::monitor
