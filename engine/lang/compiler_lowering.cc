// Lowering: expressions into the program's nodes and columns. Literals,
// the dispatch on an expression's kind (keeping each node's source text for
// explain), calls, member sets, signals(...) and aggregates, whose inner
// values and conditions become hidden columns of the member or signal
// entity, so that an aggregate only reads materialized columns.
#include <map>

#include "engine/common/text.h"
#include "engine/lang/compiler_internal.h"

namespace safetynet::lang::compiler_internal {

int Compiler::AddColumn(Entity entity, std::string name, const Typed& value, bool hidden,
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

int Compiler::HiddenColumn(Entity entity, const Typed& value, const Location& where) {
  const Node& node = p_.nodes[value.node];
  if (node.op == Op::kColumn) return node.column;
  return AddColumn(entity, Cat("~", EntityName(entity), ".", ++hidden_count_), value, true, where);
}

int Compiler::FieldColumn(const FieldInfo& field) {
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

Typed Compiler::Add(Node node) {
  Type type = node.type;
  p_.nodes.push_back(std::move(node));
  return Typed{static_cast<int>(p_.nodes.size()) - 1, type};
}

Typed Compiler::Constant(Value value, Type type, const Location& where) {
  Node node;
  node.op = Op::kConst;
  node.type = type;
  node.constant = value;
  node.where = where;
  return Add(std::move(node));
}

Typed Compiler::ColumnNode(int column, const Location& where) {
  Node node;
  node.op = Op::kColumn;
  node.column = column;
  node.type = p_.columns[column].type;
  node.where = where;
  return Add(std::move(node));
}

Typed Compiler::GatherNode(int column, Link link, const Location& where) {
  Node node;
  node.op = Op::kGather;
  node.column = column;
  node.link = link;
  node.type = p_.columns[column].type;
  node.where = where;
  return Add(std::move(node));
}

Typed Compiler::OpNode(Op op, Type type, std::vector<int> args, const Location& where) {
  Node node;
  node.op = op;
  node.type = type;
  node.args = std::move(args);
  node.where = where;
  return Add(std::move(node));
}

Typed Compiler::Error(const Expr& expr, std::string message) {
  d_.Error(expr.where, std::move(message));
  return Typed{};
}

Typed Compiler::CompileExpr(const Expr& expr, const Context& context,
                            std::optional<Type> expected) {
  Typed typed = CompileKind(expr, context, expected);
  if (typed.node >= 0 && p_.nodes[typed.node].source.empty() && expr.where.file) {
    p_.nodes[typed.node].source = std::string_view(expr.where.file->text)
                                      .substr(expr.span_begin, expr.span_end - expr.span_begin);
  }
  return typed;
}

Typed Compiler::CompileKind(const Expr& expr, const Context& context,
                            std::optional<Type> expected) {
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

Typed Compiler::CompileNumber(const Expr& expr) {
  std::optional<Value> value = ParseDecimal(expr.text);
  if (!value) return Error(expr, "number too long");
  if (value->den == 1) {
    Typed typed = Constant(*value, Type::Int(), expr.where);
    typed.zero_literal = value->num == 0;
    return typed;
  }
  return Constant(*value, Type::Ratio(), expr.where);
}

Typed Compiler::CompileMoney(const Expr& expr) {
  size_t dot = expr.text.find('.');
  std::optional<Value> yuan = ParseDecimal(expr.text);
  if (dot != std::string_view::npos && expr.text.size() - dot - 1 > 2) {
    return Error(expr, "money has at most two decimals (fen)");
  }
  if (!yuan || yuan->num > INT64_MAX / 100) return Error(expr, "amount too large");
  return Constant({yuan->num * (100 / yuan->den), 1}, Type::Money(), expr.where);
}

Typed Compiler::CompileMemberSet(const Expr& expr, const Context& context) {
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
    condition = OpNode(Op::kAnd, Type::Bool(),
                       {ColumnNode(base.member_set, expr.where).node, condition.node}, expr.where);
  }
  set.member_set = HiddenColumn(Entity::kPerson, condition, expr.where);
  return set;
}

Typed Compiler::CompileCall(const Expr& expr, const Context& context) {
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
    return OpNode(name == "age" ? Op::kAge : Op::kDaysSince, Type::Int(), {value.node}, expr.where);
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

bool Compiler::IsSet(const Expr& expr, const Context& context) {
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

SignalSpec Compiler::CompileSignals(const Expr& expr, const Context& context,
                                    const Expr* condition) {
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
    Typed filter =
        Expect(*condition, CompileExpr(*condition, inner), BaseType::kBool, "a 'where' condition");
    if (!filter.ok()) return spec;
    spec.filter = HiddenColumn(Entity::kSignal, filter, condition->where);
  }
  spec.ok = true;
  return spec;
}

Typed Compiler::CompileAggregate(const Expr& expr, const Context& context) {
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
  if (takes_value && args.size() != 2) return Error(expr, Cat(name, "() takes a set and a value"));

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
      return Error(value_expr,
                   Cat(name, "() adds whole values; round this ", TypeName(value.type), " first"));
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

}  // namespace safetynet::lang::compiler_internal
