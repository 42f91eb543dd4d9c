// Differential tests: randomly generated rule expressions over randomly
// generated data must give the same values and the same alerts in the
// vectorized, parallel evaluator as in the row-at-a-time reference
// interpreter (tests/exec/reference_interpreter.h). The data crosses a batch
// boundary (more than 2048 households and persons), holds households whose
// members all died (empty member sets) and boundary values; an empty data
// set is run too.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "engine/common/exact_arithmetic.h"
#include "engine/exec/evaluator.h"
#include "engine/io/files.h"
#include "engine/lang/ast.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/rng.h"
#include "engine/synth/synth.h"
#include "tests/exec/reference_interpreter.h"
#include "tests/support/reference_data.h"

namespace safetynet::testing {
namespace {

using synth::Rng;

// Type-directed random expressions of a household block.
class ExpressionGenerator {
 public:
  explicit ExpressionGenerator(uint64_t seed) : rng_(seed) {}

  std::string Money(int depth) {
    if (depth <= 0 || rng_.Percent(30)) {
      static const char* kLeaves[] = {
          "current_payment",
          "sum(members, declared_income)",
          "sum(living, declared_income)",
          "param(dibao)",
          "0 yuan",
          "890 yuan",
          "0.01 yuan",
          "sum(signals(MEDICAL) of members within 365 days, amount)",
          "sum(signals(INCOME) of living within 180 to 90 days, amount)",
          "round(mean(signals(INCOME) of members within 90 days, amount) ?? current_payment)",
          "(max(members, declared_income) ?? 0)",
          "(min(signals(DISASTER) of members, amount) ?? 5 yuan)",
          "income",
          "recent"};
      return rng_.Pick(kLeaves);
    }
    switch (rng_.Below(12)) {
      case 0:
        return "(" + Money(depth - 1) + " + " + Money(depth - 1) + ")";
      case 1:
        return "(" + Money(depth - 1) + " - " + Money(depth - 1) + ")";
      case 2:
        return "(" + Money(depth - 1) + " * " + Int(depth - 1) + ")";
      case 3:
        return "round(" + Money(depth - 1) + " / " + Int(depth - 1) + ")";
      case 4:
        return "round(" + Money(depth - 1) + " * " + Ratio() + ")";
      case 5:
        return "ceil10(" + Money(depth - 1) + " * " + Ratio() + ")";
      case 6:
        return "ceil1(" + Money(depth - 1) + " / " + Int(depth - 1) + ")";
      case 7:
        return "(if " + Bool(depth - 1) + " then " + Money(depth - 1) + " else " +
               Money(depth - 1) + ")";
      case 8:
        return "max(" + Money(depth - 1) + ", " + Money(depth - 1) + ")";
      case 9:
        return "min(" + Money(depth - 1) + ", " + Money(depth - 1) + ", " + Money(depth - 1) + ")";
      case 10:
        return "abs(" + Money(depth - 1) + ")";
      default:
        return "(-" + Money(depth - 1) + ")";
    }
  }

  std::string Int(int depth) {
    if (depth <= 0 || rng_.Percent(35)) {
      // The last is empty where a member has no recent income signals (its
      // membership is unknown).
      static const char* kLeaves[] = {
          "count(members)",
          "count(living)",
          "count(members where age(birth_date) >= 65)",
          "2",
          "0",
          "12",
          "count(signals(DEATH) of members)",
          "sum(signals(PROPERTY) of members, amount)",
          "days_since(enrolled_date)",
          "district",
          "count(living where serious_illness or disability_grade in {1, 2})",
          "count(members where round(mean(signals(INCOME) within 90 days, amount)) > 500 yuan)"};
      return rng_.Pick(kLeaves);
    }
    switch (rng_.Below(4)) {
      case 0:
        return "(" + Int(depth - 1) + " + " + Int(depth - 1) + ")";
      case 1:
        return "(" + Int(depth - 1) + " - " + Int(depth - 1) + ")";
      case 2:
        return "(" + Int(depth - 1) + " * " + Int(depth - 1) + ")";
      default:
        return "(if " + Bool(depth - 1) + " then " + Int(depth - 1) + " else " + Int(depth - 1) +
               ")";
    }
  }

