// Labels and reason sentences (docs/rule-language.md, "Labels and reasons"):
// what they compile into, how values are shown in them, the golden message
// of each kind of mistake, and the Weihai rules' words.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/text.h"
#include "engine/lang/rule_errors.h"
#include "engine/lang/rule_set.h"
#include "engine/monitor/value_format.h"
#include "tests/support/reference_data.h"

namespace safetynet::lang {
namespace {

constexpr const char* kStandards =
    "param dibao: money per area\n"
    "  2020-07-01: urban 690, rural 530\n";

absl::StatusOr<std::unique_ptr<Program>> Compile(const std::string& rules) {
  RuleSources sources;
  sources.rules.push_back({"t.rules", rules});
  sources.standards.push_back({"t.standards", kStandards});
  return CompileRules(std::move(sources));
}

// The error text of compiling `rules`, or "" if they compile.
std::string Errors(const std::string& rules) {
  auto program = Compile(rules);
  return program.ok() ? "" : std::string(program.status().message());
}

TEST(Words, LabelsAndReasonsCompileIntoTheProgram) {
  auto program = Compile(
      "for household:\n"
      "  let std = param(dibao)\n"
      "  label std \"标准\" empty \"无\"\n"
      "  label category \"类别\" DIBAO \"低保\" TEKUN \"特困\"\n"
      "  alert A severity HIGH\n"
      "    label \"候选\"\n"
      "    when current_payment < std\n"
      "    reason \"标准 {std} 元，{{注}} \\\"引号\\\" \\\\ {category}\"\n"
      "  entitlement D = std label \"低保金\" reason \"{category}\"\n");
  ASSERT_TRUE(program.ok()) << program.status();
  ASSERT_EQ((*program)->alerts.size(), 1u);
  const AlertDef& alert = (*program)->alerts[0];
  EXPECT_EQ(alert.label, "候选");
  ASSERT_EQ(alert.reason.size(), 3u);
  EXPECT_EQ(alert.reason[0].text, "标准 ");
  EXPECT_EQ((*program)->columns[alert.reason[0].column].name, "std");
  EXPECT_EQ(alert.reason[1].text, " 元，{注} \"引号\" \\ ");
  EXPECT_EQ((*program)->columns[alert.reason[1].column].name, "category");
  EXPECT_EQ(alert.reason[2].text, "");
  EXPECT_EQ(alert.reason[2].column, -1);
  const ColumnDef& category = (*program)->columns[alert.reason[1].column];
  EXPECT_EQ(category.words.label, "类别");
  ASSERT_EQ(category.words.codes.size(), 3u);  // NONE, DIBAO, TEKUN
  EXPECT_EQ(category.words.codes[1], "低保");
  EXPECT_EQ(category.words.codes[2], "特困");
  ASSERT_EQ((*program)->entitlements.size(), 1u);
  EXPECT_EQ((*program)->entitlements[0].label, "低保金");
  ASSERT_EQ((*program)->entitlements[0].reason.size(), 2u);
}

TEST(Words, ValuesAreShownInTheirWords) {
  ColumnDef flag;
  flag.type = Type::Bool();
  flag.words.yes = "是";
  std::string out;
  monitor::AppendValueForPeople(out, flag, 1, 1);
  out += '|';
  monitor::AppendValueForPeople(out, flag, 0, 1);  // no word for false: the plain value
  out += '|';
  ColumnDef visit;
  visit.type = Type::Date();
  visit.words.empty = "从未走访";
  monitor::AppendValueForPeople(out, visit, kEmpty, 1);
  out += '|';
  monitor::AppendValueForPeople(out, visit, 0, 1);  // day 0 is 1970-01-01
  out += '|';
  ColumnDef money;
  money.type = Type::Money();
  monitor::AppendValueForPeople(out, money, 85000, 1);
  out += '|';
  monitor::AppendValueForPeople(out, money, kEmpty, 1);  // no empty word: nothing
  out += '|';
  ColumnDef living;
  living.type = Type::Code(CodeSet::kLiving);
  living.words.codes = {"独居"};
  monitor::AppendValueForPeople(out, living, 0, 1);
  out += '|';
  monitor::AppendValueForPeople(out, living, 1, 1);  // no word: the code's name
  EXPECT_EQ(out, "是|false|从未走访|1970-01-01|850.00||独居|EMPTY_NEST");
}

TEST(Words, WithoutAReasonTheShownValuesWithTheirLabels) {
  auto program = Compile(
      "for household:\n"
      "  let std = param(dibao)\n"
      "  label std \"标准\"\n"
      "  alert A severity HIGH show std, current_payment\n");
  ASSERT_TRUE(program.ok()) << program.status();
  exec::RunResult result;
  result.columns.resize((*program)->columns.size());
  const std::vector<int>& show = (*program)->alerts[0].show;
  result.columns[show[0]].num = {89000};
  result.columns[show[1]].num = {kEmpty};
  std::string out;
  monitor::AppendShownValues(out, **program, show, result, 0);
  EXPECT_EQ(out, "标准：890.00；current_payment：");
}

TEST(Words, EvidenceIsTypedJson) {
  std::string out;
  monitor::AppendJsonValue(out, Type::Money(), 85000, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Money(), -5, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Date(), 0, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Bool(), 1, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Code(CodeSet::kLiving), 0, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Int(), 196, 1);
  out += ',';
  monitor::AppendJsonValue(out, Type::Ratio(), 3, 2);
  out += ',';
  monitor::AppendJsonValue(out, Type::Date(), kEmpty, 1);
  EXPECT_EQ(out, "850.00,-0.05,\"1970-01-01\",true,\"ALONE\",196,1.5,null");
}

TEST(Words, UnknownNameInAReasonWithDidYouMean) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH reason \"收入 {curent_payment} 元\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:37: error: unknown household value 'curent_payment' in the reason (did "
            "you mean 'current_payment'?)\n"
            "    alert A severity HIGH reason \"收入 {curent_payment} 元\"\n"
            "                                        ^~~~~~~~~~~~~~\n");
}

