// Every rule of the Weihai rule set (docs/weihai-rules.md) on its
// boundaries: exactly at the line and one fen off, exactly 90 days and 91,
// exactly 80 years old and a day short, ... Each case is a small data set
// built in code; the expectations are worked out by hand from the spec.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>
#include <string>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/records.h"
#include "engine/monitor/undecided.h"
#include "tests/support/dataset_builder.h"

namespace safetynet::monitor {
namespace {

using testing::DatasetBuilder;
using testing::ElderlySpec;
using testing::PersonSpec;

const Days D = DaysFromCivil({2025, 6, 30});  // standards of 2024-07-01: urban 890, rural 850

Days Born(int years_before, int days_earlier = 0) {
  CivilDate today = CivilFromDays(D);
  return DaysFromCivil({today.year - years_before, today.month, today.day}) - days_earlier;
}

Fen Yuan(double yuan) { return static_cast<Fen>(yuan * 100 + (yuan >= 0 ? 0.5 : -0.5)); }

struct Outcome {
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>>
      alerts;  // (rule, subject) -> (severity, score)
  std::map<std::pair<std::string, std::string>, Fen> entitlements;  // (kind, subject) -> amount
  std::set<std::pair<std::string, std::string>> undecided;          // (rule or kind, subject)

  bool Fired(const std::string& rule, const std::string& subject) const {
    return alerts.count({rule, subject}) > 0;
  }
  std::string Severity(const std::string& rule, const std::string& subject) const {
    auto found = alerts.find({rule, subject});
    return found == alerts.end() ? "" : found->second.first;
  }
  std::string Score(const std::string& rule, const std::string& subject) const {
    auto found = alerts.find({rule, subject});
    return found == alerts.end() ? "" : found->second.second;
  }
  Fen Amount(const std::string& kind, const std::string& subject) const {
    auto found = entitlements.find({kind, subject});
    return found == entitlements.end() ? 0 : found->second;
  }
};

const lang::Program& Rules() {
  static std::unique_ptr<lang::Program> program = [] {
    auto loaded = lang::LoadRules(std::string(SAFETYNET_RULES_DIR) + "/weihai");
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    return std::move(*loaded);
  }();
  return *program;
}

// `may_overflow`: the data set is built to overflow (else an overflow fails the test).
Outcome RunWeihaiOn(std::unique_ptr<Dataset> data, const lang::Program& program = Rules(),
                    bool may_overflow = false) {
  auto standards = lang::Resolve(program.standards, D);
  EXPECT_TRUE(standards.ok()) << standards.status();
  SignalIndex index(*data, D);
  exec::RunResult result =
      exec::Evaluate(program, *data, index, standards.value_or(lang::ResolvedStandards{}), D);
  EXPECT_TRUE(may_overflow || result.overflows.empty());
  Outcome outcome;
  for (const UndecidedRecord& r : UndecidedRecords(program, *data, result)) {
    outcome.undecided.emplace(std::string(r.rule), r.subject_id);
  }
  const SubjectKeys keys(*data);
  AlertLines alerts = FormatAlerts(program, *data, index, keys, result, RunLabels());
  for (const AlertLine& line : alerts.lines()) {
    outcome.alerts[{program.alerts[line.alert].id, std::string(line.subject_id)}] = {
        std::string(SeverityName(line.severity)), line.score == kEmpty ? "" : Cat(line.score)};
  }
  for (const EntitlementRecord& r : EntitlementRecords(program, *data, keys, result)) {
    outcome.entitlements[{std::string(r.kind), r.subject_id}] = r.amount;
  }
  return outcome;
}

Outcome RunWeihai(DatasetBuilder& builder, const lang::Program& program = Rules()) {
  return RunWeihaiOn(builder.Build(), program);
}

std::string Id(PackedId id) { return FormatResidentId(id); }

// ---- household values and alerts ----

TEST(Weihai, H1DeceasedBeneficiaryOnOrBeforeTheAsOfDate) {
  DatasetBuilder b;
  b.Household("HD", Category::kDibao);
  PackedId today = b.Person({Born(40), Yuan(100)});
  PackedId tomorrow = b.Person({Born(41), Yuan(100)});
  b.Household("HM", Category::kMarginal);
  PackedId marginal = b.Person({Born(40)});
  b.Signal(today, SignalType::kDeath, D);
  b.Signal(tomorrow, SignalType::kDeath, D + 1);  // future-dated: ignored
  b.Signal(marginal, SignalType::kDeath, D - 10);
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("H1_DECEASED_BENEFICIARY", Id(today)));
  EXPECT_FALSE(o.Fired("H1_DECEASED_BENEFICIARY", Id(tomorrow)));
  EXPECT_FALSE(o.Fired("H1_DECEASED_BENEFICIARY", Id(marginal)));
}

TEST(Weihai, H2AssetThresholdsAreStrict) {
  DatasetBuilder b;
  b.Household("V_AT", Category::kDibao);
  b.Signal(b.Person({Born(40)}), SignalType::kVehicle, D - 3000, Yuan(30000));
  b.Household("V_OVER", Category::kDibao);
  b.Signal(b.Person({Born(40)}), SignalType::kVehicle, D - 3000, Yuan(30000.01));
  b.Household("P_ONE", Category::kTekun);
  b.Signal(b.Person({Born(70)}), SignalType::kProperty, D - 5000, 1);
  b.Household("P_TWO", Category::kTekun);
  PackedId owner = b.Person({Born(70)});
  b.Signal(owner, SignalType::kProperty, D - 5000, 1);
  b.Signal(owner, SignalType::kProperty, D - 100, 1);
  b.Household("B_ZERO", Category::kDibao);
  b.Signal(b.Person({Born(40)}), SignalType::kBusiness, D, 0);
  b.Household("B_FEN", Category::kDibao);
  b.Signal(b.Person({Born(40)}), SignalType::kBusiness, D, 1);
  b.Household("DEAD_OWNER", Category::kDibao);
  PackedId dead = b.Person({Born(60)});
  b.Person({Born(58)});
  b.Signal(dead, SignalType::kVehicle, D - 30, Yuan(90000));
  b.Signal(dead, SignalType::kDeath, D - 5);
  b.Household("FUTURE", Category::kDibao);
  b.Signal(b.Person({Born(40)}), SignalType::kVehicle, D + 1, Yuan(90000));
  b.Household("NONE_CAT", Category::kNone);
  b.Signal(b.Person({Born(40)}), SignalType::kVehicle, D, Yuan(90000));
  Outcome o = RunWeihai(b);
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "V_AT"));
  EXPECT_TRUE(o.Fired("H2_ASSET_CONFLICT", "V_OVER"));
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "P_ONE"));
  EXPECT_TRUE(o.Fired("H2_ASSET_CONFLICT", "P_TWO"));  // units summed over signals, however old
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "B_ZERO"));
  EXPECT_TRUE(o.Fired("H2_ASSET_CONFLICT", "B_FEN"));
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "DEAD_OWNER"));  // assets of living members only
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "FUTURE"));
  EXPECT_FALSE(o.Fired("H2_ASSET_CONFLICT", "NONE_CAT"));
}

