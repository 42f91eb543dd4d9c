// Integer overflow in money arithmetic is detected and reported (where, how
// often), the value left empty -- never wrapped.
#include <gtest/gtest.h>

#include "engine/common/exact_arithmetic.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/synth.h"
#include "tests/support/dataset_builder.h"
#include "tests/support/reference_data.h"

namespace safetynet::exec {
namespace {

constexpr const char* kStandards = "param big: money\n  2020-01-01: 90000000000000000\n";

RunResult RunRules(const std::string& rules, const Dataset& data, const lang::Program** program_out,
                   std::unique_ptr<lang::Program>& holder) {
  lang::RuleSources sources;
  sources.standards.push_back({"t.standards", kStandards});
  sources.rules.push_back({"t.rules", rules});
  auto program = lang::CompileRules(std::move(sources));
  EXPECT_TRUE(program.ok()) << program.status().message();
  holder = std::move(*program);
  *program_out = holder.get();
  const Days as_of = DaysFromCivil({2025, 6, 30});
  auto standards = lang::Resolve(holder->standards, as_of);
  EXPECT_TRUE(standards.ok()) << standards.status();
  SignalIndex index(data, as_of);
  return Evaluate(*holder, data, index, standards.value_or(lang::ResolvedStandards{}), as_of);
}

TEST(Overflow, IsReportedAndLeavesTheValueEmpty) {
  synth::SynthOptions options;
  options.households = 50;
  auto data = testing::Synthesized(options);
  std::unique_ptr<lang::Program> holder;
  const lang::Program* program;
  RunResult result = RunRules(
      "for household:\n"
      "  let fine = current_payment + 1 yuan\n"
      "  let sum_over = param(big) + param(big)\n"
      "  let product_over = param(big) * 1000\n"
      "  let exact_over = round(param(big) * 1000 / 3)\n",
      *data, &program, holder);
  ASSERT_EQ(result.overflows.size(), 3u);
  EXPECT_NE(result.overflows[0].find("t.rules:3:"), std::string::npos) << result.overflows[0];
  EXPECT_NE(result.overflows[0].find("overflowed 64-bit integers"), std::string::npos)
      << result.overflows[0];
  EXPECT_NE(result.overflows[1].find("t.rules:4:"), std::string::npos) << result.overflows[1];
  EXPECT_NE(result.overflows[2].find("t.rules:5:"), std::string::npos) << result.overflows[2];
  for (const char* name : {"sum_over", "product_over"}) {
    int column = program->FindColumn(lang::Entity::kHousehold, name);
    ASSERT_GE(column, 0);
    for (int64_t value : result.columns[column].num) EXPECT_EQ(value, kEmpty) << name;
  }
  int fine = program->FindColumn(lang::Entity::kHousehold, "fine");
  EXPECT_EQ(result.columns[fine].num[0], data->households.current_payment[0] + 100);
}

TEST(Overflow, SumsOfManyValuesAreChecked) {
  synth::SynthOptions options;
  options.households = 20;
  auto data = testing::Synthesized(options);
  std::unique_ptr<lang::Program> holder;
  const lang::Program* program;
  RunResult result = RunRules(
      "for person:\n  let big_income = declared_income + param(big)\n"
      "for household:\n  let total = sum(members, big_income)\n",
      *data, &program, holder);
  int total = program->FindColumn(lang::Entity::kHousehold, "total");
  const auto& begin = data->households.member_begin;
  bool some_overflowed = false;
  for (size_t h = 0; h < data->households.size(); ++h) {
    if (begin[h + 1] - begin[h] >= 2) {
      EXPECT_EQ(result.columns[total].num[h], kEmpty);
      some_overflowed = true;
    }
  }
  EXPECT_TRUE(some_overflowed);
  EXPECT_FALSE(result.overflows.empty());
}

// The evaluator leaves out the overflow checks of + - * only where the
// operands' measured ranges prove that no value can overflow: a sum exactly
// at the edge of int64 is exact, one more overflows and is reported. Empty
// dates stay empty either way.
struct EdgeCase {
  Fen largest_payment;
  bool overflows;
};

// Households paid `payments`, in districts numbered like them (if they fit 32 bits).
RunResult RunOnPayments(const std::vector<Fen>& payments, const std::string& rules,
                        std::unique_ptr<lang::Program>& holder) {
  testing::DatasetBuilder builder;
  for (size_t i = 0; i < payments.size(); ++i) {
    builder.Household("H" + std::to_string(i), Category::kDibao, Area::kUrban, payments[i],
                      static_cast<int32_t>(payments[i]));
  }
  auto data = builder.Build();
  const Days enrolled = DaysFromCivil({2020, 1, 1});
  for (size_t i = 0; i < payments.size(); ++i) {
    data->households.enrolled_date[i] = i == 1 ? kNoDate : enrolled;
  }
  const lang::Program* program;
  return RunRules(rules, *data, &program, holder);
}

std::vector<int64_t> Column(const RunResult& result, const lang::Program& program,
                            const char* name) {
  return result.columns[program.FindColumn(lang::Entity::kHousehold, name)].num;
}

void RunAtTheEdge(const EdgeCase& edge) {
  std::unique_ptr<lang::Program> program;
  RunResult result = RunOnPayments({edge.largest_payment, 1234, kEmpty + 1},
                                   "for household:\n"
                                   "  let raised = current_payment + 1 yuan\n"
                                   "  let later = enrolled_date + 30\n",
                                   program);
  const int64_t largest = edge.overflows ? kEmpty : edge.largest_payment + 100;
  EXPECT_EQ(Column(result, *program, "raised"),
            (std::vector<int64_t>{largest, 1334, kEmpty + 101}));
  const Days later = DaysFromCivil({2020, 1, 31});
  EXPECT_EQ(Column(result, *program, "later"), (std::vector<int64_t>{later, kEmpty, later}));
  ASSERT_EQ(result.overflows.size(), edge.overflows ? 1u : 0u);
  if (edge.overflows) {
    EXPECT_EQ(result.overflows[0].rfind("t.rules:2:", 0), 0u) << result.overflows[0];
  }
}

TEST(Overflow, ASumExactlyAtTheEdgeOfInt64IsExact) {
  RunAtTheEdge({std::numeric_limits<int64_t>::max() - 100, false});
}

TEST(Overflow, ASumOneBeyondTheEdgeOverflows) {
  RunAtTheEdge({std::numeric_limits<int64_t>::max() - 99, true});
}

// Products of 32-bit values (which the evaluator multiplies without checks)
// are exact at the extremes of 32 bits.
TEST(Overflow, ProductsOf32BitValuesAreExactAtTheExtremes) {
  const std::vector<Fen> payments = {INT32_MIN, INT32_MAX, -1, 0, 77};
  std::unique_ptr<lang::Program> program;
  RunResult result = RunOnPayments(payments,
                                   "for household:\n"
                                   "  let square = district * district\n"
                                   "  let product = current_payment * district\n"
                                   "  let negated = current_payment * (0 - 1)\n",
                                   program);
  std::vector<int64_t> square, negated;
  for (Fen p : payments) {
    square.push_back(p * p);
    negated.push_back(-p);
  }
  EXPECT_EQ(Column(result, *program, "square"), square);
  EXPECT_EQ(Column(result, *program, "product"), square);
  EXPECT_EQ(Column(result, *program, "negated"), negated);
  EXPECT_TRUE(result.overflows.empty());
}

}  // namespace
}  // namespace safetynet::exec