TEST(Words, UnknownNameInAnEntitlementReason) {
  EXPECT_EQ(Errors("for household:\n  entitlement D = current_payment reason \"{sise}\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:44: error: unknown household value 'sise' in the reason\n"
            "    entitlement D = current_payment reason \"{sise}\"\n"
            "                                             ^~~~\n");
}

TEST(Words, OpeningBraceWithoutItsPartner) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH reason \"a {category\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:35: error: a '{' without its '}': write {{ for a brace\n"
            "    alert A severity HIGH reason \"a {category\"\n"
            "                                    ^\n");
}

TEST(Words, ClosingBraceWithoutItsPartner) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH reason \"a } b\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:35: error: a '}' without its '{': write }} for a brace\n"
            "    alert A severity HIGH reason \"a } b\"\n"
            "                                    ^\n");
}

TEST(Words, BracesWithoutAName) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH reason \"a {} b {x y}\"\n"),
            "2 errors in the rules:\n"
            "t.rules:2:35: error: expected the name of a value between '{' and '}', such as "
            "{income_pc}\n"
            "    alert A severity HIGH reason \"a {} b {x y}\"\n"
            "                                    ^~\n"
            "t.rules:2:40: error: expected the name of a value between '{' and '}', such as "
            "{income_pc}\n"
            "    alert A severity HIGH reason \"a {} b {x y}\"\n"
            "                                         ^~~~~\n");
}

TEST(Words, UnknownEscape) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH label \"a\\nb\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:33: error: a backslash in a string is written \\\\ (and a quote \\\"): "
            "nothing else follows it\n"
            "    alert A severity HIGH label \"a\\nb\"\n"
            "                                  ^\n");
}

TEST(Words, StringWithoutItsClosingQuote) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH label \"走访\n"),
            "1 error in the rules:\n"
            "t.rules:2:31: error: this string has no closing '\"' on its line\n"
            "    alert A severity HIGH label \"走访\n"
            "                                ^\n");
}

