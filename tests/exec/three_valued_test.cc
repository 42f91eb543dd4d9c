// Three-valued logic of empty values (docs/rule-language.md, "Empty values
// and unknown"): a comparison with an empty value is unknown, `not unknown`
// is unknown, `and`/`or` as in SQL; an alert whose condition is unknown does
// not fire and is undecided, an entitlement whose amount is empty is not
// paid and is undecided. The whole truth table, in the vectorized evaluator
// (by every path it takes: columns, expressions that narrow, comparisons
// fused into the logic above them, filters) and in the reference interpreter.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/rule_set.h"
#include "engine/synth/synth.h"
#include "tests/exec/reference_interpreter.h"
#include "tests/support/reference_data.h"

namespace safetynet::testing {
namespace {

constexpr const char* kStandards = "param big: money\n  2020-01-01: 90000000000000000\n";

// Every household's current payment is at least 0, so: t is true, f false,
// and u unknown (the sum overflows 64 bits: `e` is empty).
constexpr const char* kValues =
    "for household:\n"
    "  let t = current_payment >= 0 yuan\n"
    "  let f = current_payment < 0 yuan\n"
    "  let e = current_payment + param(big) * 1000\n"
    "  let u = e > 0 yuan\n";

// Each truth value as a column, as an expression with arithmetic (which the
// evaluator narrows), and as a comparison (which it fuses into an and/or).
struct Form {
  const char* column;
  const char* expression;
  const char* comparison;
};
constexpr Form kTrue{"t", "(current_payment + 1 yuan > 0 yuan)", "current_payment >= 0 yuan"};
constexpr Form kFalse{"f", "(current_payment + 1 yuan < 0 yuan)", "current_payment < 0 yuan"};
constexpr Form kUnknown{"u", "(current_payment + param(big) * 1000 > 0 yuan)", "e > 0 yuan"};

// The SQL truth table: 1 true, 0 false, kEmpty unknown.
int64_t And(int64_t a, int64_t b) {
  if (a == 0 || b == 0) return 0;
  return a == kEmpty || b == kEmpty ? kEmpty : 1;
}
int64_t Or(int64_t a, int64_t b) {
  if (a == 1 || b == 1) return 1;
  return a == kEmpty || b == kEmpty ? kEmpty : 0;
}

struct Case {
  std::string name, expression;
  int64_t expected;
};

std::vector<Case> TruthTable() {
  const std::pair<Form, int64_t> values[] = {{kTrue, 1}, {kFalse, 0}, {kUnknown, kEmpty}};
  std::vector<Case> cases;
  int n = 0;
  for (const auto& [a, va] : values) {
    cases.push_back({Cat("not_col", n), Cat("not ", a.column), va == kEmpty ? kEmpty : !va});
    cases.push_back({Cat("not_expr", n), Cat("not ", a.expression), va == kEmpty ? kEmpty : !va});
    for (const auto& [b, vb] : values) {
      for (const char* op : {"and", "or"}) {
        const int64_t expected = op[0] == 'a' ? And(va, vb) : Or(va, vb);
        cases.push_back({Cat(op, "_col", n), Cat(a.column, " ", op, " ", b.column), expected});
        cases.push_back(
            {Cat(op, "_expr", n), Cat(a.expression, " ", op, " ", b.expression), expected});
        cases.push_back(
            {Cat(op, "_fused", n), Cat(a.column, " ", op, " ", b.comparison), expected});
        ++n;
      }
    }
    ++n;
  }
  cases.push_back({"if_unknown", "(if u then 1 else 2) == 1", kEmpty});
  cases.push_back({"in_unknown", "(if u then 1 else 2) in {1, 2}", kEmpty});
  cases.push_back({"has_is_known", "has(e)", 0});
  cases.push_back({"coalesce_decides", "u ?? false", 0});
  return cases;
}

struct Evaluated {
  std::unique_ptr<lang::Program> program;
  exec::RunResult result;
  std::unique_ptr<Dataset> data;
  lang::ResolvedStandards standards;
};

Evaluated Evaluate(const std::string& rules) {
  Evaluated run;
  synth::SynthOptions options;
  options.households = 40;
  run.data = Synthesized(options);
  lang::RuleSources sources;
  sources.standards.push_back({"t.standards", kStandards});
  sources.rules.push_back({"t.rules", rules});
  auto program = lang::CompileRules(std::move(sources));
  EXPECT_TRUE(program.ok()) << program.status().message();
  if (!program.ok()) return run;
  run.program = std::move(*program);
  const Days as_of = DaysFromCivil({2025, 6, 30});
  run.standards = lang::Resolve(run.program->standards, as_of).value();
  SignalIndex index(*run.data, as_of);
  run.result = exec::Evaluate(*run.program, *run.data, index, run.standards, as_of);
  return run;
}

TEST(ThreeValued, TruthTableInTheEngineAndTheReference) {
  std::string rules = kValues;
  const std::vector<Case> cases = TruthTable();
  for (const Case& c : cases) rules += Cat("  let ", c.name, " = ", c.expression, "\n");
  Evaluated run = Evaluate(rules);
  ASSERT_TRUE(run.program);
  const Days as_of = DaysFromCivil({2025, 6, 30});
  ReferenceInterpreter reference(*run.program, *run.data, run.standards, as_of);
  for (const Case& c : cases) {
    const int column = run.program->FindColumn(lang::Entity::kHousehold, c.name);
    ASSERT_GE(column, 0) << c.name;
    for (uint32_t row = 0; row < run.data->households.size(); ++row) {
      ASSERT_EQ(run.result.columns[column].num[row], c.expected)
          << c.name << " = " << c.expression << ", row " << row;
      const RefValue expected = reference.Column(column, row);
      ASSERT_EQ(expected.empty ? kEmpty : static_cast<int64_t>(expected.num), c.expected)
          << "reference: " << c.name << " = " << c.expression << ", row " << row;
    }
  }
}

// Only alert `id` fires, and on every household.
void ExpectOnlyFiresEverywhere(const Evaluated& run, const std::string& id) {
  for (const exec::AlertHit& hit : run.result.hits) {
    EXPECT_EQ(run.program->alerts[hit.alert].id, id);
  }
  EXPECT_EQ(run.result.hits.size(), run.data->households.size());
}

TEST(ThreeValued, AnUnknownAlertDoesNotFireAndIsUndecided) {
  Evaluated run = Evaluate(Cat(kValues,
                               "  alert A_NOT_UNKNOWN severity HIGH when not u\n"
                               "  alert B_FALSE_AND_UNKNOWN severity HIGH when f and u\n"
                               "  alert C_TRUE_OR_UNKNOWN severity HIGH when t or u\n"
                               "  alert D_TRUE_AND_UNKNOWN severity HIGH when t and ",
                               kUnknown.expression, "\n  alert E_NOT_COLUMN severity HIGH when u\n",
                               "  entitlement PAID = if u then 5 yuan else 0 yuan\n"));
  ASSERT_TRUE(run.program);
  const size_t rows = run.data->households.size();
  ASSERT_GT(rows, 0u);
  ExpectOnlyFiresEverywhere(run, "C_TRUE_OR_UNKNOWN");
  EXPECT_TRUE(run.result.entitlements.empty());  // an unknown amount is not paid
  // A, D and E are undecided on every row, and the entitlement; B and C are decided.
  std::map<std::string, size_t> undecided;
  for (const exec::UndecidedRow& row : run.result.undecided) {
    const std::string rule = row.alert >= 0 ? run.program->alerts[row.alert].id
                                            : run.program->entitlements[row.entitlement].kind;
    ++undecided[rule];
    EXPECT_NE(row.reason.find("overflows 64-bit integers"), std::string::npos) << row.reason;
    if (rule != "D_TRUE_AND_UNKNOWN") {
      EXPECT_EQ(row.reason.rfind("u is unknown: e is empty: `param(big) * 1000`", 0), 0u)
          << row.reason;
    }
  }
  const std::map<std::string, size_t> expected = {{"A_NOT_UNKNOWN", rows},
                                                  {"D_TRUE_AND_UNKNOWN", rows},
                                                  {"E_NOT_COLUMN", rows},
                                                  {"PAID", rows}};
  EXPECT_EQ(undecided, expected);
}

// An alert whose condition holds but whose computed severity or score is
// empty does not fire: it is undecided, with the reason, in the engine and
// in the reference.
TEST(ThreeValued, AnUnknownSeverityOrScoreIsUndecided) {
  Evaluated run =
      Evaluate(Cat(kValues,
                   "  alert S_SEVERITY severity if u then HIGH else LOW when t\n"
                   "  alert S_SCORE severity HIGH when t score if u then 1 else 2\n"
                   "  alert S_KNOWN severity if t then HIGH else LOW when t score 3\n"));
  ASSERT_TRUE(run.program);
  const size_t rows = run.data->households.size();
  ASSERT_GT(rows, 0u);
  ExpectOnlyFiresEverywhere(run, "S_KNOWN");
  std::map<std::string, size_t> undecided;
  for (const exec::UndecidedRow& row : run.result.undecided) {
    const std::string& rule = run.program->alerts[row.alert].id;
    ++undecided[rule];
    const std::string prefix =
        rule == "S_SEVERITY" ? "severity is unknown: " : "score is unknown: ";
    EXPECT_EQ(row.reason.rfind(prefix + "u is unknown: e is empty", 0), 0u) << row.reason;
  }
  const std::map<std::string, size_t> expected = {{"S_SEVERITY", rows}, {"S_SCORE", rows}};
  EXPECT_EQ(undecided, expected);
  const Days as_of = DaysFromCivil({2025, 6, 30});
  ReferenceInterpreter reference(*run.program, *run.data, run.standards, as_of);
  auto alert = [&](const std::string& id) {
    for (size_t a = 0; a < run.program->alerts.size(); ++a) {
      if (run.program->alerts[a].id == id) return static_cast<int>(a);
    }
    return -1;
  };
  for (uint32_t row = 0; row < rows; ++row) {
    EXPECT_EQ(reference.Condition(alert("S_SEVERITY"), row), std::nullopt) << row;
    EXPECT_EQ(reference.Condition(alert("S_SCORE"), row), std::nullopt) << row;
    EXPECT_EQ(reference.Condition(alert("S_KNOWN"), row), true) << row;
  }
}

// Aggregates over a set whose membership is unknown: unknown, unless settled.
TEST(ThreeValued, AggregatesOverUnknownMembership) {
  Evaluated run = Evaluate(Cat(kValues,
                               "  let some = members where u\n"
                               "  let counted = count(some)\n"
                               "  let any_member = any(members, u)\n"
                               "  let any_settled = any(members, u or true)\n"
                               "  let all_settled = all(members, u and false)\n"
                               "  let sure = count(members where t)\n"));
  ASSERT_TRUE(run.program);
  const std::vector<uint32_t>& begin = run.data->households.member_begin;
  auto column = [&](const char* name) {
    return run.result.columns[run.program->FindColumn(lang::Entity::kHousehold, name)].num;
  };
  for (uint32_t h = 0; h < run.data->households.size(); ++h) {
    const bool has_members = begin[h + 1] > begin[h];
    EXPECT_EQ(column("counted")[h], has_members ? kEmpty : 0) << h;
    EXPECT_EQ(column("any_member")[h], has_members ? kEmpty : 0) << h;
    EXPECT_EQ(column("any_settled")[h], has_members ? 1 : 0) << h;
    EXPECT_EQ(column("all_settled")[h], has_members ? 0 : 1) << h;
    EXPECT_EQ(column("sure")[h], begin[h + 1] - begin[h]) << h;
  }
}

}  // namespace
}  // namespace safetynet::testing
