// Golden error messages of the rule language: each kind of mistake is
// reported with file:line:column, the offending line and a caret under it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/common/text.h"
#include "engine/lang/ast.h"
#include "engine/lang/builtins.h"
#include "engine/lang/rule_errors.h"
#include "engine/lang/rule_set.h"

namespace safetynet::lang {
namespace {

constexpr const char* kStandards =
    "param dibao: money per area\n"
    "  2020-07-01: urban 690, rural 530\n"
    "param marginal.multiplier: ratio\n"
    "  2020-07-01: 1.5\n";

// The error text of compiling one rule file (t.rules), or "" if it compiles.
std::string Errors(const std::string& rules, const std::string& standards = kStandards) {
  RuleSources sources;
  sources.rules.push_back({"t.rules", rules});
  sources.standards.push_back({"t.standards", standards});
  auto program = CompileRules(std::move(sources));
  return program.ok() ? "" : std::string(program.status().message());
}

TEST(Diagnostics, ACorrectFileCompiles) {
  EXPECT_EQ(Errors("for household:\n  let std = param(dibao)\n  alert A severity HIGH when "
                   "current_payment > std\n"),
            "");
}

TEST(Diagnostics, SyntaxError) {
  EXPECT_EQ(Errors("for household:\n  let x = (current_payment +\n"),
            "1 error in the rules:\n"
            "t.rules:3:1: error: expected a value, found the end of the file\n"
            "  \n"
            "  ^\n");
}

TEST(Diagnostics, UnknownFieldWithDidYouMean) {
  EXPECT_EQ(Errors("for household:\n  let x = curent_payment > 0\n"),
            "1 error in the rules:\n"
            "t.rules:2:11: error: unknown household value 'curent_payment' (did you mean "
            "'current_payment'?)\n"
            "    let x = curent_payment > 0\n"
            "            ^~~~~~~~~~~~~~\n");
}

TEST(Diagnostics, UnknownParameterWithDidYouMean) {
  EXPECT_EQ(Errors("for household:\n  let x = param(diboa)\n"),
            "1 error in the rules:\n"
            "t.rules:2:17: error: unknown parameter 'diboa' (did you mean 'dibao'?)\n"
            "    let x = param(diboa)\n"
            "                  ^~~~~\n");
}

TEST(Diagnostics, MoneyComparedWithADate) {
  EXPECT_EQ(Errors("for household:\n  let x = current_payment < enrolled_date\n"),
            "1 error in the rules:\n"
            "t.rules:2:27: error: cannot compare money with date\n"
            "    let x = current_payment < enrolled_date\n"
            "                            ^\n");
}

TEST(Diagnostics, RatioWhereABoolIsNeeded) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH when param(marginal.multiplier)\n"),
            "1 error in the rules:\n"
            "t.rules:2:36: error: 'when' must be bool, not ratio\n"
            "    alert A severity HIGH when param(marginal.multiplier)\n"
            "                                     ^~~~~~~~~~~~~~~~~~~\n");
}

TEST(Diagnostics, MoneyWithoutItsUnit) {
  EXPECT_EQ(Errors("for household:\n  let x = current_payment + 5\n"),
            "1 error in the rules:\n"
            "t.rules:2:27: error: cannot apply '+' to money and int (write money with its unit, "
            "e.g. 690 yuan)\n"
            "    let x = current_payment + 5\n"
            "                            ^\n");
}

TEST(Diagnostics, AggregateOverTheWrongEntity) {
  EXPECT_EQ(Errors("for person:\n  let n = count(members)\n"),
            "1 error in the rules:\n"
            "t.rules:2:17: error: members and 'where' belong to a household block (this is a "
            "person block)\n"
            "    let n = count(members)\n"
            "                  ^~~~~~~\n");
}

TEST(Diagnostics, AnElderlyBlockIsNamedWithAn) {
  EXPECT_EQ(Errors("for elderly:\n  let n = count(members)\n"),
            "1 error in the rules:\n"
            "t.rules:2:17: error: members and 'where' belong to a household block (this is an "
            "elderly block)\n"
            "    let n = count(members)\n"
            "                  ^~~~~~~\n");
}

TEST(Diagnostics, CycleAmongDerivedValues) {
  EXPECT_EQ(Errors("for household:\n  let a = b + 1\n  let b = a + 1\n"),
            "1 error in the rules:\n"
            "t.rules:2:7: error: cycle among derived values: a -> b -> a\n"
            "    let a = b + 1\n"
            "        ^\n");
}

