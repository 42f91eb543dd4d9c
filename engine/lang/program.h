// A compiled rule set: the immutable program the evaluator (engine/exec)
// runs. Every derived value (`let`) and every field a rule reads is a column
// of its entity; columns are listed in evaluation order (each after the
// columns it reads). Expressions are trees of Nodes, stored flat and
// referred to by index. Sub-expressions of aggregates become hidden columns
// of the inner entity (a member's value, a signal's filter), so that an
// aggregate only ever reads materialized columns.
//
// Built once by CompileRules (engine/lang/rule_set.h); afterwards read-only
// and shared by all threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/codes.h"
#include "engine/lang/builtins.h"
#include "engine/lang/schema.h"
#include "engine/lang/source.h"
#include "engine/lang/standards.h"
#include "engine/lang/types.h"

namespace safetynet::lang {

enum class Op : uint8_t {
  kConst,   // constant
  kColumn,  // column of the node's own entity
  kGather,  // column of a linked entity (link)
  kParam,   // a standards parameter (param)
  kAsOf,    // the run's as-of date
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kIf,
  kCoalesce,
  kInSet,            // args[0] in set
  kBuiltin,          // a builtin function (builtin) of args (builtins.h)
  kMemberAggregate,  // over a household's members
  kSignalAggregate,  // over a subject's signals
};

// == != < <= > >= (kEq to kGe, in this order).
inline bool IsComparison(Op op) { return op >= Op::kEq && op <= Op::kGe; }
// and, or, not.
inline bool IsLogic(Op op) { return op == Op::kAnd || op == Op::kOr || op == Op::kNot; }

enum class Link : uint8_t {
  kPersonHousehold,   // a person's household
  kElderlyPerson,     // the person record with the elderly resident's id (may be none)
  kElderlyHousehold,  // that person's household (may be none)
};

struct Node {
  Op op = Op::kConst;
  Type type;
  Location where;
  std::string_view source;  // the rule text this node was compiled from (for explain)
  std::vector<int> args;    // child nodes
  Value constant;           // kConst
  int column = -1;          // kColumn, kGather
  Link link = Link::kPersonHousehold;
  ParamRef param;                     // kParam
  Builtin builtin = Builtin::kRound;  // kBuiltin
  std::vector<int64_t> set;           // kInSet
  // Aggregates.
  Aggregate aggregate = Aggregate::kCount;
  SignalType signal_type = SignalType::kIncome;
  int window_from = -1;  // days; -1 = every signal on or before as_of
  int window_to = 0;
  int member_set = -1;  // person column (bool) selecting members; -1 = all
  int filter = -1;      // signal column (bool) selecting signals; -1 = all
  int value = -1;       // person or signal column aggregated; -1 for count/any
};

// Whether the node is has(x): 1 or 0, never unknown.
inline bool GivesPresence(const Node& node) {
  return node.op == Op::kBuiltin && InfoOf(node.builtin).signature == Signature::kPresence;
}

// Whether the node's values are truth values: 1 (true), 0 (false) or, where
// an operand is empty, kEmpty (unknown) (comparisons, and/or/not, `in`;
// docs/rule-language.md, "Empty values and unknown").
inline bool GivesTruthValue(const Node& node) {
  return IsComparison(node.op) || IsLogic(node.op) || node.op == Op::kInSet || GivesPresence(node);
}

// How people read a value (docs/rule-language.md, "Labels and reasons"), as
// a `label` statement gives it; every member empty where the rules say nothing.
struct ValueWords {
  std::string label;               // what the value is called; "" = its name
  std::string empty;               // shown for an empty value; "" = nothing
  std::string yes, no;             // a bool's words (`true "..."`, `false "..."`)
  std::vector<std::string> codes;  // a code's words by code value; "" or absent = its name
};

// One piece of a reason sentence: literal text, then a value (`{name}` in the
// template); a sentence is a list of pieces, the last with no value.
struct ReasonPiece {
  std::string text;
  int column = -1;  // the value's column (of the rule's entity); -1 = none
};

struct ColumnDef {
  std::string name;  // the let's name, the field's name, or a generated name for hidden columns
  Entity entity;
  Type type;
  bool is_field = false;
  Field field{};        // when is_field
  int root = -1;        // the expression, when not a field
  bool hidden = false;  // generated for an aggregate; not shown to users
  Location where;
  ValueWords words;  // from a `label` statement
};

struct AlertDef {
  std::string id;
  Entity entity;  // subject kind: household, person or elderly
  int severity = -1;
  int when = -1;  // -1 = always fires
  int score = -1;
  std::vector<int> conjuncts;  // the top-level 'and' terms of `when`, for explain
  std::vector<int> show;       // columns shown as evidence
  Location where;
  std::string label;                // what people call the alert; "" = none given
  std::vector<ReasonPiece> reason;  // the reason sentence; empty = none given
};

struct EntitlementDef {
  std::string kind;
  Entity entity;
  int amount = -1;
  Location where;
  std::string label;                // what people call the entitlement; "" = none given
  std::vector<ReasonPiece> reason;  // the reason sentence; empty = none given
};

struct Program {
  std::vector<std::unique_ptr<SourceFile>> sources;  // the files locations point into
  Standards standards;
  std::vector<ColumnDef> columns;  // in evaluation order
  std::vector<Node> nodes;
  std::vector<AlertDef> alerts;  // sorted by id
  std::vector<EntitlementDef> entitlements;
  // The values recalc and sweep count by, as the rules declare them
  // (docs/rule-language.md, "Declarations"); -1 where not declared.
  int eligibility = -1;  // household column (bool): `eligibility = NAME`, who is eligible
  int deceased = -1;     // person column (bool): `deceased = NAME`, who is dead

  // The index of the visible column `name` of `entity`, or -1.
  int FindColumn(Entity entity, std::string_view name) const;

  // For each column, whether its values depend on the standards (it reads a
  // parameter, directly or through other columns). A recalculation computes
  // only these again.
  std::vector<bool> StandardsDependentColumns() const;
};

}  // namespace safetynet::lang