  std::string Ratio() {
    static const char* kRatios[] = {"param(marginal.multiplier)",
                                    "param(tekun.multiplier)",
                                    "0.7",
                                    "1/6",
                                    "param(care.semi)",
                                    "0.5"};
    return rng_.Pick(kRatios);
  }

  std::string Bool(int depth) {
    if (depth <= 0 || rng_.Percent(25)) {
      // The last three are unknown where there are no recent income signals.
      static const char* kLeaves[] = {
          "category in {DIBAO, TEKUN}",
          "area == RURAL",
          "has(enrolled_date)",
          "true",
          "any(signals(VEHICLE) of members where amount > param(asset.vehicle_exempt))",
          "any(members, serious_illness)",
          "all(living, declared_income > 500 yuan)",
          "any(signals(MEDICAL) of living within 30 days where inpatient)",
          "tekun_mode == DISPERSED",
          "recent > 600 yuan",
          "any(members, round(mean(signals(INCOME) within 90 days, amount)) > 500 yuan)",
          "all(living, round(mean(signals(INCOME) within 90 days, amount)) < 3000 yuan)"};
      return rng_.Pick(kLeaves);
    }
    switch (rng_.Below(8)) {
      case 0:
        return "(" + Money(depth - 1) + " < " + Money(depth - 1) + ")";
      case 1:
        return "(" + Money(depth - 1) + " >= " + Money(depth - 1) + ")";
      case 2:
        return "(" + Int(depth - 1) + " == " + Int(depth - 1) + ")";
      case 3:
        return "(" + Bool(depth - 1) + " and " + Bool(depth - 1) + ")";
      case 4:
        return "(" + Bool(depth - 1) + " or " + Bool(depth - 1) + ")";
      case 5:
        return "(not " + Bool(depth - 1) + ")";
      case 6:
        return "(" + Money(depth - 1) + " * " + Ratio() + " <= " + Money(depth - 1) + ")";
      default:
        return "(" + Money(depth - 1) + " / " + Int(depth - 1) + " > " + Money(depth - 1) + ")";
    }
  }

  // A condition of fields, columns, parameters and constants only (no
  // arithmetic, no aggregate): evaluated as a value over every row, with
  // comparisons fused into the and/or above them.
  std::string PureBool(int depth) {
    if (depth <= 0 || rng_.Percent(20)) {
      static const char* kMoney[] = {"current_payment", "income",   "recent",
                                     "param(dibao)",    "890 yuan", "0 yuan"};
      static const char* kOps[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};
      static const char* kBools[] = {"category in {DIBAO, TEKUN}", "area == RURAL",
                                     "has(enrolled_date)", "true", "tekun_mode == DISPERSED"};
      if (rng_.Percent(30)) return rng_.Pick(kBools);
      return std::string("(") + rng_.Pick(kMoney) + rng_.Pick(kOps) + rng_.Pick(kMoney) + ")";
    }
    switch (rng_.Below(3)) {
      case 0:
        return "(" + PureBool(depth - 1) + " and " + PureBool(depth - 1) + ")";
      case 1:
        return "(" + PureBool(depth - 1) + " or " + PureBool(depth - 1) + ")";
      default:
        return "(not " + PureBool(depth - 1) + ")";
    }
  }