TEST(Diagnostics, DuplicateRuleId) {
  EXPECT_EQ(
      Errors("for household:\n  alert A severity HIGH\nfor person:\n  alert A severity LOW\n"),
      "1 error in the rules:\n"
      "t.rules:4:9: error: duplicate rule id A (first at t.rules:2:9)\n"
      "    alert A severity LOW\n"
      "          ^\n");
}

TEST(Diagnostics, UnknownCodeWithDidYouMean) {
  EXPECT_EQ(Errors("for household:\n  let x = category == DIBOA\n"),
            "1 error in the rules:\n"
            "t.rules:2:23: error: unknown CATEGORY code 'DIBOA' (did you mean 'DIBAO'?)\n"
            "    let x = category == DIBOA\n"
            "                        ^~~~~\n");
}

TEST(Diagnostics, EntitlementMustBeRounded) {
  EXPECT_EQ(Errors("for household:\n  entitlement X = current_payment * 1.5\n"),
            "1 error in the rules:\n"
            "t.rules:2:35: error: an entitlement is whole fen: round this exact money with "
            "round(), ceil1() or "
            "ceil10()\n"
            "    entitlement X = current_payment * 1.5\n"
            "                                    ^\n");
}

TEST(Diagnostics, AllErrorsOfAFileAtOnce) {
  std::string errors =
      Errors("for household:\n  let a = nope\n  let b = category == 3\n  let c = a + b\n");
  EXPECT_NE(errors.find("t.rules:2:11: error: unknown household value 'nope'"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("t.rules:3:20: error: cannot compare CATEGORY code with int"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.rfind("2 errors in the rules", 0), 0u) << errors;
}

TEST(Diagnostics, TheErrorsTravelAsDataInTheStatus) {
  RuleSources sources;
  sources.rules.push_back({"t.rules", "for household:\n  let a = nope\n  let b = category == 3\n"});
  sources.standards.push_back({"t.standards", kStandards});
  auto program = CompileRules(std::move(sources));
  ASSERT_FALSE(program.ok());
  EXPECT_EQ(program.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<RuleError> errors = RuleErrorsOf(program.status());
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0], (RuleError{"t.rules", 2, 11, "unknown household value 'nope'"}))
      << errors[0].message;
  EXPECT_EQ(errors[1].line, 3u);
  EXPECT_EQ(errors[1].column, 20u);
  EXPECT_EQ(errors[1].message.rfind("cannot compare CATEGORY code with int", 0), 0u);
  EXPECT_TRUE(RuleErrorsOf(absl::InvalidArgumentError("other")).empty());
}

TEST(Diagnostics, SyntaxErrorsOfSeveralStatementsAtOnce) {
  std::string errors = Errors("for household:\n  let a = 1 +\n  let b = )\n  let c = 2\n");
  EXPECT_EQ(errors.rfind("2 errors in the rules", 0), 0u) << errors;
}

TEST(Diagnostics, StatementsOutsideABlock) {
  EXPECT_EQ(Errors("let x = 1\nfor household:\n  let y = 2\n"),
            "1 error in the rules:\n"
            "t.rules:1:1: error: expected 'for household:', 'for person:' or 'for elderly:', found "
            "'let'\n"
            "  let x = 1\n"
            "  ^~~\n");
}

TEST(Diagnostics, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "for household:\n  let x = " + std::string(100000, '(') + "1" +
                     std::string(100000, ')') + "\n";
  std::string errors = Errors(deep);
  EXPECT_NE(errors.find("nested deeper than"), std::string::npos) << errors.substr(0, 300);
  std::string negations = "for household:\n  let x = ";
  for (int i = 0; i < 100000; ++i) negations += "not ";
  negations += "true\n";
  EXPECT_NE(Errors(negations).find("nested deeper than"), std::string::npos);
}

// The rules `for household:` then `let x = T + T + ... + T` with `terms` terms.
std::string SumOfTerms(int terms) {
  std::string rules = "for household:\n  let x = current_payment";
  for (int i = 1; i < terms; ++i) rules += " + current_payment";
  return rules + "\n";
}

TEST(Diagnostics, LongChainsOfOperatorsAreAnErrorNotACrash) {
  // A chain of n terms is n levels deep: the limit is 200 levels.
  EXPECT_EQ(Errors(SumOfTerms(kMaxExpressionDepth)), "");
  const std::string errors = Errors(SumOfTerms(kMaxExpressionDepth + 1));
  // At the operator that makes the chain too deep: the 200th '+' (column 27 + 199 x 18).
  EXPECT_EQ(errors.rfind("1 error in the rules:\nt.rules:2:3609: error: expression nested deeper "
                         "than 200 levels",
                         0),
            0u)
      << errors.substr(0, 300);
  EXPECT_NE(Errors(SumOfTerms(8000)).find("nested deeper than 200 levels"), std::string::npos);
  std::string conditions = "for household:\n  alert A severity HIGH when true";
  for (int i = 0; i < 20000; ++i) conditions += " and true";
  EXPECT_NE(Errors(conditions + "\n").find("nested deeper than"), std::string::npos);
}

TEST(Diagnostics, LongChainsOfLetsCompile) {
  // 20,000 lets, each reading the one before (defined after it, so that each
  // use comes before its definition): compiled in order, not recursively.
  constexpr int kLets = 20000;
  std::string rules = "for household:\n";
  for (int i = kLets - 1; i > 0; --i) rules += Cat("  let v", i, " = v", i - 1, " + 1 yuan\n");
  rules += "  let v0 = current_payment\n  alert A severity HIGH when v" +
           std::to_string(kLets - 1) + " > 0 yuan\n";
  EXPECT_EQ(Errors(rules), "");
  // The same chain closed into a cycle is one error, naming it.
  rules += Cat("for person:\n  let w0 = w", kLets - 1, "\n");
  for (int i = 1; i < kLets; ++i) rules += Cat("  let w", i, " = w", i - 1, "\n");
  const std::string errors = Errors(rules);
  EXPECT_EQ(errors.rfind("1 error in the rules:\nt.rules:", 0), 0u) << errors.substr(0, 300);
  EXPECT_NE(errors.find("cycle among derived values: w0 -> w19999 -> w19998"), std::string::npos)
      << errors.substr(0, 300);
}

TEST(Diagnostics, LongChainsInStandardsFormulas) {
  const std::string rules = "for household:\n  let x = param(p0)\n";
  // 20,000 formulas, each reading the next.
  std::string chain;
  for (int i = 0; i < 20000; ++i) chain += Cat("param p", i, ": int = p", i + 1, " + 1\n");
  EXPECT_EQ(Errors(rules, chain + "param p20000: int\n  2020-01-01: 1\n"), "");
  // A formula of 8,000 terms: refused with its place.
  std::string sum = "param q: int\n  2020-01-01: 1\nparam p0: int = q";
  for (int i = 1; i < 8000; ++i) sum += " + q";
  const std::string errors = Errors(rules, sum + "\n");
  EXPECT_NE(errors.find("t.standards:3:"), std::string::npos) << errors.substr(0, 300);
  EXPECT_NE(errors.find("nested deeper than 200 levels"), std::string::npos)
      << errors.substr(0, 300);
}

TEST(Diagnostics, TheFirstHundredErrorsAreShownAndTheRestCounted) {
  // 20,000 unknown names among 20,000 lets: the hints of errors not shown
  // are not looked for (each would compare the name with every let).
  std::string rules = "for household:\n";
  for (int i = 0; i < 20000; ++i) rules += Cat("  let v", i, " = u", i, "\n");
  const std::string errors = Errors(rules);
  EXPECT_EQ(errors.rfind("20000 errors in the rules:\nt.rules:2:12: error: unknown household value "
                         "'u0' (did you mean 'v0'?)\n",
                         0),
            0u)
      << errors.substr(0, 300);
  EXPECT_TRUE(errors.ends_with("\n... and 19900 more errors\n"))
      << errors.substr(errors.size() - std::min<size_t>(errors.size(), 300));
  size_t shown = 0;
  for (size_t at = errors.find(": error: "); at != std::string::npos;
       at = errors.find(": error: ", at + 1)) {
    ++shown;
  }
  EXPECT_EQ(shown, kMaxErrors);
}

TEST(Diagnostics, AnErrorInALongLineIsQuotedByItsSurroundings) {
  // 80 bytes either side of the error, marked "...": not the whole line.
  const std::string errors =
      Errors("for household:\n  let x = " + std::string(100000, ' ') + "nopenopenope\n");
  EXPECT_NE(errors.find("t.rules:2:100011: error: unknown household value 'nopenopenope'"),
            std::string::npos)
      << errors.substr(0, 300);
  EXPECT_NE(errors.find("\n  ..." + std::string(80, ' ') + "nopenopenope\n  " +
                        std::string(83, ' ') + "^" + std::string(11, '~') + "\n"),
            std::string::npos)
      << errors.substr(0, 400);
  EXPECT_LT(errors.size(), 400u);
  // A million errors on one line of a million bytes: a hundred quoted, briefly.
  const std::string garbage = Errors("for household:\n" + std::string(1000000, '@'));
  EXPECT_EQ(garbage.rfind("1000000 errors in the rules:\nt.rules:2:1: error: unexpected "
                          "character '@'\n  " +
                              std::string(81, '@') + "...\n  ^\n",
                          0),
            0u)
      << garbage.substr(0, 300);
  EXPECT_LT(garbage.size(), 100 * 300u);
}

TEST(Diagnostics, StandardsErrors) {
  EXPECT_NE(Errors("for household:\n  let x = param(a)\n", "param a: money\n  2020-07-01: 1.234\n")
                .find("t.standards:2:15: error: money has at most two decimals"),
            std::string::npos);
  EXPECT_NE(Errors("for household:\n  let x = param(a)\n",
                   "param a: ratio\n  2021-01-01: 1\n  2020-01-01: 2\n")
                .find("effective dates must increase"),
            std::string::npos);
  EXPECT_NE(Errors("for household:\n  let x = param(a)\n", "param a: int\n  2020-02-30: 1\n")
                .find("not a real date"),
            std::string::npos);
}

}  // namespace
}  // namespace safetynet::lang

