// The compiler's shared state (internal to engine/lang/compiler*.cc): one
// Compiler per Compile() call, holding the program it fills, the
// diagnostics, the declared lets, alerts and entitlements and the columns
// made so far. Its work is split by job:
//
//   compiler.cc           the passes in order; declarations, and cycles among lets
//   compiler_names.cc     names (lets, fields, links, codes, parameters) and the
//                         types of operators and builtin calls
//   compiler_lowering.cc  expressions into nodes and columns: literals, calls,
//                         member sets, signals and aggregates (hidden columns)
//   compiler_rules.cc     alerts and entitlements
//
// Not thread-safe; used by one Compile() call.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/lang/ast.h"
#include "engine/lang/builtins.h"
#include "engine/lang/program.h"
#include "engine/lang/source.h"

namespace safetynet::lang::compiler_internal {

constexpr int kError = -1;

// A compiled expression: its node and type; node == kError after an error
// (already reported).
struct Typed {
  int node = kError;
  Type type;
  bool zero_literal = false;  // the literal 0, which may stand for money
  int member_set = -2;        // member sets: the person column selecting members (-1 all)
  bool ok() const { return node != kError || member_set != -2; }
};

// Where an expression is compiled: the entity whose value it is.
struct Context {
  Entity entity;
  bool sees_household = false;                   // a member's value inside a household aggregate
  SignalType signal_type = SignalType::kIncome;  // entity == kSignal
};

// A declared `let`, compiled after the lets it reads (LetsInOrder).
struct LetDecl {
  const Statement* statement;
  Entity entity;
  int state = 0;  // 0 not compiled, 1 compiling, 2 done
  int column = -1;
  int member_set = -2;    // a member-set let: the person column
  int walk = 0;           // LetsInOrder: 0 not reached, 1 on the current path, 2 done
  bool in_cycle = false;  // on a cycle (reported): unusable by other values
};

// What a path such as member.household.income names: a value of `target`,
// reached by `link`.
struct PathTarget {
  Entity target;
  Link link;
  std::string_view name;
};

// The declarations of the values recalc and sweep count by: the statement,
// its keyword, the entity whose block it belongs in and the Program member
// that keeps the value's column.
struct Declaration {
  StatementKind kind;
  std::string_view keyword;
  Entity entity;
  int Program::*column;
};
inline constexpr Declaration kDeclarations[] = {
    {StatementKind::kEligibility, "eligibility", Entity::kHousehold, &Program::eligibility},
    {StatementKind::kDeceased, "deceased", Entity::kPerson, &Program::deceased},
};

// What signals(TYPE) [of SET] [within ...] [where COND] selects.
struct SignalSpec {
  bool ok = false;
  SignalType type = SignalType::kIncome;
  int window_from = -1, window_to = 0;
  int member_set = -1;
  int filter = -1;
};

class Compiler {
 public:
  Compiler(Program& program, Diagnostics& diagnostics) : p_(program), d_(diagnostics) {}

  // Compiles every file into the program; errors go to the diagnostics.
  void Run(const std::vector<RuleFile>& files);

 private:
  // ---- declarations and cycles (compiler.cc) ----
  void Declare(const Statement& statement, Entity entity);
  static std::string Where(const Location& where);
  LetDecl* FindLet(Entity entity, std::string_view name);
  // Every let, each after the lets it reads, found by a depth-first walk in
  // name order that keeps its path on a stack of its own, not the call
  // stack (a chain of lets may be as long as the file). Reports each cycle.
  std::vector<LetDecl*> LetsInOrder();
  // The lets `let`'s value reads, in the order compiling it meets them.
  std::vector<LetDecl*> LetsReadBy(const LetDecl& let);
  // Compiles a let (once); false if it cannot be used (error reported).
  bool CompileLet(LetDecl& decl);
  // A use of a let: CompileLet, or false for a let on a cycle.
  bool EnsureLet(LetDecl& decl);