TEST(Weihai, H3AndH4AtTheDibaoLine) {
  DatasetBuilder b;
  b.Household("D_AT", Category::kDibao);
  b.Person({Born(40), Yuan(890)});
  b.Household("D_BELOW", Category::kDibao);
  b.Person({Born(40), Yuan(889.99)});
  b.Household("N_AT", Category::kNone);
  b.Person({Born(40), Yuan(890)});
  b.Household("N_BELOW", Category::kNone);
  b.Person({Born(40), Yuan(889.99)});
  b.Household("R_BELOW", Category::kMonitored, Area::kRural);  // rural line 850
  b.Person({Born(40), Yuan(849.99)});
  b.Household("R_AT", Category::kMarginal, Area::kRural);
  b.Person({Born(40), Yuan(850)});
  b.Household("N_ASSETS", Category::kNone);
  b.Signal(b.Person({Born(40), Yuan(100)}), SignalType::kBusiness, D, Yuan(5000));
  // Two members, 1779.99 in all: per capita 889.995 rounds half up to 890.00, not below.
  b.Household("N_ROUNDED", Category::kNone);
  b.Person({Born(40), Yuan(1000)});
  b.Person({Born(38), Yuan(779.99)});
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("H3_INCOME_ABOVE_LINE", "D_AT"));
  EXPECT_FALSE(o.Fired("H3_INCOME_ABOVE_LINE", "D_BELOW"));
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "N_AT"));
  EXPECT_TRUE(o.Fired("H4_DIBAO_CANDIDATE", "N_BELOW"));
  EXPECT_TRUE(o.Fired("H4_DIBAO_CANDIDATE", "R_BELOW"));
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "R_AT"));
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "N_ASSETS"));
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "N_ROUNDED"));
  EXPECT_TRUE(o.Fired("H6_MARGINAL_CANDIDATE", "N_ROUNDED"));
}

TEST(Weihai, IncomeWindowsAreNinetyDaysExactly) {
  DatasetBuilder b;
  // An INCOME signal exactly 90 days old is out of (D-90, D]: the declared income counts.
  b.Household("OLD", Category::kNone);
  b.Signal(b.Person({Born(40), Yuan(2000)}), SignalType::kIncome, D - 90, Yuan(100));
  // 89 days old is in: the mean of the window's signals counts.
  b.Household("IN", Category::kNone);
  b.Signal(b.Person({Born(40), Yuan(2000)}), SignalType::kIncome, D - 89, Yuan(100));
  // The mean is rounded half up: (100.00 + 100.01) / 2 = 100.005 -> 100.01.
  b.Household("MEAN", Category::kNone);
  PackedId earner = b.Person({Born(40), Yuan(2000)});
  b.Signal(earner, SignalType::kIncome, D - 10, Yuan(100));
  b.Signal(earner, SignalType::kIncome, D - 20, Yuan(100.01));
  Outcome o = RunWeihai(b);
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "OLD"));
  EXPECT_TRUE(o.Fired("H4_DIBAO_CANDIDATE", "IN"));
  EXPECT_TRUE(o.Fired("H4_DIBAO_CANDIDATE", "MEAN"));
}