namespace safetynet::lang {
namespace {

TEST(StandardsFormulas, ErrorsWithTheirMessages) {
  const std::string rules = "for household:\n  let x = param(a)\n";
  EXPECT_NE(Errors(rules, "param a: money = round(b * 2)\n")
                .find("t.standards:1:24: error: unknown parameter 'b'"),
            std::string::npos)
      << Errors(rules, "param a: money = round(b * 2)\n");
  EXPECT_NE(Errors(rules, "param a: money = b\nparam b: money = a\n")
                .find("cycle among formulas: a -> b -> a"),
            std::string::npos)
      << Errors(rules, "param a: money = b\nparam b: money = a\n");
  EXPECT_NE(
      Errors(rules, "param r: ratio\n  2020-01-01: 1.5\nparam a: money = 100 yuan * r\n")
          .find("parameter a is money but its formula gives exact money (unrounded) (round it"),
      std::string::npos);
  EXPECT_NE(
      Errors(rules, "param d: money per area\n  2020-01-01: urban 1, rural 2\nparam a: money = d\n")
          .find("differs by area"),
      std::string::npos);
  EXPECT_NE(
      Errors(rules, "param a: int = 1.5\n").find("parameter a is int but its formula gives ratio"),
      std::string::npos);
  EXPECT_EQ(Errors(rules,
                   "param b: money per area\n  2020-01-01: urban 690, rural 530\n"
                   "param a: money per area = ceil10(b * 1.3)\n"),
            "");
}

TEST(Declarations, NameTheBoolValuesRecalcCounts) {
  RuleSources sources;
  sources.rules.push_back({"t.rules",
                           "for household:\n  let poor = current_payment > 0\n"
                           "  eligibility = poor\n"
                           "for person:\n  deceased = student\n"});  // a field will do
  sources.standards.push_back({"t.standards", kStandards});
  auto program = CompileRules(std::move(sources));
  ASSERT_TRUE(program.ok()) << program.status();
  const Program& p = **program;
  EXPECT_EQ(p.eligibility, p.FindColumn(Entity::kHousehold, "poor"));
  EXPECT_EQ(p.deceased, p.FindColumn(Entity::kPerson, "student"));
  EXPECT_GE(p.deceased, 0);
  RuleSources without;
  without.rules.push_back({"u.rules", "for household:\n  let x = 1\n"});
  auto undeclared = CompileRules(std::move(without));
  ASSERT_TRUE(undeclared.ok()) << undeclared.status();
  EXPECT_EQ((*undeclared)->eligibility, -1);
  EXPECT_EQ((*undeclared)->deceased, -1);
}

TEST(Declarations, MistakesAreReportedWhereTheyAre) {
  EXPECT_EQ(Errors("for person:\n  eligibility = student\n"),
            "1 error in the rules:\n"
            "t.rules:2:17: error: 'eligibility' names a household value: declare it in a 'for "
            "household:' block\n"
            "    eligibility = student\n"
            "                  ^~~~~~~\n");
  EXPECT_EQ(Errors("for household:\n  let paid = current_payment > 0\n  eligibility = pad\n"),
            "1 error in the rules:\n"
            "t.rules:3:17: error: unknown household value 'pad' for 'eligibility' (did you mean "
            "'paid'?)\n"
            "    eligibility = pad\n"
            "                  ^~~\n");
  EXPECT_EQ(Errors("for person:\n  deceased = birth_date\n"),
            "1 error in the rules:\n"
            "t.rules:2:14: error: 'deceased' names a bool value, and 'birth_date' is date\n"
            "    deceased = birth_date\n"
            "               ^~~~~~~~~~\n");
  EXPECT_NE(Errors("for person:\n  deceased = student\nfor person:\n  deceased = serious_illness\n")
                .find("t.rules:4:14: error: 'deceased' is declared twice (first at t.rules:2:14)"),
            std::string::npos);
  EXPECT_EQ(Errors("for household:\n  eligibility = current_payment > 0\n"),
            "1 error in the rules:\n"
            "t.rules:2:33: error: 'eligibility' names one value of this block; add a 'let' for an "
            "expression, found '>'\n"
            "    eligibility = current_payment > 0\n"
            "                                  ^\n");
}

TEST(StandardsFormulas, NoValueInForceNamesTheParameter) {
  RuleSources sources;
  sources.rules.push_back({"t.rules", "for household:\n  let x = param(a)\n"});
  sources.standards.push_back({"t.standards", "param a: money\n  2024-07-01: 5\n"});
  auto program = CompileRules(std::move(sources));
  ASSERT_TRUE(program.ok());
  auto before = Resolve((*program)->standards, DaysFromCivil({2024, 6, 30}));
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      before.status().message(),
      "t.standards:1: parameter a has no value in force on 2024-06-30 (its first is 2024-07-01)");
  EXPECT_TRUE(Resolve((*program)->standards, DaysFromCivil({2024, 7, 1})).ok());
}

// The first error line of compiling `rules` with `standards` (after the
// count), or "" if they compile.
std::string FirstError(const std::string& rules, const std::string& standards = kStandards) {
  std::string errors = Errors(rules, standards);
  if (errors.empty()) return "";
  size_t begin = errors.find('\n') + 1;
  return errors.substr(begin, errors.find('\n', begin) - begin);
}

// Golden messages of the builtin functions (round, ceil10, ceil1, min, max,
// abs, age, days_since, has), of the aggregates' calls and of the functions
// of standards formulas: each wrong call gives exactly this first error line.
// Each let of a household block, and the first error it gives.
TEST(Builtins, ErrorsOfCalls) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"round(5)", "t.rules:2:11: error: round() rounds money, not int"},
      {"ceil10(param(marginal.multiplier))",
       "t.rules:2:11: error: ceil10() rounds money, not ratio"},
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
      {"ceil10(abs(current_payment) * param(marginal.multiplier))", ""},
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
      {"round(param(marginal.multiplier))",
       "t.standards:5:18: error: round() rounds money, not ratio"},
      {"ceil1(1 yuan, 2 yuan)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"min(1 yuan)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"min(1 yuan, marginal.multiplier)", "t.standards:5:18: error: min() of money and ratio"},
      {"max(dibao.urban, 2 yuan, 3)", "t.standards:5:18: error: max() of money and int"},
      {"abs(dibao.urban)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max"},
      {"dibo.urban",
       "t.standards:5:18: error: unknown parameter 'dibo.urban' (did you mean "
       "'dibao.urban'?)"},
      {"ceil0(dibao.urban)",
       "t.standards:5:18: error: a formula uses numbers, money (690 yuan), parameters, + - * /, "
       "round, ceil1, ceil10, min and max (did you mean 'ceil10'?)"},
      {"max(dibao.urban, ceil10(dibao.rural * marginal.multiplier), round(1.5 yuan * 2))", ""},
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
