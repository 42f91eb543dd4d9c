// Name resolution and types: what a name means in its block (a let, a
// field, a household's or a linked person's value, a code, a parameter),
// with "did you mean" hints for unknown names, and the types of operators
// (arithmetic units, comparisons, and/or/not, in, if, ??) and of builtin
// calls, each an error where the types do not fit.
#include <charconv>

#include "engine/common/text.h"
#include "engine/lang/compiler_internal.h"

namespace safetynet::lang::compiler_internal {
namespace {

bool IsComparison(std::string_view op) {
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=";
}

bool IsMoney(const Typed& t) { return t.type.base == BaseType::kMoney; }

}  // namespace

int Compiler::Lookup(Entity entity, std::string_view name, bool& failed, int* member_set) {
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

std::vector<std::string_view> Compiler::NamesOf(Entity entity) {
  if (d_.full()) return {};  // no hint for an error that is only counted
  std::vector<std::string_view> names = FieldNames(entity);
  for (const auto& [key, decl] : lets_) {
    if (key.first == entity) names.push_back(decl.statement->name);
  }
  return names;
}

Typed Compiler::UnknownName(const Expr& expr, std::string_view name,
                            const std::vector<std::string_view>& candidates,
                            std::string_view what) {
  return Error(expr, UnknownNameMessage(what, name, candidates));
}

std::optional<int64_t> Compiler::CodeValue(CodeSet set, std::string_view name) {
  std::span<const std::string_view> names = CodeNames(set);
  for (size_t i = 0; i < names.size(); ++i) {
    if (!names[i].empty() && names[i] == name) return static_cast<int64_t>(i);
  }
  return std::nullopt;
}

std::vector<std::string_view> Compiler::CodeCandidates(CodeSet set) {
  std::vector<std::string_view> names;
  for (std::string_view name : CodeNames(set)) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

bool Compiler::IsBareCode(const Expr& expr, const Context& context) {
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

Typed Compiler::CompileName(const Expr& expr, const Context& context,
                            std::optional<Type> expected) {
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
    if (field->kind == ColumnKind::kSignalAmount && context.signal_type == SignalType::kProperty) {
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

std::optional<PathTarget> Compiler::PathTargetOf(const Expr& expr, Entity entity) {
  const auto& parts = expr.parts;
  if (entity == Entity::kPerson && parts[0] == "household" && parts.size() == 2) {
    return PathTarget{Entity::kHousehold, Link::kPersonHousehold, parts[1]};
  }
  if (entity == Entity::kElderly && parts[0] == "member" && parts.size() == 2) {
    return PathTarget{Entity::kPerson, Link::kElderlyPerson, parts[1]};
  }
  if (entity == Entity::kElderly && parts[0] == "member" && parts.size() == 3 &&
      parts[1] == "household") {
    return PathTarget{Entity::kHousehold, Link::kElderlyHousehold, parts[2]};
  }
  return std::nullopt;
}

Typed Compiler::CompilePath(const Expr& expr, const Context& context) {
  const std::optional<PathTarget> path = PathTargetOf(expr, context.entity);
  if (!path) {
    return Error(expr, Cat("'", Join(expr.parts, "."), "' is not reachable from ",
                           EntityName(context.entity),
                           ": a person has household.NAME, an elderly resident member.NAME and "
                           "member.household.NAME"));
  }
  const auto [target, link, name] = *path;
  bool failed = false;
  int column = Lookup(target, name, failed);
  if (failed) return Typed{};
  if (column < 0)
    return UnknownName(expr, name, NamesOf(target), Cat(EntityName(target), " value"));
  return GatherNode(column, link, expr.where);
}

Typed Compiler::CompileParam(const Expr& expr, const Context& context) {
  std::string_view name = expr.text;
  std::optional<ParamRef> ref = p_.standards.Find(name);
  if (!ref) {
    return UnknownName(expr, name,
                       d_.full() ? std::vector<std::string_view>() : p_.standards.Names(),
                       "parameter");
  }
  const ParamDef& def = p_.standards.params()[ref->index];
  if (def.per_area && ref->area == AreaChoice::kSubject && context.entity == Entity::kSignal) {
    return Error(
        expr, Cat("parameter ", name, " differs by area; inside signals(...) name the area: ", name,
                  ".urban or ", name, ".rural"));
  }
  Node node;
  node.op = Op::kParam;
  node.type = def.type;
  node.param = *ref;
  node.where = expr.where;
  return Add(std::move(node));
}

std::optional<Type> Compiler::Unify(const Typed& a, const Typed& b) {
  return UnifyTypes(a.type, a.zero_literal, b.type, b.zero_literal);
}

std::optional<Type> Compiler::Arithmetic(std::string_view op, const Typed& a, const Typed& b) {
  return ArithmeticType(op, a.type, a.zero_literal, b.type, b.zero_literal);
}

Typed Compiler::Expect(const Expr& expr, const Typed& value, BaseType base, std::string_view role) {
  if (!value.ok()) return value;
  if (value.type.base != base) {
    return Error(expr,
                 Cat(role, " must be ", TypeName(Type{base}), ", not ", TypeName(value.type)));
  }
  return value;
}

Typed Compiler::CompileUnary(const Expr& expr, const Context& context) {
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

Typed Compiler::CompileBinary(const Expr& expr, const Context& context,
                              std::optional<Type> expected) {
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
    right =
        CompileExpr(right_expr, context, left.ok() ? std::optional<Type>(left.type) : std::nullopt);
  }
  if (!left.ok() || !right.ok()) return Typed{};
  if (IsComparison(op)) {
    std::optional<Type> type = Unify(left, right);
    bool ordered = op != "==" && op != "!=";
    if (!type || (ordered && (type->base == BaseType::kBool || type->base == BaseType::kCode))) {
      return Error(expr, Cat("cannot compare ", TypeName(left.type), " with ", TypeName(right.type),
                             ordered && type ? " by order" : ""));
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

Typed Compiler::CompileIn(const Expr& expr, const Context& context) {
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
      if (element->kind != ExprKind::kNumber || element->text.find('.') != std::string_view::npos) {
        return Error(*element, "a set tested against an int holds whole numbers");
      }
      int64_t value = 0;
      std::from_chars(element->text.data(), element->text.data() + element->text.size(), value);
      node.set.push_back(value);
    }
  }
  return Add(std::move(node));
}

Typed Compiler::CompileIf(const Expr& expr, const Context& context, std::optional<Type> expected) {
  Typed condition = CompileExpr(*expr.args[0], context);
  Typed then_value = CompileExpr(*expr.args[1], context, expected);
  Typed else_value = CompileExpr(*expr.args[2], context,
                                 then_value.ok() ? std::optional<Type>(then_value.type) : expected);
  if (!condition.ok() || !then_value.ok() || !else_value.ok()) return Typed{};
  if (condition.type.base != BaseType::kBool) {
    return Error(*expr.args[0], Cat("'if' needs a bool condition, not ", TypeName(condition.type)));
  }
  std::optional<Type> type = Unify(then_value, else_value);
  if (!type) {
    return Error(expr, Cat("'then' and 'else' give different types: ", TypeName(then_value.type),
                           " and ", TypeName(else_value.type)));
  }
  return OpNode(Op::kIf, *type, {condition.node, then_value.node, else_value.node}, expr.where);
}

Typed Compiler::CompileBuiltin(const Expr& expr, Builtin builtin, const Context& context) {
  std::string_view name = expr.text;
  const auto& args = expr.args;
  const Signature signature = InfoOf(builtin).signature;
  if (signature == Signature::kExtremum) {
    if (args.size() < 2)
      return Error(expr, Cat(name, "() takes two or more values, or a set and a value"));
  } else if (args.size() != 1) {
    return Error(expr, Cat(name, "() takes 1 argument"));
  }
  switch (signature) {
    case Signature::kRounding: {
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      if (value.type.base != BaseType::kMoney) {
        return Error(expr, RoundsMoneyMessage(name, value.type));
      }
      return BuiltinNode(builtin, Type::Money(), {value.node}, expr.where);
    }
    case Signature::kExtremum: {
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
      return BuiltinNode(builtin, result.type, nodes, expr.where);
    }
    case Signature::kNumber: {
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      if (!value.type.IsNumber())
        return Error(expr, Cat(name, "() takes a number, not ", TypeName(value.type)));
      return BuiltinNode(builtin, value.type, {value.node}, expr.where);
    }
    case Signature::kDateToInt: {
      Typed value = Expect(*args[0], CompileExpr(*args[0], context), BaseType::kDate,
                           Cat(name, "()'s argument"));
      if (!value.ok()) return value;
      return BuiltinNode(builtin, Type::Int(), {value.node}, expr.where);
    }
    case Signature::kPresence: {
      Typed value = CompileExpr(*args[0], context);
      if (!value.ok()) return value;
      return BuiltinNode(builtin, Type::Bool(), {value.node}, expr.where);
    }
  }
  return Error(expr, "unexpected function");  // not reached: every Signature returns above
}

}  // namespace safetynet::lang::compiler_internal