TEST(Weihai, H5ExpenditureHardship) {
  DatasetBuilder b;
  // Income at the line; 12.00 of medical costs in the year: rigid 1.00, net 889.00 < 890.
  b.Household("HARD", Category::kNone);
  b.Signal(b.Person({Born(40), Yuan(890)}), SignalType::kMedical, D - 364, Yuan(12));
  // The same cost 365 days ago is out of the window.
  b.Household("OUT", Category::kNone);
  b.Signal(b.Person({Born(40), Yuan(890)}), SignalType::kMedical, D - 365, Yuan(12));
  // 0.06 of medical costs: rigid round(0.005) = 0.01, net 889.99.
  b.Household("TINY", Category::kMonitored);
  b.Signal(b.Person({Born(40), Yuan(890)}), SignalType::kMedical, D - 1, Yuan(0.06));
  // 0.05: rigid round(0.00417) = 0.00: net 890, no hardship.
  b.Household("TINIER", Category::kMonitored);
  b.Signal(b.Person({Born(40), Yuan(890)}), SignalType::kMedical, D - 1, Yuan(0.05));
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("H5_EXPENDITURE_HARDSHIP", "HARD"));
  EXPECT_FALSE(o.Fired("H6_MARGINAL_CANDIDATE", "HARD"));  // not H5 is part of H6
  EXPECT_FALSE(o.Fired("H5_EXPENDITURE_HARDSHIP", "OUT"));
  EXPECT_TRUE(o.Fired("H6_MARGINAL_CANDIDATE", "OUT"));
  EXPECT_TRUE(o.Fired("H5_EXPENDITURE_HARDSHIP", "TINY"));
  EXPECT_FALSE(o.Fired("H5_EXPENDITURE_HARDSHIP", "TINIER"));
}

TEST(Weihai, H6MarginalLineInclusive) {
  DatasetBuilder b;
  b.Household("AT_LINE", Category::kMonitored);
  b.Person({Born(40), Yuan(1335)});  // 890 x 1.5
  b.Household("OVER", Category::kNone);
  b.Person({Born(40), Yuan(1335.01)});
  b.Household("MARGINAL_CAT", Category::kMarginal);
  b.Person({Born(40), Yuan(1000)});
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("H6_MARGINAL_CANDIDATE", "AT_LINE"));
  EXPECT_FALSE(o.Fired("H6_MARGINAL_CANDIDATE", "OVER"));
  EXPECT_FALSE(o.Fired("H6_MARGINAL_CANDIDATE", "MARGINAL_CAT"));
}

TEST(Weihai, H7ScoreFactorsOnTheirBoundaries) {
  DatasetBuilder b;
  // Income fell by exactly 30%: 700 now, 1000 before (10 x 700 <= 7 x 1000). +30 -> MEDIUM.
  b.Household("FELL_30", Category::kMonitored);
  PackedId p1 = b.Person({Born(40), Yuan(5000)});
  b.Signal(p1, SignalType::kIncome, D - 1, Yuan(700));
  b.Signal(p1, SignalType::kIncome, D - 90, Yuan(1000));  // exactly 90 days: the prior window
  // 700.01 now: fell by less than 30%: no factor, no alert.
  b.Household("FELL_LESS", Category::kMonitored);
  PackedId p2 = b.Person({Born(40), Yuan(5000)});
  b.Signal(p2, SignalType::kIncome, D - 1, Yuan(700.01));
  b.Signal(p2, SignalType::kIncome, D - 179, Yuan(1000));
  // Medical exactly 20000 (+30), unemployed 89 days ago (+15), one of two a dependent (+10): 55
  // HIGH.
  b.Household("SCORE_55", Category::kMarginal);
  PackedId p3 = b.Person({Born(40), Yuan(9000)});
  b.Person({Born(65), Yuan(0)});  // exactly 65: a dependent
  b.Signal(p3, SignalType::kMedical, D - 100, Yuan(20000));
  b.Signal(p3, SignalType::kUnemployment, D - 89);
  // Medical 19999.99 (and above half a year's income? income 9000 -> 54000: no), unemployment 90
  // days ago: 10.
  b.Household("SCORE_10", Category::kMarginal);
  PackedId p4 = b.Person({Born(40), Yuan(9000)});
  b.Person({Born(64, -1), Yuan(0)});  // 65 tomorrow: not a dependent... but 2 x 0 >= 2 is false
  b.Signal(p4, SignalType::kMedical, D - 100, Yuan(19999.99));
  b.Signal(p4, SignalType::kUnemployment, D - 90);
  // Medical at exactly six months' income (income 1000: 6000.00) +30; disaster exactly 10000
  // +25: 55.
  b.Household("HALF_YEAR", Category::kMonitored);
  PackedId p5 = b.Person({Born(40), Yuan(1000)});
  b.Signal(p5, SignalType::kMedical, D - 2, Yuan(6000));
  b.Signal(p5, SignalType::kDisaster, D - 364, Yuan(10000));
  // No income at all and any medical cost fires the medical factor (clarification 2): 30 +
  // dependents 10.
  b.Household("NO_INCOME", Category::kMonitored);
  b.Signal(b.Person({Born(70), Yuan(0)}), SignalType::kMedical, D - 2, Yuan(0.01));
  Outcome o = RunWeihai(b);
  const std::string h7 = "H7_RETURN_TO_POVERTY_RISK";
  EXPECT_EQ(o.Severity(h7, "FELL_30"), "MEDIUM");
  EXPECT_EQ(o.Score(h7, "FELL_30"), "30");
  EXPECT_FALSE(o.Fired(h7, "FELL_LESS"));
  EXPECT_EQ(o.Score(h7, "SCORE_55"), "55");
  EXPECT_EQ(o.Severity(h7, "SCORE_55"), "HIGH");
  EXPECT_FALSE(o.Fired(h7, "SCORE_10"));
  EXPECT_EQ(o.Score(h7, "HALF_YEAR"), "55");
  EXPECT_EQ(o.Score(h7, "NO_INCOME"), "40");
}

