// age(date) in whole years to the as-of date, for every kind of birth date:
// the evaluator reads most ages from a table, so every day over 170 years
// (past the table's end, and after the as-of date) is checked against the
// calendar, 29 February births included.
#include <gtest/gtest.h>

#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "tests/support/dataset_builder.h"

namespace safetynet::exec {
namespace {

TEST(Age, EveryBirthDayAgreesWithTheCalendar) {
  const Days as_of = DaysFromCivil({2024, 2, 29});  // a leap day, to test the birthdays around it
  testing::DatasetBuilder builder;
  builder.Household("H", Category::kDibao);
  std::vector<Days> births;
  for (Days birth = as_of - 62500; birth <= as_of + 400; ++birth) births.push_back(birth);
  for (Days birth : births) builder.Person({birth});
  auto data = builder.Build();

  lang::RuleSources sources;
  sources.rules.push_back({"t.rules", "for person:\n  let a = age(birth_date)\n"});
  auto program = lang::CompileRules(std::move(sources));
  ASSERT_TRUE(program.ok()) << program.status().message();
  auto standards = lang::Resolve((*program)->standards, as_of);
  ASSERT_TRUE(standards.ok()) << standards.status();
  SignalIndex index(*data, as_of);
  RunResult result = Evaluate(**program, *data, index, *standards, as_of);
  const int a = (*program)->FindColumn(lang::Entity::kPerson, "a");
  ASSERT_GE(a, 0);
  for (uint32_t p = 0; p < data->persons.size(); ++p) {
    const Days birth = data->persons.birth_date[p];
    ASSERT_EQ(result.columns[a].num[p], AgeInYears(birth, as_of)) << FormatIsoDate(birth);
  }
  EXPECT_EQ(AgeInYears(DaysFromCivil({1944, 2, 29}), as_of), 80);  // the birthday itself
  EXPECT_EQ(AgeInYears(DaysFromCivil({1944, 3, 1}), as_of), 79);
}

}  // namespace
}  // namespace safetynet::exec