TEST(Words, SecondLabelOrReason) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH label \"a\" label \"b\"\n"
                   "  entitlement D = current_payment reason \"a\" reason \"b\"\n"),
            "2 errors in the rules:\n"
            "t.rules:2:35: error: an alert has one 'label'\n"
            "    alert A severity HIGH label \"a\" label \"b\"\n"
            "                                    ^~~~~\n"
            "t.rules:3:46: error: an entitlement has one 'reason'\n"
            "    entitlement D = current_payment reason \"a\" reason \"b\"\n"
            "                                               ^~~~~~\n");
}

TEST(Words, ValueLabelledTwice) {
  EXPECT_EQ(Errors("for household:\n  label current_payment \"金额\"\n"
                   "  label current_payment \"现发放\"\n"),
            "1 error in the rules:\n"
            "t.rules:3:9: error: household value 'current_payment' is labelled twice (first at "
            "t.rules:2:9)\n"
            "    label current_payment \"现发放\"\n"
            "          ^~~~~~~~~~~~~~~\n");
}

TEST(Words, UnknownValueToLabel) {
  EXPECT_EQ(Errors("for household:\n  label curent_payment \"金额\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:9: error: unknown household value 'curent_payment' to label (did you mean "
            "'current_payment'?)\n"
            "    label curent_payment \"金额\"\n"
            "          ^~~~~~~~~~~~~~\n");
}

TEST(Words, TrueAndFalseWordsOnlyForBools) {
  EXPECT_EQ(Errors("for household:\n  label current_payment \"金额\" true \"是\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:30: error: 'true' words are for bool values, and 'current_payment' is "
            "money\n"
            "    label current_payment \"金额\" true \"是\"\n"
            "                                 ^~~~\n");
}

TEST(Words, UnknownCodeWithDidYouMean) {
  EXPECT_EQ(Errors("for household:\n  label category \"类别\" DIBOA \"低保\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:23: error: unknown CATEGORY code 'DIBOA' (did you mean 'DIBAO'?)\n"
            "    label category \"类别\" DIBOA \"低保\"\n"
            "                          ^~~~~\n");
}

TEST(Words, WordForSomethingThatIsNoCode) {
  EXPECT_EQ(Errors("for household:\n  label current_payment \"金额\" yes \"是\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:30: error: expected 'empty', 'true', 'false' or a code before a word; "
            "'current_payment' is money, and 'yes' is none of these\n"
            "    label current_payment \"金额\" yes \"是\"\n"
            "                                 ^~~\n");
}

TEST(Words, WordGivenTwice) {
  EXPECT_EQ(Errors("for household:\n  label category \"类别\" empty \"无\" empty \"空\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:33: error: the word for 'empty' is given twice\n"
            "    label category \"类别\" empty \"无\" empty \"空\"\n"
            "                                     ^~~~~\n");
}

TEST(Words, FileNotUtf8) {
  EXPECT_EQ(Errors("for household:\n  # \xd7\xdf\xb7\xc3\n  alert A severity HIGH\n"),
            "1 error in the rules:\n"
            "t.rules:2:5: error: this file is not UTF-8 here (saved as GBK or \"ANSI\"?): save it "
            "as UTF-8\n"
            "    # \xd7\xdf\xb7\xc3\n"
            "      ^\n");
}

TEST(Words, AByteOrderMarkIsNotText) {
  EXPECT_EQ(Errors("\xEF\xBB\xBF"
                   "for household:\n  alert A severity HIGH label \"走访\"\n"),
            "");
  // Columns on the first line count from after the mark.
  EXPECT_EQ(Errors("\xEF\xBB\xBF"
                   "for x:\n"),
            "1 error in the rules:\n"
            "t.rules:1:5: error: 'for x': rules are written for household, person or elderly\n"
            "  \xEF\xBB\xBF"
            "for x:\n"
            "      ^\n");
}

TEST(Words, ControlCharacterInAString) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH label \"a\x01\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:33: error: a control or invisible character in a string (a tab, a line "
            "separator, a direction mark...: it would break or disguise the lists people read): "
            "remove it\n"
            "    alert A severity HIGH label \"a\x01\"\n"
            "                                  ^\n");
  // A tab, a line separator, a right-to-left override, a zero-width space, a C1 control.
  for (const char* invisible : {"\t", "\u2028", "\u202E", "\u200B", "\u0085"}) {
    EXPECT_NE(Errors(Cat("for household:\n  alert A severity HIGH reason \"a", invisible, "b\"\n"))
                  .find("a control or invisible character"),
              std::string::npos)
        << invisible;
  }
}

TEST(Words, EmptyWords) {
  EXPECT_EQ(Errors("for household:\n  alert A severity HIGH label \"\"\n"),
            "1 error in the rules:\n"
            "t.rules:2:31: error: an empty string: give the words, or leave the clause out\n"
            "    alert A severity HIGH label \"\"\n"
            "                                ^~\n");
}

TEST(Words, ASetOfMembersIsNoValueToShow) {
  EXPECT_EQ(Errors("for household:\n  let living = members where not has(birth_date)\n"
                   "  alert A severity HIGH reason \"{living}\"\n"),
            "1 error in the rules:\n"
            "t.rules:3:34: error: 'living' is a set of members, not a value in the reason: name a "
            "count or a sum of it with a 'let'\n"
            "    alert A severity HIGH reason \"{living}\"\n"
            "                                   ^~~~~~\n");
}

TEST(Words, ChineseQuotationMarks) {
  const std::string errors = Errors("for household:\n  alert A severity HIGH label “走访”\n");
  EXPECT_EQ(errors.substr(0, errors.find("\n", errors.find("\n") + 1) + 1),
            "2 errors in the rules:\n"
            "t.rules:2:31: error: '“' is a Chinese quotation mark: a string is written in ASCII "
            "double quotes, \"like this\"\n");
}

TEST(Words, FullWidthBracesAroundAValue) {
  EXPECT_EQ(
      Errors(
          "for household:\n  alert A severity HIGH reason \"现发 ｛current_payment｝ 元 ｛x｝\"\n"),
      "1 error in the rules:\n"
      "t.rules:2:36: error: '｛current_payment｝' has full-width braces and would be shown as "
      "it is: write {current_payment}\n"
      "    alert A severity HIGH reason \"现发 ｛current_payment｝ 元 ｛x｝\"\n"
      "                                       ^~~~~~~~~~~~~~~~~~~\n");
}

TEST(Words, LabelAndReasonAreReservedWords) {
  EXPECT_NE(Errors("for household:\n  let x = label\n"), "");
  EXPECT_NE(Errors("for household:\n  let x = reason + 1\n"), "");
}

// Every Weihai alert and entitlement has a Chinese label and reason, and
// every value an alert shows has a label.
TEST(Words, WeihaiRulesSayEverythingInChinese) {
  std::unique_ptr<Program> program = testing::WeihaiRules();
  ASSERT_NE(program, nullptr);
  auto chinese = [](const std::string& text) {
    for (unsigned char c : text) {
      if (c >= 0xE4 && c <= 0xE9) return true;  // the lead byte of a CJK ideograph
    }
    return false;
  };
  auto sentence = [&](const std::vector<ReasonPiece>& reason) {
    std::string text;
    for (const ReasonPiece& piece : reason) text += piece.text;
    return text;
  };
  ASSERT_GE(program->alerts.size(), 19u);
  for (const AlertDef& alert : program->alerts) {
    EXPECT_TRUE(chinese(alert.label)) << alert.id << ": " << alert.label;
    EXPECT_TRUE(chinese(sentence(alert.reason))) << alert.id;
    for (int column : alert.show) {
      EXPECT_TRUE(chinese(program->columns[column].words.label))
          << alert.id << " shows " << program->columns[column].name << " without a label";
    }
  }
  ASSERT_GE(program->entitlements.size(), 6u);
  for (const EntitlementDef& entitlement : program->entitlements) {
    EXPECT_TRUE(chinese(entitlement.label)) << entitlement.kind;
    EXPECT_TRUE(chinese(sentence(entitlement.reason))) << entitlement.kind;
  }
}

}  // namespace
}  // namespace safetynet::lang