TEST(Weihai, H8PaymentMismatchOverOneYuan) {
  // DIBAO, one member aged 40 with 500.00: gap 390.00, no add-on.
  DatasetBuilder b;
  b.Household("EXACT", Category::kDibao, Area::kUrban, Yuan(390));
  b.Person({Born(40), Yuan(500)});
  b.Household("ONE_YUAN", Category::kDibao, Area::kUrban, Yuan(391));
  b.Person({Born(40), Yuan(500)});
  b.Household("ONE_YUAN_ONE_FEN", Category::kDibao, Area::kUrban, Yuan(388.99));
  b.Person({Born(40), Yuan(500)});
  b.Household("NOT_ELIGIBLE", Category::kDibao, Area::kUrban, Yuan(1.01));
  b.Person({Born(40), Yuan(900)});  // above the line: assistance 0
  Outcome o = RunWeihai(b);
  EXPECT_EQ(o.Amount("DIBAO", "EXACT"), Yuan(390));
  EXPECT_FALSE(o.Fired("H8_PAYMENT_MISMATCH", "EXACT"));
  EXPECT_FALSE(o.Fired("H8_PAYMENT_MISMATCH", "ONE_YUAN"));
  EXPECT_TRUE(o.Fired("H8_PAYMENT_MISMATCH", "ONE_YUAN_ONE_FEN"));
  EXPECT_TRUE(o.Fired("H8_PAYMENT_MISMATCH", "NOT_ELIGIBLE"));
}

TEST(Weihai, H9DissolvedHouseholdAndH1ForEachDeadMember) {
  DatasetBuilder b;
  b.Household("ALL_DEAD", Category::kDibao, Area::kUrban, Yuan(500));
  PackedId a = b.Person({Born(80)});
  PackedId c = b.Person({Born(78)});
  b.Signal(a, SignalType::kDeath, D - 20);
  b.Signal(c, SignalType::kDeath, D);
  b.Household("UNPAID", Category::kMarginal, Area::kUrban, 0);
  b.Signal(b.Person({Born(80)}), SignalType::kDeath, D - 20);
  b.Household("NONE_CAT", Category::kNone, Area::kUrban, Yuan(10));
  b.Signal(b.Person({Born(80)}), SignalType::kDeath, D - 20);
  b.Household("EMPTY", Category::kTekun, Area::kUrban, Yuan(10));  // no members at all
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("H9_HOUSEHOLD_DISSOLVED", "ALL_DEAD"));
  EXPECT_TRUE(o.Fired("H1_DECEASED_BENEFICIARY", Id(a)));
  EXPECT_TRUE(o.Fired("H1_DECEASED_BENEFICIARY", Id(c)));
  EXPECT_FALSE(o.Fired("H8_PAYMENT_MISMATCH", "ALL_DEAD"));  // size 0 is skipped
  EXPECT_EQ(o.Amount("DIBAO", "ALL_DEAD"), 0);
  EXPECT_FALSE(o.Fired("H9_HOUSEHOLD_DISSOLVED", "UNPAID"));
  EXPECT_FALSE(o.Fired("H9_HOUSEHOLD_DISSOLVED", "NONE_CAT"));
  EXPECT_TRUE(o.Fired("H9_HOUSEHOLD_DISSOLVED", "EMPTY"));
}

// ---- entitlements ----

TEST(Weihai, DibaoAmountWithTheLargestAddOn) {
  DatasetBuilder b;
  // Urban line 890, 3 living members, income 300 + 0 + 0 = 300:
  // gap 3 x 890 - 300 = 2370; add-ons: age 70 exactly (0.10: 89.00), a grade-2
  // disability that is also a minor (largest: 0.20: 178.00), an adult with a
  // serious illness (0.30: 267.00). Total 2370 + 89 + 178 + 267 = 2904.00.
  b.Household("D3", Category::kDibao, Area::kUrban, Yuan(2904));
  b.Person({Born(70), Yuan(300)});
  b.Person({Born(10), 0, /*grade*/ 2});
  b.Person({Born(45), 0, 0, SelfCare::kFull, /*serious_illness*/ true});
  // Age 69 (70 tomorrow): no add-on; rural line 850 -> gap 850 - 100 = 750.
  b.Household("R1", Category::kDibao, Area::kRural);
  b.Person({Born(69, -1), Yuan(100)});
  Outcome o = RunWeihai(b);
  EXPECT_EQ(o.Amount("DIBAO", "D3"), Yuan(2904));
  EXPECT_FALSE(o.Fired("H8_PAYMENT_MISMATCH", "D3"));
  EXPECT_EQ(o.Amount("DIBAO", "R1"), Yuan(750));
}

TEST(Weihai, TekunBasicLivingPlusCare) {
  DatasetBuilder b;
  // Urban: ceil10(890 x 1.3 = 1157) = 1160, plus ceil1(2100 / 6 = 350) = 350 (SEMI).
  b.Household("TU", Category::kTekun, Area::kUrban);
  b.Person({Born(75), Yuan(3000), 0, SelfCare::kSemi});  // no income or asset test
  // Rural: ceil10(850 x 1.3 = 1105) = 1110, plus ceil1(2100 / 3 = 700) = 700 (NONE);
  // and a member with FULL self-care: 1110 + ceil1(210) = 1320. Total 3130.
  b.Household("TR", Category::kTekun, Area::kRural);
  b.Person({Born(80), 0, 0, SelfCare::kNone});
  b.Person({Born(60), 0, 0, SelfCare::kFull});
  Outcome o = RunWeihai(b);
  EXPECT_EQ(o.Amount("TEKUN", "TU"), Yuan(1510));
  EXPECT_EQ(o.Amount("TEKUN", "TR"), Yuan(3130));
}