  // ---- names and types (compiler_names.cc) ----
  // The column of a let or field of `entity` called `name`, or -1 (with
  // `failed` set if the name exists but failed to compile).
  int Lookup(Entity entity, std::string_view name, bool& failed, int* member_set = nullptr);
  // The names of `entity`'s values, for hints; none once the diagnostics are full.
  std::vector<std::string_view> NamesOf(Entity entity);
  Typed UnknownName(const Expr& expr, std::string_view name,
                    const std::vector<std::string_view>& candidates, std::string_view what);
  std::optional<int64_t> CodeValue(CodeSet set, std::string_view name);
  std::vector<std::string_view> CodeCandidates(CodeSet set);
  // Is `expr` a bare name that is no value here (so perhaps a code)?
  bool IsBareCode(const Expr& expr, const Context& context);
  Typed CompileName(const Expr& expr, const Context& context, std::optional<Type> expected);
  // What path `expr` names from `entity`, or nullopt if it is not reachable.
  static std::optional<PathTarget> PathTargetOf(const Expr& expr, Entity entity);
  Typed CompilePath(const Expr& expr, const Context& context);
  Typed CompileParam(const Expr& expr, const Context& context);
  std::optional<Type> Unify(const Typed& a, const Typed& b);
  std::optional<Type> Arithmetic(std::string_view op, const Typed& a, const Typed& b);
  Typed Expect(const Expr& expr, const Typed& value, BaseType base, std::string_view role);
  Typed CompileUnary(const Expr& expr, const Context& context);
  Typed CompileBinary(const Expr& expr, const Context& context, std::optional<Type> expected);
  Typed CompileIn(const Expr& expr, const Context& context);
  Typed CompileIf(const Expr& expr, const Context& context, std::optional<Type> expected);
  // A call of `builtin`: its arguments checked and its result typed by its Signature.
  Typed CompileBuiltin(const Expr& expr, Builtin builtin, const Context& context);

  // ---- lowering: nodes and columns (compiler_lowering.cc) ----
  int AddColumn(Entity entity, std::string name, const Typed& value, bool hidden,
                const Location& where);
  // A hidden column holding `value` in `entity` (or the column it already reads).
  int HiddenColumn(Entity entity, const Typed& value, const Location& where);
  int FieldColumn(const FieldInfo& field);
  Typed Add(Node node);
  Typed Constant(Value value, Type type, const Location& where);
  Typed ColumnNode(int column, const Location& where);
  Typed GatherNode(int column, Link link, const Location& where);
  Typed OpNode(Op op, Type type, std::vector<int> args, const Location& where);
  Typed BuiltinNode(Builtin builtin, Type type, std::vector<int> args, const Location& where);
  Typed Error(const Expr& expr, std::string message);
  Typed CompileExpr(const Expr& expr, const Context& context, std::optional<Type> expected = {});
  Typed CompileKind(const Expr& expr, const Context& context, std::optional<Type> expected);
  Typed CompileNumber(const Expr& expr);
  Typed CompileMoney(const Expr& expr);
  Typed CompileMemberSet(const Expr& expr, const Context& context);
  Typed CompileCall(const Expr& expr, const Context& context);
  bool IsSet(const Expr& expr, const Context& context);
  SignalSpec CompileSignals(const Expr& expr, const Context& context, const Expr* condition);
  Typed CompileAggregate(const Expr& expr, Aggregate aggregate, const Context& context);

  // ---- alerts and entitlements (compiler_rules.cc) ----
  void CompileAlert(const Statement& statement, Entity entity);
  // The top-level 'and' terms of `node`, for explain.
  void Conjuncts(int node, std::vector<int>& out);
  void CompileEntitlement(const Statement& statement, Entity entity);
  // The column of the value `name` of `entity` (a let or a field), or -1
  // after an error at `where`; `what` ends the "unknown value" message.
  int NamedColumn(Entity entity, std::string_view name, const Location& where,
                  std::string_view what);
  // `eligibility = NAME`, `deceased = NAME`: NAME is a bool value of the block.
  void CompileDeclaration(const Statement& statement, const Declaration& declaration);

  // ---- labels and reason sentences (compiler_words.cc) ----
  // A string's text with its escapes undone; nullopt after an error.
  std::optional<std::string> Unescape(const StringLiteral& literal);
  // A reason template's pieces, each `{name}` a value of `entity`; false
  // after an error (at the name, with a "did you mean").
  bool CompileReason(const StringLiteral& literal, Entity entity, std::vector<ReasonPiece>& out);
  // An alert's or entitlement's label and reason.
  bool CompileWords(const Statement& statement, Entity entity, std::string& label,
                    std::vector<ReasonPiece>& reason);
  // `label NAME "..." [empty "..."] [true "..."] [false "..."] [CODE "..."]...`
  void CompileLabel(const Statement& statement, Entity entity);

  Program& p_;
  Diagnostics& d_;
  std::map<std::pair<Entity, std::string>, LetDecl> lets_;
  std::map<std::string, const Statement*> alert_ids_;
  std::vector<std::pair<const Statement*, Entity>> alerts_;
  std::vector<std::pair<const Statement*, Entity>> entitlements_;
  std::vector<std::pair<const Statement*, Entity>> labels_;
  std::map<int, const Statement*> labelled_;  // column -> its label statement
  std::map<std::pair<Entity, std::string_view>, const Statement*> entitlement_kinds_;
  const Statement* declared_[std::size(kDeclarations)] = {};  // by kDeclarations' order
  std::map<Field, int> field_columns_;
  std::vector<LetDecl*> stack_;  // the lets being compiled, outermost first
  int hidden_count_ = 0;
};

}  // namespace safetynet::lang::compiler_internal
