#include "engine/lang/compiler.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>
#include <numeric>
#include <optional>

#include "engine/common/text.h"

namespace safetynet::lang {
namespace {

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

struct Context {
  Entity entity;
  bool sees_household = false;                   // a member's value inside a household aggregate
  SignalType signal_type = SignalType::kIncome;  // entity == kSignal
};

struct LetDecl {
  const Statement* statement;
  Entity entity;
  int state = 0;  // 0 not compiled, 1 compiling, 2 done
  int column = -1;
  int member_set = -2;  // a member-set let: the person column
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
constexpr Declaration kDeclarations[] = {
    {StatementKind::kEligibility, "eligibility", Entity::kHousehold, &Program::eligibility},
    {StatementKind::kDeceased, "deceased", Entity::kPerson, &Program::deceased},
};

bool IsComparison(std::string_view op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

class Compiler {
 public:
  Compiler(Program& program, Diagnostics& diagnostics) : p_(program), d_(diagnostics) {}

  void Run(const std::vector<RuleFile>& files) {
    // Declarations first, so that lets may be used before (or after) they are defined.
    for (const RuleFile& file : files) {
      for (const Block& block : file.blocks) {
        std::optional<Entity> entity = EntityNamed(block.entity);
        if (!entity || *entity == Entity::kSignal) {
          d_.Error(block.where, Cat("'for ", block.entity,
                                    "': rules are written for household, person or elderly"));
          continue;
        }
        for (const Statement& statement : block.statements) Declare(statement, *entity);
      }
    }
    for (auto& [key, decl] : lets_) EnsureLet(decl);
    for (const auto& [statement, entity] : alerts_) CompileAlert(*statement, entity);
    for (const auto& [statement, entity] : entitlements_) CompileEntitlement(*statement, entity);
    for (size_t i = 0; i < std::size(kDeclarations); ++i) {
      if (declared_[i]) CompileDeclaration(*declared_[i], kDeclarations[i]);
    }
    std::sort(p_.alerts.begin(), p_.alerts.end(),
              [](const AlertDef& a, const AlertDef& b) { return a.id < b.id; });
  }

 private:
  // ---- declarations ----
  void Declare(const Statement& statement, Entity entity) {
    switch (statement.kind) {
      case StatementKind::kLet: {
        if (FindField(entity, statement.name)) {
          d_.Error(statement.where, Cat("'", statement.name, "' is already a field of ",
                                        EntityName(entity), "; choose another name"));
          return;
        }
        auto [it, inserted] =
            lets_.try_emplace({entity, std::string(statement.name)}, LetDecl{&statement, entity});
        if (!inserted) {
          d_.Error(statement.where,
                   Cat(EntityName(entity), " value '", statement.name,
                       "' is defined twice (first at ", Where(it->second.statement->where), ")"));
        }
        return;
      }
      case StatementKind::kAlert: {
        auto [it, inserted] = alert_ids_.try_emplace(std::string(statement.name), &statement);
        if (!inserted) {
          d_.Error(statement.where, Cat("duplicate rule id ", statement.name, " (first at ",
                                        Where(it->second->where), ")"));
          return;
        }
        alerts_.emplace_back(&statement, entity);
        return;
      }
      case StatementKind::kEntitlement:
        for (const auto& [other, other_entity] : entitlements_) {
          if (other->name == statement.name && other_entity == entity) {
            d_.Error(statement.where,
                     Cat("entitlement ", statement.name, " of ", EntityName(entity),
                         " is defined twice (first at ", Where(other->where), ")"));
            return;
          }
        }
        entitlements_.emplace_back(&statement, entity);
        return;
      case StatementKind::kEligibility:
      case StatementKind::kDeceased:
        for (size_t i = 0; i < std::size(kDeclarations); ++i) {
          const Declaration& declaration = kDeclarations[i];
          if (declaration.kind != statement.kind) continue;
          if (entity != declaration.entity) {
            d_.Error(
                statement.where,
                Cat("'", declaration.keyword, "' names a ", EntityName(declaration.entity),
                    " value: declare it in a 'for ", EntityName(declaration.entity), ":' block"));
          } else if (declared_[i]) {
            d_.Error(statement.where,
                     Cat("'", declaration.keyword, "' is declared twice (first at ",
                         Where(declared_[i]->where), ")"));
          } else {
            declared_[i] = &statement;
          }
        }
        return;
    }
  }

  static std::string Where(const Location& where) {
    return Cat(where.file ? where.file->path : "?", ":", where.line, ":", where.column);
  }

  // ---- lets ----
  LetDecl* FindLet(Entity entity, std::string_view name) {
    auto found = lets_.find({entity, std::string(name)});
    return found == lets_.end() ? nullptr : &found->second;
  }

  // Compiles a let (once); false if it cannot be used (error reported).
  bool EnsureLet(LetDecl& decl) {
    if (decl.state == 2) return decl.column >= 0 || decl.member_set != -2;
    if (decl.state == 1) {
      std::string path;
      for (const LetDecl* step : stack_) path += Cat(step->statement->name, " -> ");
      d_.Error(decl.statement->where,
               Cat("cycle among derived values: ", path, decl.statement->name));
      return false;
    }
    decl.state = 1;
    stack_.push_back(&decl);
    Context context{decl.entity};
    Typed value = CompileExpr(*decl.statement->value, context);
    stack_.pop_back();
    decl.state = 2;
    if (!value.ok()) return false;
    if (value.type.base == BaseType::kMemberSet) {
      decl.member_set = value.member_set;
      return true;
    }
    if (value.type.base == BaseType::kSignalSet) {
      Error(*decl.statement->value,
            "a set of signals is not a value; aggregate it (count, sum, mean, any)");
      return false;
    }
    decl.column = AddColumn(decl.entity, std::string(decl.statement->name), value, false,
                            decl.statement->where);
    return true;
  }

  int AddColumn(Entity entity, std::string name, const Typed& value, bool hidden,
                const Location& where) {
    ColumnDef column;
    column.name = std::move(name);
    column.entity = entity;
    column.type = value.type;
    column.root = value.node;
    column.hidden = hidden;
    column.where = where;
    p_.columns.push_back(std::move(column));
    return static_cast<int>(p_.columns.size()) - 1;
  }

  // A hidden column holding `value` in `entity` (or the column it already reads).
  int HiddenColumn(Entity entity, const Typed& value, const Location& where) {
    const Node& node = p_.nodes[value.node];
    if (node.op == Op::kColumn) return node.column;
    return AddColumn(entity, Cat("~", EntityName(entity), ".", ++hidden_count_), value, true,
                     where);
  }

  int FieldColumn(const FieldInfo& field) {
    auto found = field_columns_.find(field.field);
    if (found != field_columns_.end()) return found->second;
    ColumnDef column;
    column.name = std::string(field.name);
    column.entity = field.entity;
    column.type = field.type;
    column.is_field = true;
    column.field = field.field;
    p_.columns.push_back(column);
    int index = static_cast<int>(p_.columns.size()) - 1;
    field_columns_[field.field] = index;
    return index;
  }

  // ---- nodes ----
  Typed Add(Node node) {
    Type type = node.type;
    p_.nodes.push_back(std::move(node));
    return Typed{static_cast<int>(p_.nodes.size()) - 1, type};
  }
  Typed Constant(Value value, Type type, const Location& where) {
    Node node;
    node.op = Op::kConst;
    node.type = type;
    node.constant = value;
    node.where = where;
    return Add(std::move(node));
  }
  Typed ColumnNode(int column, const Location& where) {
    Node node;
    node.op = Op::kColumn;
    node.column = column;
    node.type = p_.columns[column].type;
    node.where = where;
    return Add(std::move(node));
  }
  Typed GatherNode(int column, Link link, const Location& where) {
    Node node;
    node.op = Op::kGather;
    node.column = column;
    node.link = link;
    node.type = p_.columns[column].type;
    node.where = where;
    return Add(std::move(node));
  }
  Typed OpNode(Op op, Type type, std::vector<int> args, const Location& where) {
    Node node;
    node.op = op;
    node.type = type;
    node.args = std::move(args);
    node.where = where;
    return Add(std::move(node));
  }

  Typed Error(const Expr& expr, std::string message) {
    d_.Error(expr.where, std::move(message));
    return Typed{};
  }

  // ---- names ----
  // The column of a let or field of `entity` called `name`, or -1 (with
  // `missing` set to false if the name exists but failed to compile).
  int Lookup(Entity entity, std::string_view name, bool& failed, int* member_set = nullptr) {
    failed = false;
    if (LetDecl* let = FindLet(entity, name)) {
      if (!EnsureLet(*let)) {
        failed = true;
        return -1;
      }
      if (let->member_set != -2) {
        if (member_set) *member_set = let->member_set;
        return -1;
      }
      return let->column;
    }
    if (auto field = FindField(entity, name)) return FieldColumn(*field);
    return -1;
  }

  std::vector<std::string_view> NamesOf(Entity entity) {
    std::vector<std::string_view> names = FieldNames(entity);
    for (const auto& [key, decl] : lets_) {
      if (key.first == entity) names.push_back(decl.statement->name);
    }
    return names;
  }

  Typed UnknownName(const Expr& expr, std::string_view name,
                    std::vector<std::string_view> candidates, std::string_view what) {
    std::string_view hint = ClosestName(name, candidates);
    return Error(expr, Cat("unknown ", what, " '", name, "'",
                           hint.empty() ? std::string() : Cat(" (did you mean '", hint, "'?)")));
  }

  std::optional<int64_t> CodeValue(CodeSet set, std::string_view name) {
    std::span<const std::string_view> names = CodeNames(set);
    for (size_t i = 0; i < names.size(); ++i) {
      if (!names[i].empty() && names[i] == name) return static_cast<int64_t>(i);
    }
    return std::nullopt;
  }

  std::vector<std::string_view> CodeCandidates(CodeSet set) {
    std::vector<std::string_view> names;
    for (std::string_view name : CodeNames(set)) {
      if (!name.empty()) names.push_back(name);
    }
    return names;
  }

  // Is `expr` a bare name that is no value here (so perhaps a code)?
  bool IsBareCode(const Expr& expr, const Context& context) {
    if (expr.kind != ExprKind::kName || expr.text == "as_of") return false;
    if (FindLet(context.entity, expr.text) || FindField(context.entity, expr.text)) return false;
    if (context.sees_household &&
        (FindLet(Entity::kHousehold, expr.text) || FindField(Entity::kHousehold, expr.text))) {
      return false;
    }
    for (char c : expr.text) {
      if (c >= 'a' && c <= 'z') return false;
    }
    return true;
  }

  Typed CompileName(const Expr& expr, const Context& context, std::optional<Type> expected) {
    std::string_view name = expr.text;
    if (name == "as_of") return OpNode(Op::kAsOf, Type::Date(), {}, expr.where);
    if (expected && expected->base == BaseType::kCode && IsBareCode(expr, context)) {
      std::optional<int64_t> code = CodeValue(expected->codes, name);
      if (!code) {
        return UnknownName(expr, name, CodeCandidates(expected->codes),
                           Cat(CodeSetName(expected->codes), " code"));
      }
      return Constant({*code, 1}, *expected, expr.where);
    }
    if (context.entity == Entity::kSignal) {
      auto field = FindField(Entity::kSignal, name);
      if (!field) {
        return UnknownName(expr, name, FieldNames(Entity::kSignal),
                           "name inside signals(...): only the signal's own fields are known, and "
                           "it has no field");
      }
      Typed typed = ColumnNode(FieldColumn(*field), expr.where);
      if (field->kind == ColumnKind::kSignalAmount &&
          context.signal_type == SignalType::kProperty) {
        typed.type = Type::Int();  // housing units
        p_.nodes[typed.node].type = typed.type;
      }
      return typed;
    }
    bool failed = false;
    int member_set = -2;
    int column = Lookup(context.entity, name, failed, &member_set);
    if (failed) return Typed{};
    if (member_set != -2) {
      Typed set;
      set.type = Type::MemberSet();
      set.member_set = member_set;
      return set;
    }
    if (column >= 0) return ColumnNode(column, expr.where);
    if (context.sees_household) {
      column = Lookup(Entity::kHousehold, name, failed);
      if (failed) return Typed{};
      if (column >= 0) return GatherNode(column, Link::kPersonHousehold, expr.where);
    }
    std::vector<std::string_view> candidates = NamesOf(context.entity);
    if (context.sees_household) {
      for (std::string_view other : NamesOf(Entity::kHousehold)) candidates.push_back(other);
    }
    return UnknownName(expr, name, candidates, Cat(EntityName(context.entity), " value"));
  }

  Typed CompilePath(const Expr& expr, const Context& context) {
    const auto& parts = expr.parts;
    Entity target;
    Link link;
    std::string_view name;
    if (context.entity == Entity::kPerson && parts[0] == "household" && parts.size() == 2) {
      target = Entity::kHousehold, link = Link::kPersonHousehold, name = parts[1];
    } else if (context.entity == Entity::kElderly && parts[0] == "member" && parts.size() == 2) {
      target = Entity::kPerson, link = Link::kElderlyPerson, name = parts[1];
    } else if (context.entity == Entity::kElderly && parts[0] == "member" && parts.size() == 3 &&
               parts[1] == "household") {
      target = Entity::kHousehold, link = Link::kElderlyHousehold, name = parts[2];
    } else {
      return Error(
          expr, Cat("'", Join(parts, "."), "' is not reachable from ", EntityName(context.entity),
                    ": a person has household.NAME, an elderly resident member.NAME and "
                    "member.household.NAME"));
    }
    bool failed = false;
    int column = Lookup(target, name, failed);
    if (failed) return Typed{};
    if (column < 0)
      return UnknownName(expr, name, NamesOf(target), Cat(EntityName(target), " value"));
    return GatherNode(column, link, expr.where);
  }

  // ---- types ----
  static bool IsMoney(const Typed& t) { return t.type.base == BaseType::kMoney; }

  std::optional<Type> Unify(const Typed& a, const Typed& b) {
    return UnifyTypes(a.type, a.zero_literal, b.type, b.zero_literal);
  }
  std::optional<Type> Arithmetic(std::string_view op, const Typed& a, const Typed& b) {
    return ArithmeticType(op, a.type, a.zero_literal, b.type, b.zero_literal);
  }

  Typed Expect(const Expr& expr, const Typed& value, BaseType base, std::string_view role) {
    if (!value.ok()) return value;
    if (value.type.base != base) {
      return Error(expr,
                   Cat(role, " must be ", TypeName(Type{base}), ", not ", TypeName(value.type)));
    }
    return value;
  }

  // ---- expressions ----
  Typed CompileExpr(const Expr& expr, const Context& context, std::optional<Type> expected = {}) {
    Typed typed = CompileKind(expr, context, expected);
    if (typed.node >= 0 && p_.nodes[typed.node].source.empty() && expr.where.file) {
      p_.nodes[typed.node].source = std::string_view(expr.where.file->text)
                                        .substr(expr.span_begin, expr.span_end - expr.span_begin);
    }
    return typed;
  }

  Typed CompileKind(const Expr& expr, const Context& context, std::optional<Type> expected) {
    switch (expr.kind) {
      case ExprKind::kNumber:
        return CompileNumber(expr);
      case ExprKind::kMoney:
        return CompileMoney(expr);
      case ExprKind::kBool:
        return Constant({expr.text == "true" ? 1 : 0, 1}, Type::Bool(), expr.where);
      case ExprKind::kName:
        return CompileName(expr, context, expected);
      case ExprKind::kPath:
        return CompilePath(expr, context);
      case ExprKind::kUnary:
        return CompileUnary(expr, context);
      case ExprKind::kBinary:
        return CompileBinary(expr, context, expected);
      case ExprKind::kIf:
        return CompileIf(expr, context, expected);
      case ExprKind::kCall:
        return CompileCall(expr, context);
      case ExprKind::kSet:
        return Error(expr, "a set {...} stands only after 'in'");
      case ExprKind::kMembers:
      case ExprKind::kWhere:
        return CompileMemberSet(expr, context);
      case ExprKind::kSignals:
        return Error(expr,
                     "signals(...) is a set of signals: aggregate it, e.g. any(signals(DEATH)) or "
                     "sum(signals(MEDICAL) within 365 days, amount)");
    }
    return Error(expr, "unexpected expression");
  }

  Typed CompileNumber(const Expr& expr) {
    std::optional<Value> value = ParseDecimal(expr.text);
    if (!value) return Error(expr, "number too long");
    if (value->den == 1) {
      Typed typed = Constant(*value, Type::Int(), expr.where);
      typed.zero_literal = value->num == 0;
      return typed;
    }
    return Constant(*value, Type::Ratio(), expr.where);
  }

  Typed CompileMoney(const Expr& expr) {
    size_t dot = expr.text.find('.');
    std::optional<Value> yuan = ParseDecimal(expr.text);
    if (dot != std::string_view::npos && expr.text.size() - dot - 1 > 2) {
      return Error(expr, "money has at most two decimals (fen)");
    }
    if (!yuan || yuan->num > INT64_MAX / 100) return Error(expr, "amount too large");
    return Constant({yuan->num * (100 / yuan->den), 1}, Type::Money(), expr.where);
  }

  Typed CompileUnary(const Expr& expr, const Context& context) {
    Typed operand = CompileExpr(*expr.args[0], context);
    if (!operand.ok()) return operand;
    if (expr.text == "not") {
      if (operand.type.base != BaseType::kBool) {
        return Error(expr, Cat("'not' needs a bool, not ", TypeName(operand.type)));
      }
      return OpNode(Op::kNot, Type::Bool(), {operand.node}, expr.where);
    }
    if (!operand.type.IsNumber()) return Error(expr, Cat("cannot negate ", TypeName(operand.type)));
    return OpNode(Op::kNeg, operand.type, {operand.node}, expr.where);
  }

  Typed CompileBinary(const Expr& expr, const Context& context, std::optional<Type> expected) {
    std::string_view op = expr.text;
    const Expr& left_expr = *expr.args[0];
    const Expr& right_expr = *expr.args[1];
    if (op == "and" || op == "or") {
      Typed left = CompileExpr(left_expr, context);
      Typed right = CompileExpr(right_expr, context);
      if (!left.ok() || !right.ok()) return Typed{};
      if (left.type.base != BaseType::kBool) {
        return Error(left_expr,
                     Cat("'", op, "' needs bools on both sides; this is ", TypeName(left.type)));
      }
      if (right.type.base != BaseType::kBool) {
        return Error(right_expr,
                     Cat("'", op, "' needs bools on both sides; this is ", TypeName(right.type)));
      }
      return OpNode(op == "and" ? Op::kAnd : Op::kOr, Type::Bool(), {left.node, right.node},
                    expr.where);
    }
    if (op == "in") return CompileIn(expr, context);
    if (op == "??") {
      Typed left = CompileExpr(left_expr, context, expected);
      Typed right =
          CompileExpr(right_expr, context, left.ok() ? std::optional<Type>(left.type) : expected);
      if (!left.ok() || !right.ok()) return Typed{};
      std::optional<Type> type = Unify(left, right);
      if (!type) {
        return Error(expr, Cat("'?\?' needs the same type on both sides: ", TypeName(left.type),
                               " and ", TypeName(right.type)));
      }
      return OpNode(Op::kCoalesce, *type, {left.node, right.node}, expr.where);
    }
    // Comparisons and arithmetic: a bare code on one side takes the other side's type.
    Typed left, right;
    if (IsBareCode(left_expr, context) && !IsBareCode(right_expr, context)) {
      right = CompileExpr(right_expr, context);
      left = CompileExpr(left_expr, context,
                         right.ok() ? std::optional<Type>(right.type) : std::nullopt);
    } else {
      left = CompileExpr(left_expr, context);
      right = CompileExpr(right_expr, context,
                          left.ok() ? std::optional<Type>(left.type) : std::nullopt);
    }
    if (!left.ok() || !right.ok()) return Typed{};
    if (IsComparison(op)) {
      std::optional<Type> type = Unify(left, right);
      bool ordered = op != "==" && op != "!=";
      if (!type || (ordered && (type->base == BaseType::kBool || type->base == BaseType::kCode))) {
        return Error(expr, Cat("cannot compare ", TypeName(left.type), " with ",
                               TypeName(right.type), ordered && type ? " by order" : ""));
      }
      static const std::map<std::string_view, Op> kOps = {{"==", Op::kEq}, {"!=", Op::kNe},
                                                          {"<", Op::kLt},  {"<=", Op::kLe},
                                                          {">", Op::kGt},  {">=", Op::kGe}};
      return OpNode(kOps.at(op), Type::Bool(), {left.node, right.node}, expr.where);
    }
    std::optional<Type> type = Arithmetic(op, left, right);
    if (!type) {
      std::string hint;
      if ((left.type.base == BaseType::kInt && !left.zero_literal && IsMoney(right)) ||
          (right.type.base == BaseType::kInt && !right.zero_literal && IsMoney(left))) {
        hint = " (write money with its unit, e.g. 690 yuan)";
      }
      return Error(expr, Cat("cannot apply '", op, "' to ", TypeName(left.type), " and ",
                             TypeName(right.type), hint));
    }
    static const std::map<std::string_view, Op> kOps = {
        {"+", Op::kAdd}, {"-", Op::kSub}, {"*", Op::kMul}, {"/", Op::kDiv}};
    return OpNode(kOps.at(op), *type, {left.node, right.node}, expr.where);
  }

  Typed CompileIn(const Expr& expr, const Context& context) {
    Typed left = CompileExpr(*expr.args[0], context);
    if (!left.ok()) return left;
    const Expr& set = *expr.args[1];
    if (left.type.base != BaseType::kCode && left.type.base != BaseType::kInt) {
      return Error(expr, Cat("'in' tests a code or an int, not ", TypeName(left.type)));
    }
    Node node;
    node.op = Op::kInSet;
    node.type = Type::Bool();
    node.where = expr.where;
    node.args = {left.node};
    for (const auto& element : set.args) {
      if (left.type.base == BaseType::kCode) {
        std::optional<int64_t> code = element->kind == ExprKind::kName
                                          ? CodeValue(left.type.codes, element->text)
                                          : std::nullopt;
        if (!code) {
          UnknownName(*element, element->text, CodeCandidates(left.type.codes),
                      Cat(CodeSetName(left.type.codes), " code"));
          return Typed{};
        }
        node.set.push_back(*code);
      } else {
        if (element->kind != ExprKind::kNumber ||
            element->text.find('.') != std::string_view::npos) {
          return Error(*element, "a set tested against an int holds whole numbers");
        }
        int64_t value = 0;
        std::from_chars(element->text.data(), element->text.data() + element->text.size(), value);
        node.set.push_back(value);
      }
    }
    return Add(std::move(node));
  }

  Typed CompileIf(const Expr& expr, const Context& context, std::optional<Type> expected) {
    Typed condition = CompileExpr(*expr.args[0], context);
    Typed then_value = CompileExpr(*expr.args[1], context, expected);
    Typed else_value = CompileExpr(
        *expr.args[2], context, then_value.ok() ? std::optional<Type>(then_value.type) : expected);
    if (!condition.ok() || !then_value.ok() || !else_value.ok()) return Typed{};
    if (condition.type.base != BaseType::kBool) {
      return Error(*expr.args[0],
                   Cat("'if' needs a bool condition, not ", TypeName(condition.type)));
    }
    std::optional<Type> type = Unify(then_value, else_value);
    if (!type) {
      return Error(expr, Cat("'then' and 'else' give different types: ", TypeName(then_value.type),
                             " and ", TypeName(else_value.type)));
    }
    return OpNode(Op::kIf, *type, {condition.node, then_value.node, else_value.node}, expr.where);
  }

  // ---- member sets (household blocks) ----
  Typed CompileMemberSet(const Expr& expr, const Context& context) {
    if (context.entity != Entity::kHousehold) {
      return Error(expr, Cat("members and 'where' belong to a household block (this is a ",
                             EntityName(context.entity), " block)"));
    }
    Typed set;
    set.type = Type::MemberSet();
    if (expr.kind == ExprKind::kMembers) {
      set.member_set = -1;
      return set;
    }
    if (expr.kind == ExprKind::kName) {
      Typed named = CompileName(expr, context, std::nullopt);
      if (!named.ok()) return named;
      if (named.type.base != BaseType::kMemberSet) {
        return Error(expr,
                     Cat("'", expr.text, "' is ", TypeName(named.type), ", not a set of members"));
      }
      return named;
    }
    if (expr.kind != ExprKind::kWhere) return Error(expr, "expected 'members' or a set of members");
    if (expr.args[0]->kind == ExprKind::kSignals) {
      return Error(
          expr,
          "a filtered set of signals is not a value; aggregate it, e.g. any(signals(VEHICLE) "
          "where amount > 0)");
    }
    Typed base = CompileMemberSet(*expr.args[0], context);
    if (!base.ok()) return base;
    Context member{Entity::kPerson, true};
    Typed condition = Expect(*expr.args[1], CompileExpr(*expr.args[1], member), BaseType::kBool,
                             "a 'where' condition");
    if (!condition.ok()) return condition;
    if (base.member_set >= 0) {
      condition =
          OpNode(Op::kAnd, Type::Bool(),
                 {ColumnNode(base.member_set, expr.where).node, condition.node}, expr.where);
    }
    set.member_set = HiddenColumn(Entity::kPerson, condition, expr.where);
    return set;
  }

  // ---- calls ----
  Typed CompileCall(const Expr& expr, const Context& context) {
    std::string_view name = expr.text;
    const auto& args = expr.args;
    auto arity = [&](size_t lo, size_t hi) {
      if (args.size() < lo || args.size() > hi) {
        Error(expr, lo == hi ? Cat(name, "() takes ", lo, " argument", lo == 1 ? "" : "s")
                             : Cat(name, "() takes ", lo, " to ", hi, " arguments"));
        return false;
      }
      return true;
    };
    if (!expr.parts.empty())
      return CompileParam(expr, context);  // the parser keeps param()'s name in parts
    bool aggregate = name == "count" || name == "sum" || name == "mean" || name == "any" ||
                     name == "all" || name == "min" || name == "max";
    if (aggregate && !args.empty() && IsSet(*args[0], context))
      return CompileAggregate(expr, context);
    if (name == "round" || name == "ceil10" || name == "ceil1") {
      if (!arity(1, 1)) return Typed{};
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      if (value.type.base != BaseType::kMoney) {
        return Error(expr, Cat(name, "() rounds money, not ", TypeName(value.type)));
      }
      Op op = name == "round" ? Op::kRound : name == "ceil10" ? Op::kCeil10 : Op::kCeil1;
      return OpNode(op, Type::Money(), {value.node}, expr.where);
    }
    if (name == "min" || name == "max") {
      if (args.size() < 2)
        return Error(expr, Cat(name, "() takes two or more values, or a set and a value"));
      std::vector<Typed> values;
      for (const auto& arg : args) {
        values.push_back(CompileExpr(*arg, context));
        if (!values.back().ok()) return Typed{};
      }
      Typed result = values[0];
      std::vector<int> nodes{values[0].node};
      for (size_t i = 1; i < values.size(); ++i) {
        std::optional<Type> type = Unify(result, values[i]);
        if (!type || !(type->IsNumber() || type->base == BaseType::kDate)) {
          return Error(*args[i], Cat(name, "() needs numbers or dates of one kind: ",
                                     TypeName(result.type), " and ", TypeName(values[i].type)));
        }
        result.type = *type;
        result.zero_literal = result.zero_literal && values[i].zero_literal;
        nodes.push_back(values[i].node);
      }
      return OpNode(name == "min" ? Op::kMin : Op::kMax, result.type, nodes, expr.where);
    }
    if (name == "abs") {
      if (!arity(1, 1)) return Typed{};
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      if (!value.type.IsNumber())
        return Error(expr, Cat("abs() takes a number, not ", TypeName(value.type)));
      return OpNode(Op::kAbs, value.type, {value.node}, expr.where);
    }
    if (name == "age" || name == "days_since") {
      if (!arity(1, 1)) return Typed{};
      Typed value = Expect(*args[0], CompileExpr(*args[0], context), BaseType::kDate,
                           Cat(name, "()'s argument"));
      if (!value.ok()) return value;
      return OpNode(name == "age" ? Op::kAge : Op::kDaysSince, Type::Int(), {value.node},
                    expr.where);
    }
    if (name == "has") {
      if (!arity(1, 1)) return Typed{};
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      return OpNode(Op::kHas, Type::Bool(), {value.node}, expr.where);
    }
    if (aggregate) {
      return Error(expr, Cat(name, "() aggregates a set: members, a member set, or signals(TYPE)"));
    }
    static const std::vector<std::string_view> kFunctions = {
        "round", "ceil10", "ceil1", "min", "max",  "abs", "age", "days_since",
        "has",   "param",  "count", "sum", "mean", "any", "all"};
    return UnknownName(expr, name, kFunctions, "function");
  }

  Typed CompileParam(const Expr& expr, const Context& context) {
    std::string_view name = expr.text;
    std::optional<ParamRef> ref = p_.standards.Find(name);
    if (!ref) return UnknownName(expr, name, p_.standards.Names(), "parameter");
    const ParamDef& def = p_.standards.params()[ref->index];
    if (def.per_area && ref->area == AreaChoice::kSubject && context.entity == Entity::kSignal) {
      return Error(expr, Cat("parameter ", name,
                             " differs by area; inside signals(...) name the area: ", name,
                             ".urban or ", name, ".rural"));
    }
    Node node;
    node.op = Op::kParam;
    node.type = def.type;
    node.param = *ref;
    node.where = expr.where;
    return Add(std::move(node));
  }

  bool IsSet(const Expr& expr, const Context& context) {
    if (expr.kind == ExprKind::kMembers || expr.kind == ExprKind::kSignals) return true;
    if (expr.kind == ExprKind::kWhere) return true;
    if (expr.kind == ExprKind::kName && context.entity == Entity::kHousehold) {
      LetDecl* let = FindLet(Entity::kHousehold, expr.text);
      return let && let->statement->value &&
             (let->statement->value->kind == ExprKind::kMembers ||
              let->statement->value->kind == ExprKind::kWhere);
    }
    return false;
  }

  struct SignalSpec {
    bool ok = false;
    SignalType type = SignalType::kIncome;
    int window_from = -1, window_to = 0;
    int member_set = -1;
    int filter = -1;
  };

  SignalSpec CompileSignals(const Expr& expr, const Context& context, const Expr* condition) {
    SignalSpec spec;
    if (context.entity == Entity::kSignal) {
      Error(expr, "signals(...) cannot be nested");
      return spec;
    }
    std::optional<int64_t> type = CodeValue(CodeSet::kSignalType, expr.parts[0]);
    if (!type) {
      UnknownName(expr, expr.parts[0], CodeCandidates(CodeSet::kSignalType), "signal type");
      return spec;
    }
    spec.type = static_cast<SignalType>(*type);
    spec.window_from = expr.window_from;
    spec.window_to = expr.window_to;
    if (expr.args[0]) {
      if (context.entity != Entity::kHousehold) {
        Error(*expr.args[0], Cat("'of' picks members in a household block; a ",
                                 EntityName(context.entity), "'s signals are its own"));
        return spec;
      }
      Typed set = CompileMemberSet(*expr.args[0], context);
      if (!set.ok()) return spec;
      spec.member_set = set.member_set;
    }
    if (condition) {
      Context inner{Entity::kSignal, false, spec.type};
      Typed filter = Expect(*condition, CompileExpr(*condition, inner), BaseType::kBool,
                            "a 'where' condition");
      if (!filter.ok()) return spec;
      spec.filter = HiddenColumn(Entity::kSignal, filter, condition->where);
    }
    spec.ok = true;
    return spec;
  }

  Typed CompileAggregate(const Expr& expr, const Context& context) {
    std::string_view name = expr.text;
    const auto& args = expr.args;
    static const std::map<std::string_view, Aggregate> kAggregates = {
        {"count", Aggregate::kCount}, {"sum", Aggregate::kSum}, {"mean", Aggregate::kMean},
        {"any", Aggregate::kAny},     {"all", Aggregate::kAll}, {"min", Aggregate::kMin},
        {"max", Aggregate::kMax}};
    Aggregate aggregate = kAggregates.at(name);
    bool takes_value = aggregate != Aggregate::kCount && aggregate != Aggregate::kAny;
    if (aggregate == Aggregate::kCount && args.size() != 1)
      return Error(expr, "count() takes one set");
    if (aggregate == Aggregate::kAny && args.size() > 2)
      return Error(expr, "any() takes a set and a condition");
    if (takes_value && args.size() != 2)
      return Error(expr, Cat(name, "() takes a set and a value"));

    // The set, and for signals, its entity context.
    const Expr* set_expr = args[0].get();
    const Expr* signal_condition = nullptr;
    if (set_expr->kind == ExprKind::kWhere && set_expr->args[0]->kind == ExprKind::kSignals) {
      signal_condition = set_expr->args[1].get();
      set_expr = set_expr->args[0].get();
    }
    Node node;
    node.aggregate = aggregate;
    node.where = expr.where;
    Context inner;
    if (set_expr->kind == ExprKind::kSignals) {
      SignalSpec spec = CompileSignals(*set_expr, context, signal_condition);
      if (!spec.ok) return Typed{};
      node.op = Op::kSignalAggregate;
      node.signal_type = spec.type;
      node.window_from = spec.window_from;
      node.window_to = spec.window_to;
      node.member_set = spec.member_set;
      node.filter = spec.filter;
      inner = Context{Entity::kSignal, false, spec.type};
    } else {
      Typed set = CompileMemberSet(*set_expr, context);
      if (!set.ok()) return set;
      node.op = Op::kMemberAggregate;
      node.member_set = set.member_set;
      inner = Context{Entity::kPerson, true};
    }
    // The value (or any()'s condition), as a column of the inner entity.
    Type value_type = Type::Bool();
    if (args.size() == 2) {
      const Expr& value_expr = *args[1];
      Typed value = CompileExpr(value_expr, inner);
      if (!value.ok()) return value;
      value_type = value.type;
      bool wants_bool = aggregate == Aggregate::kAny || aggregate == Aggregate::kAll;
      if (wants_bool && value.type.base != BaseType::kBool) {
        return Error(value_expr,
                     Cat(name, "() needs a condition (bool), not ", TypeName(value.type)));
      }
      if (!wants_bool && !(value.type.IsNumber() ||
                           (value.type.base == BaseType::kDate &&
                            (aggregate == Aggregate::kMin || aggregate == Aggregate::kMax)))) {
        return Error(value_expr, Cat(name, "() needs numbers, not ", TypeName(value.type)));
      }
      if (!wants_bool && value.type.exact) {
        return Error(value_expr, Cat(name, "() adds whole values; round this ",
                                     TypeName(value.type), " first"));
      }
      node.value = HiddenColumn(inner.entity, value, value_expr.where);
    }
    switch (aggregate) {
      case Aggregate::kCount:
        node.type = Type::Int();
        break;
      case Aggregate::kAny:
      case Aggregate::kAll:
        node.type = Type::Bool();
        break;
      case Aggregate::kMean:
        node.type = value_type;
        node.type.exact = true;
        if (node.type.base == BaseType::kInt) node.type = Type::Ratio();
        break;
      default:
        node.type = value_type;
    }
    return Add(std::move(node));
  }

  // ---- alerts and entitlements ----
  void CompileAlert(const Statement& statement, Entity entity) {
    Context context{entity};
    AlertDef alert;
    alert.id = std::string(statement.name);
    alert.entity = entity;
    alert.where = statement.where;
    bool ok = true;
    Typed severity = CompileExpr(*statement.severity, context, Type::Code(CodeSet::kSeverity));
    if (severity.ok() && severity.type != Type::Code(CodeSet::kSeverity)) {
      Error(*statement.severity,
            Cat("severity is LOW, MEDIUM or HIGH, not ", TypeName(severity.type)));
      ok = false;
    }
    ok = ok && severity.ok();
    alert.severity = severity.node;
    if (statement.when) {
      Typed when =
          Expect(*statement.when, CompileExpr(*statement.when, context), BaseType::kBool, "'when'");
      ok = ok && when.ok();
      alert.when = when.node;
      if (when.ok()) Conjuncts(when.node, alert.conjuncts);
    }
    if (statement.score) {
      Typed score = Expect(*statement.score, CompileExpr(*statement.score, context), BaseType::kInt,
                           "'score'");
      ok = ok && score.ok();
      alert.score = score.node;
    }
    for (const auto& [name, where] : statement.show) {
      int column = NamedColumn(entity, name, where, " to show");
      if (column < 0) {
        ok = false;
        continue;
      }
      alert.show.push_back(column);
    }
    if (ok) p_.alerts.push_back(std::move(alert));
  }

  // The column of the value `name` of `entity` (a let or a field), or -1
  // after an error at `where`; `what` ends the "unknown value" message.
  int NamedColumn(Entity entity, std::string_view name, const Location& where,
                  std::string_view what) {
    bool failed = false;
    int column = Lookup(entity, name, failed);
    if (column < 0 && !failed) {
      std::string_view hint = ClosestName(name, NamesOf(entity));
      d_.Error(where, Cat("unknown ", EntityName(entity), " value '", name, "'", what,
                          hint.empty() ? std::string() : Cat(" (did you mean '", hint, "'?)")));
    }
    return column;
  }

  // `eligibility = NAME`, `deceased = NAME`: NAME is a bool value of the block.
  void CompileDeclaration(const Statement& statement, const Declaration& declaration) {
    int column = NamedColumn(declaration.entity, statement.name, statement.where,
                             Cat(" for '", declaration.keyword, "'"));
    if (column < 0) return;
    if (p_.columns[column].type.base != BaseType::kBool) {
      d_.Error(statement.where, Cat("'", declaration.keyword, "' names a bool value, and '",
                                    statement.name, "' is ", TypeName(p_.columns[column].type)));
      return;
    }
    p_.*declaration.column = column;
  }

  void Conjuncts(int node, std::vector<int>& out) {
    if (p_.nodes[node].op == Op::kAnd) {
      Conjuncts(p_.nodes[node].args[0], out);
      Conjuncts(p_.nodes[node].args[1], out);
    } else {
      out.push_back(node);
    }
  }

  void CompileEntitlement(const Statement& statement, Entity entity) {
    Context context{entity};
    Typed amount = CompileExpr(*statement.value, context);
    if (!amount.ok()) return;
    if (amount.type.base != BaseType::kMoney || amount.type.exact) {
      Error(*statement.value, amount.type.exact
                                  ? "an entitlement is whole fen: round this exact money with "
                                    "round(), ceil1() or ceil10()"
                                  : Cat("an entitlement is money, not ", TypeName(amount.type)));
      return;
    }
    p_.entitlements.push_back({std::string(statement.name), entity, amount.node, statement.where});
  }

  Program& p_;
  Diagnostics& d_;
  std::map<std::pair<Entity, std::string>, LetDecl> lets_;
  std::map<std::string, const Statement*> alert_ids_;
  std::vector<std::pair<const Statement*, Entity>> alerts_;
  std::vector<std::pair<const Statement*, Entity>> entitlements_;
  const Statement* declared_[std::size(kDeclarations)] = {};  // by kDeclarations' order
  std::map<Field, int> field_columns_;
  std::vector<LetDecl*> stack_;
  int hidden_count_ = 0;
};

}  // namespace

void Compile(const std::vector<RuleFile>& files, Program& program, Diagnostics& diagnostics) {
  Compiler(program, diagnostics).Run(files);
}

std::vector<bool> Program::StandardsDependentColumns() const {
  std::vector<bool> column_depends(columns.size(), false);
  std::vector<int8_t> node_depends(nodes.size(), -1);  // -1 unknown
  std::function<bool(int)> depends = [&](int index) -> bool {
    if (node_depends[index] >= 0) return node_depends[index];
    const Node& node = nodes[index];
    bool result = node.op == Op::kParam;
    for (int column : {node.column, node.member_set, node.filter, node.value}) {
      if (column >= 0 && (node.op == Op::kColumn || node.op == Op::kGather ||
                          node.op == Op::kMemberAggregate || node.op == Op::kSignalAggregate)) {
        result = result || column_depends[column];
      }
    }
    for (int arg : node.args) result = depends(arg) || result;
    node_depends[index] = result;
    return result;
  };
  for (size_t c = 0; c < columns.size(); ++c) {  // in evaluation order: inputs first
    column_depends[c] = !columns[c].is_field && depends(columns[c].root);
  }
  return column_depends;
}

int Program::FindColumn(Entity entity, std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].entity == entity && columns[i].name == name && !columns[i].hidden)
      return static_cast<int>(i);
  }
  return -1;
}

}  // namespace safetynet::lang