TEST(Weihai, PersonEntitlements) {
  DatasetBuilder b;
  b.Household("M", Category::kMarginal);
  PackedId orphan17 =
      b.Person({Born(17, 364), 0, 0, SelfCare::kFull, false, ChildStatus::kOrphanConcentrated});
  PackedId orphan18 =
      b.Person({Born(18), 0, 0, SelfCare::kFull, false, ChildStatus::kOrphanConcentrated});
  PackedId grade3 = b.Person({Born(50), 0, 3});
  PackedId grade1 = b.Person({Born(50), 0, 1});
  PackedId grade1_dead = b.Person({Born(50), 0, 1});
  b.Signal(grade1_dead, SignalType::kDeath, D - 1);
  b.Household("N", Category::kNone);
  PackedId grade2_none = b.Person({Born(50), 0, 2});
  PackedId vulnerable =
      b.Person({Born(5), 0, 0, SelfCare::kFull, false, ChildStatus::kKeyVulnerable});
  Outcome o = RunWeihai(b);
  EXPECT_EQ(o.Amount("CHILD", Id(orphan17)), Yuan(1760));
  EXPECT_EQ(o.Amount("CHILD", Id(orphan18)), 0);  // 18 today: no longer a child
  EXPECT_EQ(o.Amount("CHILD", Id(vulnerable)), Yuan(980));
  EXPECT_EQ(o.Amount("DISABILITY_LIVING", Id(grade3)), Yuan(160));
  EXPECT_EQ(o.Amount("DISABILITY_LIVING", Id(grade1)), Yuan(213));
  EXPECT_EQ(o.Amount("DISABILITY_LIVING", Id(grade2_none)),
            0);  // only DIBAO or MARGINAL households
  EXPECT_EQ(o.Amount("DISABILITY_CARE", Id(grade1)), Yuan(192));
  EXPECT_EQ(o.Amount("DISABILITY_CARE", Id(grade2_none)), Yuan(160));
  EXPECT_EQ(o.Amount("DISABILITY_CARE", Id(grade3)), 0);
  EXPECT_EQ(o.Amount("DISABILITY_CARE", Id(grade1_dead)), 0);  // only living persons
}

// ---- elderly ----

TEST(Weihai, E1VisitIntervalsExactly) {
  DatasetBuilder b;
  PackedId hr7 =
      b.Elderly({Born(80), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, true, D - 7});
  PackedId hr8 =
      b.Elderly({Born(80), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, true, D - 8});
  PackedId sp30 = b.Elderly(
      {Born(79, -1), Living::kEmptyNest, Yuan(2000), Area::kUrban, 0, false, false, D - 30});
  PackedId sp31 = b.Elderly(
      {Born(79, -1), Living::kEmptyNest, Yuan(2000), Area::kUrban, 0, false, false, D - 31});
  PackedId never = b.Elderly({Born(70), Living::kLeftBehind, Yuan(2000)});
  PackedId future =
      b.Elderly({Born(85), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, true, D + 3});
  PackedId family = b.Elderly({Born(90), Living::kWithFamily, Yuan(2000)});
  PackedId ability3 =
      b.Elderly({Born(65), Living::kAlone, Yuan(2000), Area::kUrban, 3, false, false, D - 8});
  Outcome o = RunWeihai(b);
  const std::string e1 = "E1_VISIT_OVERDUE";
  EXPECT_FALSE(o.Fired(e1, Id(hr7)));
  EXPECT_EQ(o.Severity(e1, Id(hr8)), "MEDIUM");
  EXPECT_FALSE(o.Fired(e1, Id(sp30)));
  EXPECT_EQ(o.Severity(e1, Id(sp31)), "LOW");
  EXPECT_EQ(o.Severity(e1, Id(never)), "LOW");
  EXPECT_FALSE(o.Fired(e1, Id(future)));
  EXPECT_FALSE(o.Fired(e1, Id(family)));
  EXPECT_EQ(o.Severity(e1, Id(ability3)), "MEDIUM");
}

