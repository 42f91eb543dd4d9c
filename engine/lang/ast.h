// The syntax tree of rule files (docs/rule-language.md), as the parser builds
// it and before names and types are checked. Plain data owned by its
// RuleFile; the SourceFile it points into must outlive it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/source.h"

namespace safetynet::lang {

// How deeply expressions may nest (docs/rule-language.md, "Limits"): the
// height of an expression's tree, where each operator of a chain such as
// `a + b + c` counts one level, and the parser's own nesting (parentheses,
// `not`, `-`, `if`, calls). The parser refuses deeper ones with file:line:column,
// so that every later pass may recurse over a tree (checking, lowering,
// evaluating, explaining) without exhausting the stack.
inline constexpr int kMaxExpressionDepth = 200;

enum class ExprKind {
  kNumber,   // text: 12 or 1.5
  kMoney,    // text: the yuan amount of `690 yuan`
  kBool,     // text: true / false
  kName,     // text: a field, let, code or `as_of`
  kPath,     // parts: household.x, member.x, member.household.x
  kUnary,    // text: "-" or "not"; args[0]
  kBinary,   // text: the operator; args[0], args[1]
  kIf,       // args: condition, then, else
  kCall,     // text: the function; args; for param(): parts = the dotted name
  kSet,      // args: the elements of { A, B, 3 }
  kMembers,  // `members`
  kSignals,  // signals(TYPE) [of SET] [within A [to B] days]; parts[0] = TYPE; args[0] = SET or
             // null
  kWhere,    // args[0] where args[1]: filters members or signals
};

struct Expr {
  ExprKind kind;
  Location where;           // the expression's main token (an operator, a name)
  uint32_t span_begin = 0;  // the whole expression's text: [span_begin, span_end) of the file
  uint32_t span_end = 0;
  std::string_view text;
  std::vector<std::string_view> parts;
  std::vector<std::unique_ptr<Expr>> args;
  int height = 1;  // levels of the tree below and including this one; <= kMaxExpressionDepth
  // kSignals window: (as_of - from, as_of - to] in days; from < 0 = no window.
  int window_from = -1;
  int window_to = 0;
};

// kEligibility and kDeceased declare which value of the block recalc and
// sweep count by (`eligibility = NAME`, `deceased = NAME`); kLabel gives a
// value its label and words (`label NAME "..." empty "..." ...`).
enum class StatementKind { kLet, kAlert, kEntitlement, kEligibility, kDeceased, kLabel };

// A string as written: `raw` is the text between the quotes, escapes (\" and
// \\) not yet undone; `where` spans the quotes. Absent when raw.data() is null.
struct StringLiteral {
  std::string_view raw;
  Location where;
  bool present() const { return raw.data() != nullptr; }
};

// One word of a `label` statement: `empty "..."`, `true "..."`, `false "..."`
// or `CODE "..."`.
struct LabelWord {
  std::string_view key;
  Location key_where;
  StringLiteral word;
};

struct Statement {
  StatementKind kind;
  Location where;  // the name
  std::string_view
      name;  // let name, alert id, entitlement kind, the value a declaration or label names
  std::unique_ptr<Expr> value;                              // let value, entitlement amount
  std::unique_ptr<Expr> severity;                           // alert
  std::unique_ptr<Expr> when;                               // alert; null = always
  std::unique_ptr<Expr> score;                              // alert; optional
  std::vector<std::pair<std::string_view, Location>> show;  // alert evidence
  StringLiteral label;           // alert, entitlement, kLabel: what people call it
  StringLiteral reason;          // alert, entitlement: the reason template
  std::vector<LabelWord> words;  // kLabel
};

struct Block {
  std::string_view entity;  // household, person, elderly
  Location where;
  std::vector<Statement> statements;
};

struct RuleFile {
  const SourceFile* file = nullptr;
  std::vector<Block> blocks;
};

}  // namespace safetynet::lang
