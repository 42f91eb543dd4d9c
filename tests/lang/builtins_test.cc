// Golden error messages of the builtin functions (round, ceil10, ceil1, min,
// max, abs, age, days_since, has), of the aggregates' calls and of the
// functions of standards formulas: each wrong call gives exactly this first
// error line, with its file:line:column.
#include "engine/lang/builtins.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/text.h"
#include "engine/lang/rule_set.h"

namespace safetynet::lang {
namespace {

constexpr const char* kStandards =
    "param dibao: money per area\n"
    "  2020-07-01: urban 690, rural 530\n"
    "param care.semi: ratio\n"
    "  2020-07-01: 1/6\n";

// The first line of the errors of compiling `rules` (t.rules) with
// `standards` (t.standards), after the count; "" if they compile.
std::string FirstError(const std::string& rules, const std::string& standards = kStandards) {
  RuleSources sources;
  sources.rules.push_back({"t.rules", rules});
  sources.standards.push_back({"t.standards", standards});
  auto program = CompileRules(std::move(sources));
  if (program.ok()) return "";
  std::string errors(program.status().message());
  size_t begin = errors.find('\n') + 1;
  return errors.substr(begin, errors.find('\n', begin) - begin);
}

// Each let of a household block, and the first error it gives.
TEST(Builtins, ErrorsOfCalls) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"round(5)", "t.rules:2:11: error: round() rounds money, not int"},
      {"ceil10(param(care.semi))", "t.rules:2:11: error: ceil10() rounds money, not ratio"},
      {"ceil1(1 yuan, 2 yuan)", "t.rules:2:11: error: ceil1() takes 1 argument"},
      {"round()", "t.rules:2:11: error: round() takes 1 argument"},
      {"min(1)", "t.rules:2:11: error: min() takes two or more values, or a set and a value"},
      {"max(current_payment, enrolled_date)",
       "t.rules:2:32: error: max() needs numbers or dates of one kind: money and date"},
      {"min(true, false)",
       "t.rules:2:21: error: min() needs numbers or dates of one kind: bool and bool"},
      {"abs(enrolled_date)", "t.rules:2:11: error: abs() takes a number, not date"},
      {"abs(1, 2)", "t.rules:2:11: error: abs() takes 1 argument"},
      {"age(5)", "t.rules:2:15: error: age()'s argument must be date, not int"},
      {"days_since(as_of, as_of)", "t.rules:2:11: error: days_since() takes 1 argument"},
      {"has()", "t.rules:2:11: error: has() takes 1 argument"},
      {"roundd(current_payment)",
       "t.rules:2:11: error: unknown function 'roundd' (did you mean 'round'?)"},
      {"ceil0(current_payment)",
       "t.rules:2:11: error: unknown function 'ceil0' (did you mean 'ceil10'?)"},
      {"coun(members)", "t.rules:2:11: error: unknown function 'coun' (did you mean 'count'?)"},
      {"frobnicate(1)", "t.rules:2:11: error: unknown function 'frobnicate'"},
      {"count(1)",
       "t.rules:2:11: error: count() aggregates a set: members, a member set, or signals(TYPE)"},
      {"count(members, 1)", "t.rules:2:11: error: count() takes one set"},
      {"any(members, true, false)", "t.rules:2:11: error: any() takes a set and a condition"},
      {"sum(members)", "t.rules:2:11: error: sum() takes a set and a value"},
      {"any(members, 1)", "t.rules:2:24: error: any() needs a condition (bool), not int"},
      {"sum(members, sex)", "t.rules:2:24: error: sum() needs numbers, not SEX code"},
      {"mean(members, declared_income / 2)",
       "t.rules:2:41: error: mean() adds whole values; round this exact money (unrounded) first"},
      {"max(members, birth_date)", ""},
      {"min(0, current_payment)", ""},
      {"has(param(dibao)) and age(as_of) == 0 and days_since(as_of) == 0", ""},
      {"ceil10(abs(current_payment) * param(care.semi))", ""},
  };
  for (const auto& [value, error] : cases) {
    EXPECT_EQ(FirstError("for household:\n  let x = " + value + "\n"), error) << value;
  }
}

TEST(Builtins, ShowOfAnUnknownValue) {
  EXPECT_EQ(FirstError("for household:\n  alert A severity HIGH show current_paymnt\n"),
            "t.rules:2:30: error: unknown household value 'current_paymnt' to show (did you "
            "mean 'current_payment'?)");
  EXPECT_EQ(FirstError("for household:\n  alert A severity HIGH show zzz\n"),
            "t.rules:2:30: error: unknown household value 'zzz' to show");
}

// Each formula of a parameter `a`, and the first error it gives.
TEST(Builtins, ErrorsOfFormulas) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"round(param(care.semi))", "t.standards:5:18: error: round() rounds money, not ratio"},
      {"ceil1(1 yuan, 2 yuan)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"min(1 yuan)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"min(1 yuan, care.semi)", "t.standards:5:18: error: min() of money and ratio"},
      {"max(dibao.urban, 2 yuan, 3)", "t.standards:5:18: error: max() of money and int"},
      {"abs(dibao.urban)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"dibo.urban",
       "t.standards:5:18: error: unknown parameter 'dibo.urban' (did you mean "
       "'dibao.urban'?)"},
      {"max(dibao.urban, ceil10(dibao.rural * care.semi), round(1.5 yuan * 2))", ""},
  };
  for (const auto& [formula, error] : cases) {
    EXPECT_EQ(FirstError("for household:\n  let x = param(a)\n",
                         std::string(kStandards) + "param a: money = " + formula + "\n"),
              error)
        << formula;
  }
}

// The table: each builtin found by its name, and the names a call may use,
// in the order hints consider them.
TEST(Builtins, NamesOfTheTable) {
  for (const BuiltinInfo& info : Builtins()) {
    EXPECT_EQ(FindBuiltin(info.name), info.builtin) << info.name;
    EXPECT_EQ(&InfoOf(info.builtin), &info) << info.name;
  }
  EXPECT_EQ(FindBuiltin("count"), std::nullopt);
  EXPECT_EQ(FindAggregate("min"), Aggregate::kMin);
  EXPECT_EQ(Join(FunctionNames(), " "),
            "round ceil10 ceil1 min max abs age days_since has param count sum mean any all");
}

// The message of a formula that calls what formulas do not take lists
// exactly the builtins they take (those of Signature kRounding and kExtremum).
TEST(Builtins, FormulaMessageListsTheFormulaBuiltins) {
  std::string error = FirstError("for household:\n  let x = param(a)\n",
                                 std::string(kStandards) + "param a: money = abs(dibao.urban)\n");
  const std::string before_list = "+ - * /, ";
  ASSERT_NE(error.find(before_list), std::string::npos) << error;
  std::string list = error.substr(error.find(before_list) + before_list.size()) + ", ";
  list.replace(list.find(" and "), 5, ", ");
  std::set<std::string> listed;
  for (size_t begin = 0, comma; (comma = list.find(", ", begin)) != std::string::npos;
       begin = comma + 2) {
    listed.insert(list.substr(begin, comma - begin));
  }
  std::set<std::string> taken;
  for (const BuiltinInfo& info : Builtins()) {
    if (info.signature == Signature::kRounding || info.signature == Signature::kExtremum) {
      taken.insert(std::string(info.name));
    }
  }
  EXPECT_EQ(listed, taken) << error;
}

}  // namespace
}  // namespace safetynet::lang