TEST(Weihai, E2ToE5AndTheAgeAllowance) {
  DatasetBuilder b;
  PackedId in29 =
      b.Elderly({Born(70), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, false, D});
  PackedId in30 =
      b.Elderly({Born(70), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, false, D});
  PackedId outpatient =
      b.Elderly({Born(70), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, false, D});
  PackedId nest =
      b.Elderly({Born(70), Living::kEmptyNest, Yuan(2000), Area::kUrban, 0, false, false, D});
  b.Signal(in29, SignalType::kMedical, D - 29, Yuan(800), true);
  b.Signal(in30, SignalType::kMedical, D - 30, Yuan(800), true);
  b.Signal(outpatient, SignalType::kMedical, D - 1, Yuan(800), false);
  b.Signal(nest, SignalType::kMedical, D - 1, Yuan(800), true);
  PackedId dead_paid =
      b.Elderly({Born(85), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, true, D});
  PackedId dead_unpaid =
      b.Elderly({Born(85), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, false, D});
  b.Signal(dead_paid, SignalType::kDeath, D - 40);
  b.Signal(dead_unpaid, SignalType::kDeath, D - 40);
  PackedId exactly80 =
      b.Elderly({Born(80), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, false, D});
  PackedId almost80 =
      b.Elderly({Born(79, -1), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, false, D});
  PackedId age90 =
      b.Elderly({Born(90), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, true, D});
  PackedId age100 =
      b.Elderly({Born(100), Living::kWithFamily, Yuan(2000), Area::kUrban, 0, false, true, D});
  PackedId leap = b.Elderly({DaysFromCivil({1945, 2, 28}) + 0, Living::kWithFamily, Yuan(2000)});
  PackedId poor =
      b.Elderly({Born(70), Living::kAlone, Yuan(849.99), Area::kRural, 0, false, false, D});
  PackedId line =
      b.Elderly({Born(70), Living::kAlone, Yuan(850), Area::kRural, 0, false, false, D});
  // An elderly resident who is also a member of a DIBAO household is enrolled: no E5.
  b.Household("H", Category::kDibao, Area::kRural);
  PackedId member = b.Person({Born(70), Yuan(100)});
  PackedId enrolled =
      b.Elderly({Born(70), Living::kAlone, Yuan(100), Area::kRural, 0, false, false, D, member});
  // The mean of recent INCOME signals replaces the pension: 900 >= 850.
  PackedId earning =
      b.Elderly({Born(70), Living::kEmptyNest, Yuan(100), Area::kRural, 0, false, false, D});
  b.Signal(earning, SignalType::kIncome, D - 5, Yuan(900));
  Outcome o = RunWeihai(b);
  EXPECT_TRUE(o.Fired("E2_HOSPITALIZED_ALONE", Id(in29)));
  EXPECT_FALSE(o.Fired("E2_HOSPITALIZED_ALONE", Id(in30)));
  EXPECT_FALSE(o.Fired("E2_HOSPITALIZED_ALONE", Id(outpatient)));
  EXPECT_FALSE(o.Fired("E2_HOSPITALIZED_ALONE", Id(nest)));
  EXPECT_TRUE(o.Fired("E3_DECEASED_ALLOWANCE", Id(dead_paid)));
  EXPECT_FALSE(o.Fired("E3_DECEASED_ALLOWANCE", Id(dead_unpaid)));
  EXPECT_FALSE(o.Fired("E4_ALLOWANCE_MISSING", Id(dead_unpaid)));
  EXPECT_TRUE(o.Fired("E4_ALLOWANCE_MISSING", Id(exactly80)));
  EXPECT_FALSE(o.Fired("E4_ALLOWANCE_MISSING", Id(almost80)));
  EXPECT_TRUE(o.Fired("E5_LOW_INCOME_ALONE", Id(poor)));
  EXPECT_FALSE(o.Fired("E5_LOW_INCOME_ALONE", Id(line)));
  EXPECT_FALSE(o.Fired("E5_LOW_INCOME_ALONE", Id(enrolled)));
  EXPECT_FALSE(o.Fired("E5_LOW_INCOME_ALONE", Id(earning)));
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(exactly80)), Yuan(50));  // whatever the flag says
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(almost80)), 0);
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(age90)), Yuan(100));
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(age100)), Yuan(300));
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(dead_paid)), 0);
  EXPECT_EQ(o.Amount("AGE_ALLOWANCE", Id(leap)),
            Yuan(50));  // born 1945-02-28: 80 on the as-of date
}

TEST(Weihai, BornOnTheTwentyNinthOfFebruary) {
  // As of 2025-02-28 someone born 1945-02-29... does not exist; born 1944-02-29 turns 81 on
  // 2025-03-01.
  DatasetBuilder b;
  PackedId leapling = b.Elderly({DaysFromCivil({1944, 2, 29}), Living::kWithFamily, Yuan(2000)});
  auto data = b.Build();
  for (auto [date, amount] : {std::pair{DaysFromCivil({2024, 2, 28}), Yuan(0)},
                              std::pair{DaysFromCivil({2024, 2, 29}), Yuan(50)},
                              std::pair{DaysFromCivil({2025, 2, 28}), Yuan(50)}}) {
    auto standards = lang::Resolve(Rules().standards, date);
    ASSERT_TRUE(standards.ok()) << standards.status();
    SignalIndex index(*data, date);
    exec::RunResult result = exec::Evaluate(Rules(), *data, index, *standards, date);
    Fen got = 0;
    for (const EntitlementRecord& r :
         EntitlementRecords(Rules(), *data, SubjectKeys(*data), result)) {
      if (r.kind == "AGE_ALLOWANCE" && r.subject_id == Id(leapling)) got = r.amount;
    }
    EXPECT_EQ(got, amount) << FormatIsoDate(date);
  }
}

// Thresholds, windows and weights live in rules/, not in C++: editing the
// files changes the outcome.
std::unique_ptr<lang::Program> EditedRules(const std::string& file, const std::string& from,
                                           const std::string& to) {
  auto sources = lang::ReadRuleFolder(std::string(SAFETYNET_RULES_DIR) + "/weihai");
  EXPECT_TRUE(sources.ok());
  bool edited = false;
  for (auto* list : {&sources->rules, &sources->standards}) {
    for (lang::SourceFile& source : *list) {
      size_t at = source.text.find(from);
      if (source.path.ends_with(file) && at != std::string::npos) {
        source.text.replace(at, from.size(), to);
        edited = true;
      }
    }
  }
  EXPECT_TRUE(edited) << from;
  auto program = lang::CompileRules(std::move(*sources));
  EXPECT_TRUE(program.ok()) << program.status().message();
  return std::move(*program);
}

TEST(Weihai, ChangingTheVisitIntervalIsAnEditOfTheStandards) {
  DatasetBuilder b;
  PackedId eight_days =
      b.Elderly({Born(85), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, true, D - 8});
  auto edited = EditedRules(
      "weihai.standards",
      "param visit.high_risk_days: int             # home-visit intervals\n  2020-07-01: 7",
      "param visit.high_risk_days: int\n  2020-07-01: 10");
  DatasetBuilder again;
  again.Elderly({Born(85), Living::kAlone, Yuan(2000), Area::kUrban, 0, false, true, D - 8});
  EXPECT_TRUE(RunWeihai(b).Fired("E1_VISIT_OVERDUE", Id(eight_days)));
  EXPECT_FALSE(RunWeihai(again, *edited).Fired("E1_VISIT_OVERDUE", Id(eight_days)));
}

