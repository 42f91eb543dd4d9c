// explain: for one subject, every rule with fired / not fired, each term of
// its condition with the values that decided it.
#include "engine/monitor/explain.h"

#include <gtest/gtest.h>

#include "tests/support/reference_data.h"

namespace safetynet::monitor {
namespace {

class ExplainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = testing::ImportReferenceData();
    program_ = testing::WeihaiRules();
  }
  std::unique_ptr<Dataset> data_;
  std::unique_ptr<lang::Program> program_;
};

TEST_F(ExplainTest, AHouseholdWithWhyAndWhyNot) {
  // HH37100200000080 is in the expected alerts with H7 (score 55), and not with H3.
  auto text = Explain(*program_, *data_, DaysFromCivil({2025, 6, 30}), "HH37100200000080");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(text->find("H7_RETURN_TO_POVERTY_RISK: FIRED, severity HIGH, score 55"),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("H3_INCOME_ABOVE_LINE: not fired"), std::string::npos);
  EXPECT_NE(text->find("no   category == DIBAO    [category = MARGINAL]"), std::string::npos)
      << *text;
  EXPECT_NE(text->find("    income_pc = "), std::string::npos);
  EXPECT_NE(text->find("entitlements:"), std::string::npos);
}

TEST_F(ExplainTest, AnElderlyResident) {
  auto text = Explain(*program_, *data_, DaysFromCivil({2025, 6, 30}), "371002192207240009");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_NE(text->find("elderly 371002192207240009"), std::string::npos);
  EXPECT_NE(text->find("E1_VISIT_OVERDUE: FIRED, severity MEDIUM"), std::string::npos) << *text;
  EXPECT_NE(text->find("AGE_ALLOWANCE = 300.00"), std::string::npos) << *text;
}

TEST_F(ExplainTest, AnIdAsPastedWithBlanksAndALowerCaseX) {
  // 37100219350903001X is an elderly resident of the reference data (E1 fires).
  for (const char* id : {" 37100219350903001X", "37100219350903001x\t", "  37100219350903001x \n",
                         " HH37100200000080 "}) {
    auto text = Explain(*program_, *data_, DaysFromCivil({2025, 6, 30}), id);
    ASSERT_TRUE(text.ok()) << "'" << id << "': " << text.status();
    EXPECT_NE(text->find(": FIRED"), std::string::npos) << *text;
  }
}

TEST_F(ExplainTest, UnknownSubject) {
  auto text = Explain(*program_, *data_, DaysFromCivil({2025, 6, 30}), "HH_NOBODY");
  EXPECT_EQ(text.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace safetynet::monitor
