// Integer overflow in money arithmetic is detected and reported (where, how
// often), the value left empty -- never wrapped.
#include <gtest/gtest.h>

#include "engine/common/exact_arithmetic.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/synth.h"

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
  lang::ResolvedStandards standards;
  std::string error;
  EXPECT_TRUE(lang::Resolve(holder->standards, as_of, standards, error)) << error;
  SignalIndex index(data, as_of);
  return Evaluate(*holder, data, index, standards, as_of);
}

TEST(Overflow, IsReportedAndLeavesTheValueEmpty) {
  synth::SynthOptions options;
  options.households = 50;
  auto data = std::move(*synth::Synthesize(options));
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
  auto data = std::move(*synth::Synthesize(options));
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

}  // namespace
}  // namespace safetynet::exec