 private:
  Rng rng_;
};

std::string Standards() {
  std::string text;
  EXPECT_TRUE(
      ReadWholeFile(std::string(SAFETYNET_RULES_DIR) + "/weihai/weihai.standards", text).ok());
  return text;
}

std::unique_ptr<Dataset> Data(size_t households, uint64_t seed) {
  synth::SynthOptions options;
  options.households = households;
  options.elderly = 100;
  options.signals = households * 4;
  options.seed = seed;
  return testing::Synthesized(options);
}

// How much of the comparison was about real values: a test where every
// value is empty or no alert ever fires would prove little.
struct Coverage {
  size_t values = 0, non_empty = 0, rows = 0, fired = 0, unknown = 0;
};

// Compiles `money` and `condition` into a program, runs both evaluators,
// and compares every row.
void Compare(const Dataset& data, const std::string& standards, const std::string& money,
             const std::string& condition, Coverage& coverage) {
  lang::RuleSources sources;
  sources.standards.push_back({"weihai.standards", standards});
  sources.rules.push_back({"random.rules",
                           "for person:\n  let dead = any(signals(DEATH))\n"
                           "for household:\n  let living = members where not dead\n"
                           // Columns, whose ranges the evaluator measures (`recent` may be empty).
                           "  let income = sum(members, declared_income)\n"
                           "  let recent = round(mean(signals(INCOME) of members within 90 days, "
                           "amount))\n"
                           "  let v = " +
                               money +
                               "\n"
                               "  let b = " +
                               condition +
                               "\n"
                               // A computed severity: empty where v is.
                               "  alert R severity if v > 0 yuan then HIGH else LOW when " +
                               condition + "\n"});
  auto program = lang::CompileRules(std::move(sources));
  ASSERT_TRUE(program.ok()) << program.status().message();
  const Days as_of = DaysFromCivil({2025, 6, 30});
  auto in_force = lang::Resolve((*program)->standards, as_of);
  ASSERT_TRUE(in_force.ok()) << in_force.status();
  const lang::ResolvedStandards& resolved = *in_force;
  SignalIndex index(data, as_of);
  exec::RunResult result = exec::Evaluate(**program, data, index, resolved, as_of);
  ReferenceInterpreter reference(**program, data, resolved, as_of);

  const int v = (*program)->FindColumn(lang::Entity::kHousehold, "v");
  ASSERT_GE(v, 0);
  const exec::ColumnValues& column = result.columns[v];
  for (uint32_t row = 0; row < data.households.size(); ++row) {
    RefValue expected = reference.Column(v, row);
    int64_t num = column.num[row];
    int64_t den = column.den.empty() ? 1 : column.den[row];
    ++coverage.values;
    coverage.non_empty += expected.empty ? 0 : 1;
    if (expected.empty) {
      ASSERT_EQ(num, kEmpty) << "row " << row << " of " << money;
    } else {
      ASSERT_EQ(num, static_cast<int64_t>(expected.num)) << "row " << row << " of " << money;
      ASSERT_EQ(den, static_cast<int64_t>(expected.den)) << "row " << row << " of " << money;
    }
  }
  // The condition as a value too (every operand over every row where it is pure).
  const int b = (*program)->FindColumn(lang::Entity::kHousehold, "b");
  ASSERT_GE(b, 0);
  for (uint32_t row = 0; row < data.households.size(); ++row) {
    RefValue expected = reference.Column(b, row);
    const int64_t expected_num = expected.empty ? kEmpty : static_cast<int64_t>(expected.num);
    ASSERT_EQ(result.columns[b].num[row], expected_num) << "row " << row << " of " << condition;
  }
  // Fired where true; undecided where unknown.
  std::vector<uint32_t> fired, expected_fired, undecided, expected_undecided;
  for (const exec::AlertHit& hit : result.hits) fired.push_back(hit.row);
  for (const exec::UndecidedRow& row : result.undecided) {
    ASSERT_EQ(row.alert, 0);
    ASSERT_FALSE(row.reason.empty()) << "row " << row.row << " of " << condition;
    undecided.push_back(row.row);
  }
  for (uint32_t row = 0; row < data.households.size(); ++row) {
    const std::optional<bool> holds = reference.Condition(0, row);
    if (holds == true) expected_fired.push_back(row);
    if (!holds) expected_undecided.push_back(row);
  }
  ASSERT_EQ(fired, expected_fired) << condition;
  ASSERT_EQ(undecided, expected_undecided) << condition;
  coverage.rows += data.households.size();
  coverage.fired += fired.size();
  coverage.unknown += undecided.size();
}

// Compares `count` random (money, condition) pairs from `pair` over `data`.
template <typename Pair>
Coverage CompareMany(const Dataset& data, int count, Pair pair) {
  const std::string standards = Standards();
  Coverage coverage;
  for (int i = 0; i < count; ++i) {
    SCOPED_TRACE(i);
    const auto [money, condition] = pair();
    Compare(data, standards, money, condition, coverage);
    if (::testing::Test::HasFatalFailure()) break;
  }
  return coverage;
}

TEST(Differential, RandomExpressionsAgreeWithTheReference) {
  // 2,100 households: the second batch boundary (2048) falls inside.
  auto data = Data(2100, 17);
  ASSERT_GT(data->households.size(), 2048u);
  ASSERT_GT(data->persons.size(), 4096u);
  ExpressionGenerator generator(2025);
  const Coverage coverage = CompareMany(*data, 120, [&] {
    return std::pair{generator.Money(3), generator.Bool(3)};
  });
  EXPECT_GT(coverage.non_empty, coverage.values / 2);
  EXPECT_GT(coverage.fired, coverage.rows / 10);
  EXPECT_LT(coverage.fired, coverage.rows * 9 / 10);
  // Unknown conditions (empty operands) are compared too, but are not the most.
  EXPECT_GT(coverage.unknown, coverage.rows / 50);
  EXPECT_LT(coverage.unknown, coverage.rows / 2);
}

TEST(Differential, PureConditionsAgreeWithTheReference) {
  auto data = Data(2100, 5);
  ExpressionGenerator generator(99);
  const Coverage coverage = CompareMany(*data, 60, [&] {
    return std::pair{generator.Money(1), generator.PureBool(3)};
  });
  EXPECT_GT(coverage.unknown, 0u);  // `recent` is empty where there are no recent incomes
  EXPECT_GT(coverage.fired, coverage.rows / 10);
  EXPECT_LT(coverage.fired, coverage.rows * 9 / 10);
}

// Values near the ends of int64 in the fields: the evaluator must check
// overflow where the ranges cannot rule it out, and give what the reference
// gives (an empty value) where it happens.
TEST(Differential, HugeValuesOverflowAlike) {
  auto data = Data(2100, 29);
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t extremes[] = {kMax, kEmpty + 1, kMax / 2, -(kMax / 3), int64_t{1} << 40};
  for (size_t h = 0; h < data->households.size(); h += 97) {
    data->households.current_payment[h] = extremes[(h / 97) % 5];
  }
  for (size_t p = 0; p < data->persons.size(); p += 89) {
    data->persons.declared_income[p] = extremes[(p / 89) % 5];
  }
  ExpressionGenerator generator(4242);
  const Coverage coverage = CompareMany(*data, 80, [&] {
    return std::pair{generator.Money(3), generator.Bool(3)};
  });
  EXPECT_GT(coverage.non_empty, coverage.values / 3);
}

// The deepest expressions the parser takes (200 levels: a chain of 199
// operators) run on the worker threads and agree with the reference.
TEST(Differential, TheDeepestExpressionsAgreeWithTheReference) {
  auto data = Data(2100, 11);
  std::string money = "current_payment";
  for (int i = 0; i < lang::kMaxExpressionDepth - 1; ++i)
    money += i % 2 ? " - 1 yuan" : " + 2 yuan";
  std::string condition = "current_payment > 500 yuan";
  for (int i = 0; i < lang::kMaxExpressionDepth - 2; ++i) condition += " and income >= 0 yuan";
  Coverage coverage;
  Compare(*data, Standards(), money, condition, coverage);
  EXPECT_GT(coverage.fired, 0u);
}

TEST(Differential, SmallDataAndEmptyData) {
  const std::string standards = Standards();
  auto small = Data(7, 3);
  Dataset empty;
  ASSERT_TRUE(BuildIndexes(empty).ok());
  ExpressionGenerator generator(7);
  Coverage coverage;
  for (int i = 0; i < 40; ++i) {
    std::string money = generator.Money(3), condition = generator.Bool(3);
    Compare(*small, standards, money, condition, coverage);
    Compare(empty, standards, money, condition, coverage);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace safetynet::testing
