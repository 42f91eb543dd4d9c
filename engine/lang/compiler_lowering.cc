// Lowering: expressions into the program's nodes and columns. Literals,
// the dispatch on an expression's kind (keeping each node's source text for
// explain), calls, member sets, signals(...) and aggregates, whose inner
// values and conditions become hidden columns of the member or signal
// entity, so that an aggregate only reads materialized columns.
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

Typed Compiler::BuiltinNode(Builtin builtin, Type type, std::vector<int> args,
                            const Location& where) {
  Typed typed = OpNode(Op::kBuiltin, type, std::move(args), where);
  p_.nodes[typed.node].builtin = builtin;
  return typed;
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
    return Error(
        expr, Cat("members and 'where' belong to a household block (this is ",
                  Article(EntityName(context.entity)), " ", EntityName(context.entity), " block)"));
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
  if (!expr.parts.empty())
    return CompileParam(expr, context);  // the parser keeps param()'s name in parts
  std::optional<Aggregate> aggregate = FindAggregate(name);
  if (aggregate && !expr.args.empty() && IsSet(*expr.args[0], context))
    return CompileAggregate(expr, *aggregate, context);
  if (std::optional<Builtin> builtin = FindBuiltin(name)) {
    return CompileBuiltin(expr, *builtin, context);
  }
  if (aggregate) {
    return Error(expr, Cat(name, "() aggregates a set: members, a member set, or signals(TYPE)"));
  }
  return UnknownName(expr, name, FunctionNames(), "function");
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
      Error(*expr.args[0],
            Cat("'of' picks members in a household block; ", Article(EntityName(context.entity)),
                " ", EntityName(context.entity), "'s signals are its own"));
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

Typed Compiler::CompileAggregate(const Expr& expr, Aggregate aggregate, const Context& context) {
  std::string_view name = expr.text;
  const auto& args = expr.args;
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
    case Aggregate::kSum:
    case Aggregate::kMin:
    case Aggregate::kMax:
      node.type = value_type;
      break;
  }
  return Add(std::move(node));
}

}  // namespace safetynet::lang::compiler_internal