// ---- data quality: rows rejected at import (beyond the spec, docs/weihai-rule-set.md) ----

TEST(Weihai, RejectedMemberRowsHoldTheHouseholdOutOfH3ToH9AndItsEntitlements) {
  // DIBAO, one member aged 40 with 500.00 read: a gap of 390.00, paid 1958.00.
  DatasetBuilder b;
  b.Household("WHOLE", Category::kDibao, Area::kUrban, Yuan(1958));
  b.Person({Born(40), Yuan(500)});
  const uint32_t part = b.Household("PART", Category::kDibao, Area::kUrban, Yuan(1958));
  b.Person({Born(40), Yuan(500)});
  const uint32_t candidate = b.Household("CANDIDATE", Category::kNone);
  b.Person({Born(40), Yuan(100)});
  const uint32_t gone = b.Household("GONE", Category::kTekun, Area::kUrban, Yuan(10));
  const uint32_t one = b.Household("ONE", Category::kNone);
  b.Person({Born(40), Yuan(100)});
  auto data = b.Build();
  for (uint32_t row : {part, candidate, gone}) data->households.rejected_member_rows[row] = 1;
  data->households.rejected_member_rows[one] = 0;  // the boundary: 0 rejected is whole
  Outcome o = RunWeihaiOn(std::move(data));
  EXPECT_EQ(o.Amount("DIBAO", "WHOLE"), Yuan(390));
  EXPECT_TRUE(o.Fired("H8_PAYMENT_MISMATCH", "WHOLE"));
  EXPECT_FALSE(o.Fired("D1_HOUSEHOLD_ROWS_REJECTED", "WHOLE"));
  EXPECT_EQ(o.Amount("DIBAO", "PART"), 0);  // not paid a made-up amount
  EXPECT_FALSE(o.Fired("H8_PAYMENT_MISMATCH", "PART"));
  EXPECT_EQ(o.Severity("D1_HOUSEHOLD_ROWS_REJECTED", "PART"), "HIGH");
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "CANDIDATE"));
  EXPECT_TRUE(o.Fired("D1_HOUSEHOLD_ROWS_REJECTED", "CANDIDATE"));
  EXPECT_FALSE(o.Fired("H9_HOUSEHOLD_DISSOLVED", "GONE"));  // every member may have been rejected
  EXPECT_TRUE(o.Fired("D1_HOUSEHOLD_ROWS_REJECTED", "GONE"));
  EXPECT_TRUE(o.Fired("H4_DIBAO_CANDIDATE", "ONE"));
  EXPECT_FALSE(o.Fired("D1_HOUSEHOLD_ROWS_REJECTED", "ONE"));
}

TEST(Weihai, ARejectedDeathReportAlertsOnThePersonAndTheElderlyResident) {
  DatasetBuilder b;
  b.Household("HD", Category::kDibao);
  const PackedId reported = b.Person({Born(40), Yuan(100)});
  const PackedId more = b.Person({Born(41), Yuan(100)});
  const PackedId other = b.Person({Born(42), Yuan(100)});
  const PackedId none = b.Person({Born(43), Yuan(100)});
  const PackedId elder = b.Elderly({Born(85), Living::kAlone, Yuan(2000)});
  const PackedId twice = b.Elderly({Born(86), Living::kAlone, Yuan(2000)});
  auto data = b.Build();
  auto person = [&](PackedId id) { return data->person_row_of.at(id); };
  data->persons.rejected_signal_rows[person(reported)] = 1;
  data->persons.rejected_death_reports[person(reported)] = 1;
  data->persons.rejected_signal_rows[person(more)] = 2;
  data->persons.rejected_death_reports[person(more)] = 1;
  data->persons.rejected_signal_rows[person(other)] = 1;
  data->elderly.rejected_signal_rows[data->elderly_row_of.at(elder)] = 1;
  data->elderly.rejected_death_reports[data->elderly_row_of.at(elder)] = 1;
  data->elderly.rejected_elderly_rows[data->elderly_row_of.at(twice)] = 1;
  Outcome o = RunWeihaiOn(std::move(data));
  EXPECT_EQ(o.Severity("D2_DEATH_REPORT_REJECTED", Id(reported)), "HIGH");
  EXPECT_FALSE(o.Fired("D3_ROWS_REJECTED", Id(reported)));  // the death report is its only row
  EXPECT_TRUE(o.Fired("D2_DEATH_REPORT_REJECTED", Id(more)));
  EXPECT_EQ(o.Severity("D3_ROWS_REJECTED", Id(more)), "LOW");
  EXPECT_FALSE(o.Fired("D2_DEATH_REPORT_REJECTED", Id(other)));
  EXPECT_TRUE(o.Fired("D3_ROWS_REJECTED", Id(other)));
  EXPECT_FALSE(o.Fired("D2_DEATH_REPORT_REJECTED", Id(none)));
  EXPECT_FALSE(o.Fired("D3_ROWS_REJECTED", Id(none)));
  EXPECT_FALSE(o.Fired("D1_HOUSEHOLD_ROWS_REJECTED", "HD"));  // rows about members, not members
  EXPECT_EQ(o.Severity("D4_ELDERLY_DEATH_REPORT_REJECTED", Id(elder)), "HIGH");
  EXPECT_FALSE(o.Fired("D5_ELDERLY_ROWS_REJECTED", Id(elder)));
  EXPECT_TRUE(o.Fired("D5_ELDERLY_ROWS_REJECTED", Id(twice)));
  EXPECT_FALSE(o.Fired("D4_ELDERLY_DEATH_REPORT_REJECTED", Id(twice)));
}

TEST(Weihai, ARejectedMemberRowOfAnElderlyResidentHoldsE5Out) {
  DatasetBuilder b;
  // Alone, rural, 849.99 a month and no person record: E5, unless a rejected
  // persons.csv row of the same id may be the missing record (enrolled or not).
  const PackedId whole = b.Elderly({Born(70), Living::kAlone, Yuan(849.99), Area::kRural});
  const PackedId held = b.Elderly({Born(70), Living::kAlone, Yuan(849.99), Area::kRural});
  b.Household("HD", Category::kDibao);
  const PackedId member = b.Person({Born(40), Yuan(100)});
  auto data = b.Build();
  data->elderly.rejected_person_rows[data->elderly_row_of.at(held)] = 1;
  data->persons.rejected_person_rows[data->person_row_of.at(member)] = 1;
  Outcome o = RunWeihaiOn(std::move(data));
  EXPECT_TRUE(o.Fired("E5_LOW_INCOME_ALONE", Id(whole)));
  EXPECT_FALSE(o.Fired("D5_ELDERLY_ROWS_REJECTED", Id(whole)));
  EXPECT_FALSE(o.Fired("E5_LOW_INCOME_ALONE", Id(held)));
  EXPECT_EQ(o.Severity("D5_ELDERLY_ROWS_REJECTED", Id(held)), "LOW");
  EXPECT_EQ(o.Severity("D3_ROWS_REJECTED", Id(member)), "LOW");
}

TEST(Weihai, AnOverflowedIncomeMeanIsUndecidedNotTheDeclaredIncome) {
  // Two INCOME amounts the importer accepts whose sum overflows 64 bits: the
  // mean is empty, and H3/H4, the dibao amount and E5 are undecided, never
  // decided on the declared income or the pension instead.
  const Fen half = std::numeric_limits<Fen>::max() / 2 + 1;
  DatasetBuilder b;
  b.Household("OVER_DIBAO", Category::kDibao, Area::kUrban, Yuan(790));
  const PackedId assisted = b.Person({Born(40), Yuan(100)});
  b.Household("OVER_NONE", Category::kNone);
  const PackedId candidate = b.Person({Born(40), Yuan(100)});
  const PackedId elder = b.Elderly({Born(70), Living::kAlone, Yuan(100)});
  for (PackedId id : {assisted, candidate, elder}) {
    b.Signal(id, SignalType::kIncome, D - 5, half);
    b.Signal(id, SignalType::kIncome, D - 6, half);
  }
  // The boundary: one such amount alone fits, and is the income.
  b.Household("FITS", Category::kDibao);
  b.Signal(b.Person({Born(40), Yuan(100)}), SignalType::kIncome, D - 5, half);
  Outcome o = RunWeihaiOn(b.Build(), Rules(), /*may_overflow=*/true);
  EXPECT_FALSE(o.Fired("H3_INCOME_ABOVE_LINE", "OVER_DIBAO"));
  EXPECT_TRUE(o.undecided.count({"H3_INCOME_ABOVE_LINE", "OVER_DIBAO"}));
  EXPECT_EQ(o.Amount("DIBAO", "OVER_DIBAO"), 0);
  EXPECT_TRUE(o.undecided.count({"DIBAO", "OVER_DIBAO"}));
  EXPECT_FALSE(o.Fired("H4_DIBAO_CANDIDATE", "OVER_NONE"));
  EXPECT_TRUE(o.undecided.count({"H4_DIBAO_CANDIDATE", "OVER_NONE"}));
  EXPECT_FALSE(o.Fired("E5_LOW_INCOME_ALONE", Id(elder)));
  EXPECT_TRUE(o.undecided.count({"E5_LOW_INCOME_ALONE", Id(elder)}));
  EXPECT_TRUE(o.Fired("H3_INCOME_ABOVE_LINE", "FITS"));
  EXPECT_FALSE(o.undecided.count({"H3_INCOME_ABOVE_LINE", "FITS"}));
}

TEST(Weihai, ChangingAnH7WeightIsAnEditOfTheRules) {
  auto build = [](DatasetBuilder& b) {
    b.Household("FELL", Category::kMonitored);
    PackedId p = b.Person({Born(40), Yuan(5000)});
    b.Signal(p, SignalType::kIncome, D - 1, Yuan(700));
    b.Signal(p, SignalType::kIncome, D - 100, Yuan(1000));
    b.Signal(p, SignalType::kUnemployment, D - 10);
  };
  DatasetBuilder shipped, changed;
  build(shipped);
  build(changed);
  auto edited = EditedRules("household.rules", "(if income_fell then 30 else 0)",
                            "(if income_fell then 40 else 0)");
  EXPECT_EQ(RunWeihai(shipped).Score("H7_RETURN_TO_POVERTY_RISK", "FELL"), "45");
  Outcome o = RunWeihai(changed, *edited);
  EXPECT_EQ(o.Score("H7_RETURN_TO_POVERTY_RISK", "FELL"), "55");
  EXPECT_EQ(o.Severity("H7_RETURN_TO_POVERTY_RISK", "FELL"), "HIGH");
}

}  // namespace
}  // namespace safetynet::monitor
