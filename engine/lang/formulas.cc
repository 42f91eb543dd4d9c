// Derived parameters: checking their formulas (names, units, cycles) and
// computing them; what-if overrides (--set NAME=VALUE). A formula calls the
// builtins of Signature kRounding and kExtremum (builtins.h).
#include <optional>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/lang/ast.h"
#include "engine/lang/builtins.h"
#include "engine/lang/standards.h"

namespace safetynet::lang {
namespace {

// The parameter a formula name stands for: `dibao`, `dibao.urban`, `param(x)`.
std::string FormulaName(const Expr& expr) {
  if (expr.kind == ExprKind::kName) return std::string(expr.text);
  if (expr.kind == ExprKind::kPath) return Join(expr.parts, ".");
  return std::string(expr.text);  // param(NAME): the parser keeps NAME as the text
}

bool IsReference(const Expr& expr) {
  return expr.kind == ExprKind::kName || expr.kind == ExprKind::kPath ||
         (expr.kind == ExprKind::kCall && !expr.parts.empty());
}

struct FormulaType {
  Type type;
  bool zero = false;
};

// The builtins formulas may call: those that round or choose money.
std::vector<std::string_view> FormulaFunctionNames() {
  std::vector<std::string_view> names;
  for (std::string_view name : FunctionNames()) {
    const std::optional<Builtin> builtin = FindBuiltin(name);
    if (!builtin) continue;
    const Signature signature = InfoOf(*builtin).signature;
    if (signature == Signature::kRounding || signature == Signature::kExtremum) {
      names.push_back(name);
    }
  }
  return names;
}

class FormulaChecker {
 public:
  FormulaChecker(const Standards& standards, Diagnostics& diagnostics)
      : s_(standards), d_(diagnostics) {}

  std::optional<FormulaType> Infer(const Expr& expr, const ParamDef& owner,
                                   std::vector<int>& deps) {
    std::string hint;  // " (did you mean ...)" for a misspelt function
    if (IsReference(expr)) {
      std::string name = FormulaName(expr);
      std::optional<ParamRef> ref = s_.Find(name);
      if (!ref) {
        d_.Error(expr.where,
                 UnknownNameMessage("parameter", name,
                                    d_.full() ? std::vector<std::string_view>() : s_.Names()));
        return std::nullopt;
      }
      const ParamDef& def = s_.params()[ref->index];
      if (def.per_area && ref->area == AreaChoice::kSubject && !owner.per_area) {
        d_.Error(expr.where, Cat("parameter ", name, " differs by area: declare ", owner.name,
                                 " 'per area' or name the area (", name, ".urban)"));
        return std::nullopt;
      }
      deps.push_back(ref->index);
      return FormulaType{def.type};
    }
    switch (expr.kind) {
      case ExprKind::kNumber: {
        bool decimal = expr.text.find('.') != std::string_view::npos;
        return FormulaType{decimal ? Type::Ratio() : Type::Int(), expr.text == "0"};
      }
      case ExprKind::kMoney:
        return FormulaType{Type::Money()};
      case ExprKind::kUnary:
        if (expr.text == "-") return Infer(*expr.args[0], owner, deps);
        break;
      case ExprKind::kBinary:
        if (expr.text == "+" || expr.text == "-" || expr.text == "*" || expr.text == "/") {
          auto a = Infer(*expr.args[0], owner, deps);
          auto b = Infer(*expr.args[1], owner, deps);
          if (!a || !b) return std::nullopt;
          auto type = ArithmeticType(expr.text, a->type, a->zero, b->type, b->zero);
          if (!type) {
            d_.Error(expr.where, Cat("cannot apply '", expr.text, "' to ", TypeName(a->type),
                                     " and ", TypeName(b->type)));
            return std::nullopt;
          }
          return FormulaType{*type};
        }
        break;
      case ExprKind::kCall: {
        std::optional<Builtin> builtin = FindBuiltin(expr.text);
        if (!builtin) {
          hint = DidYouMean(expr.text, FormulaFunctionNames());
          break;
        }
        switch (InfoOf(*builtin).signature) {
          case Signature::kRounding: {
            if (expr.args.size() != 1) break;
            auto a = Infer(*expr.args[0], owner, deps);
            if (!a) return std::nullopt;
            if (a->type.base != BaseType::kMoney) {
              d_.Error(expr.where, RoundsMoneyMessage(expr.text, a->type));
              return std::nullopt;
            }
            return FormulaType{Type::Money()};
          }
          case Signature::kExtremum: {
            if (expr.args.size() < 2) break;
            auto result = Infer(*expr.args[0], owner, deps);
            for (size_t i = 1; result && i < expr.args.size(); ++i) {
              auto next = Infer(*expr.args[i], owner, deps);
              if (!next) return std::nullopt;
              auto type = UnifyTypes(result->type, result->zero, next->type, next->zero);
              if (!type) {
                d_.Error(expr.where, Cat(expr.text, "() of ", TypeName(result->type), " and ",
                                         TypeName(next->type)));
                return std::nullopt;
              }
              result = FormulaType{*type};
            }
            return result;
          }
          case Signature::kNumber:  // not in formulas
          case Signature::kDateToInt:
          case Signature::kPresence:
            break;
        }
        break;
      }
      default:
        break;
    }
    d_.Error(expr.where,
             Cat("a formula uses numbers, money (690 yuan), parameters, + - * /, round, ceil1, "
                 "ceil10, min and max",
                 hint));
    return std::nullopt;
  }

 private:
  const Standards& s_;
  Diagnostics& d_;
};

// Computes a formula for one area; nullopt on overflow or division by zero.
std::optional<Fraction> Evaluate(const Standards& standards, const Expr& expr, bool rural,
                                 const ResolvedStandards& values) {
  if (IsReference(expr)) {
    std::optional<ParamRef> ref = standards.Find(FormulaName(expr));
    if (!ref) return std::nullopt;
    Value v = values.Get(*ref, rural);
    return Fraction{v.num, v.den};
  }
  bool overflow = false;
  auto arg = [&](size_t i) { return Evaluate(standards, *expr.args[i], rural, values); };
  switch (expr.kind) {
    case ExprKind::kNumber:
    case ExprKind::kMoney: {
      std::optional<Value> value = ParseDecimal(expr.text);
      if (!value) return std::nullopt;
      Fraction out;
      const __int128 scale = expr.kind == ExprKind::kMoney ? 100 : 1;  // yuan -> fen
      if (!Narrow(value->num * scale, value->den, out)) return std::nullopt;
      return out;
    }
    case ExprKind::kUnary: {
      auto a = arg(0);
      if (!a) return std::nullopt;
      return Fraction{-a->num, a->den};
    }
    case ExprKind::kBinary: {
      auto a = arg(0), b = arg(1);
      if (!a || !b) return std::nullopt;
      Fraction r;
      if (expr.text == "+")
        r = AddFractions(*a, *b, 1, overflow);
      else if (expr.text == "-")
        r = AddFractions(*a, *b, -1, overflow);
      else if (expr.text == "*")
        r = MulFractions(*a, *b, overflow);
      else
        r = DivFractions(*a, *b, overflow);
      if (overflow || r.num == kEmpty) return std::nullopt;
      return r;
    }
    case ExprKind::kCall: {
      std::optional<Builtin> builtin = FindBuiltin(expr.text);
      if (!builtin) return std::nullopt;
      switch (*builtin) {
        case Builtin::kMin:
        case Builtin::kMax: {
          auto best = arg(0);
          for (size_t i = 1; best && i < expr.args.size(); ++i) {
            auto next = arg(i);
            if (!next) return std::nullopt;
            int order = CompareFractions(*next, *best);
            if (*builtin == Builtin::kMin ? order < 0 : order > 0) best = next;
          }
          return best;
        }
        case Builtin::kRound: {
          auto a = arg(0);
          if (!a) return std::nullopt;
          return Fraction{RoundHalfUp(*a), 1};
        }
        case Builtin::kCeil10:
        case Builtin::kCeil1: {
          auto a = arg(0);
          if (!a) return std::nullopt;
          int64_t stepped = CeilToStep(*a, *builtin == Builtin::kCeil10 ? 1000 : 100, overflow);
          if (overflow) return std::nullopt;
          return Fraction{stepped, 1};
        }
        case Builtin::kAbs:  // not in formulas: Check refuses them
        case Builtin::kAge:
        case Builtin::kDaysSince:
        case Builtin::kHas:
          return std::nullopt;
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

void Standards::Check(Diagnostics& diagnostics) {
  formula_order_.clear();
  FormulaChecker checker(*this, diagnostics);
  // A depth-first walk from each formula through the formulas it reads, kept
  // on a stack of its own (not the call stack: a chain of formulas may be
  // as long as the file).
  struct Visit {
    int index;
    std::vector<int> deps;  // the parameters its formula reads
    size_t next = 0;        // the next of deps to visit
    std::optional<FormulaType> type;
  };
  std::vector<int> state(params_.size(), 0);  // 0 unvisited, 1 visiting, 2 done
  std::vector<Visit> stack;
  auto enter = [&](int index) {
    state[index] = 1;
    Visit visit{index, {}, 0, std::nullopt};
    visit.type = checker.Infer(*params_[index].formula, params_[index], visit.deps);
    stack.push_back(std::move(visit));
  };
  auto leave = [&]() {
    const int index = stack.back().index;
    const std::optional<FormulaType> type = stack.back().type;
    const ParamDef& def = params_[index];
    if (type) {
      bool fits = def.type.base == BaseType::kMoney ? type->type == Type::Money()
                  : def.type.base == BaseType::kInt
                      ? type->type.base == BaseType::kInt
                      : type->type.IsNumber() && type->type.base != BaseType::kMoney;
      if (!fits) {
        diagnostics.Error(def.where, Cat("parameter ", def.name, " is ", TypeName(def.type),
                                         " but its formula gives ", TypeName(type->type),
                                         type->type.exact && type->type.base == BaseType::kMoney
                                             ? " (round it with round(), ceil1() or ceil10())"
                                             : ""));
      }
    }
    stack.pop_back();
    state[index] = 2;
    formula_order_.push_back(index);
  };
  for (size_t i = 0; i < params_.size(); ++i) {
    if (!params_[i].formula || state[i] != 0) continue;
    enter(static_cast<int>(i));
    while (!stack.empty()) {
      Visit& top = stack.back();
      if (top.next == top.deps.size()) {
        leave();
        continue;
      }
      const int dep = top.deps[top.next++];
      if (!params_[dep].formula || state[dep] == 2) continue;
      if (state[dep] == 1) {
        std::string path;
        for (const Visit& step : stack) path += Cat(params_[step.index].name, " -> ");
        diagnostics.Error(params_[dep].where,
                          Cat("cycle among formulas: ", path, params_[dep].name));
        continue;
      }
      enter(dep);
    }
  }
}

absl::Status ApplyOverridesAndFormulas(const Standards& standards,
                                       const std::vector<Override>& overrides,
                                       ResolvedStandards& values) {
  std::vector<std::pair<bool, bool>> overridden(standards.params().size());  // (urban, rural)
  for (const Override& o : overrides) {
    if (o.ref.area != AreaChoice::kRural)
      values.urban[o.ref.index] = o.value, overridden[o.ref.index].first = true;
    if (o.ref.area != AreaChoice::kUrban)
      values.rural[o.ref.index] = o.value, overridden[o.ref.index].second = true;
  }
  for (int index : standards.formula_order()) {
    const ParamDef& def = standards.params()[index];
    for (bool rural : {false, true}) {
      if (rural ? overridden[index].second : overridden[index].first) continue;
      auto value = Evaluate(standards, *def.formula, rural, values);
      if (!value) {
        return absl::FailedPreconditionError(Cat(def.where.file->path, ":", def.where.line,
                                                 ": the formula of ", def.name,
                                                 " overflows or divides by zero"));
      }
      (rural ? values.rural : values.urban)[index] = Value{value->num, value->den};
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Override> ParseOverride(const Standards& standards, std::string_view text) {
  size_t equals = text.find('=');
  if (equals == std::string_view::npos) {
    return absl::InvalidArgumentError(Cat("'", text, "' is not NAME=VALUE"));
  }
  std::string_view name = text.substr(0, equals), value_text = text.substr(equals + 1);
  std::optional<ParamRef> ref = standards.Find(name);
  if (!ref)
    return absl::InvalidArgumentError(UnknownNameMessage("parameter", name, standards.Names()));
  const ParamDef& def = standards.params()[ref->index];
  Override o{*ref, {}};
  if (def.type.base == BaseType::kMoney) {
    ParsedFen fen = ParseYuan(value_text);
    if (!fen.fen) {
      return absl::InvalidArgumentError(Cat(name, " is money: '", value_text,
                                            "' is not an amount in yuan such as 940 or 940.50"));
    }
    o.value = Value{*fen.fen, 1};
    return o;
  }
  // int or ratio: a whole number, a decimal, or (ratio) a fraction a/b.
  size_t slash = value_text.find('/');
  ParsedFen top = ParseYuan(value_text.substr(0, slash));  // in hundredths
  ParsedFen bottom =
      slash == std::string_view::npos ? ParsedFen{100} : ParseYuan(value_text.substr(slash + 1));
  Fraction f;
  if (!top.fen || !bottom.fen || *bottom.fen == 0 || !Narrow(*top.fen, *bottom.fen, f) ||
      (def.type.base == BaseType::kInt && f.den != 1)) {
    return absl::InvalidArgumentError(
        Cat(name, " is ", TypeName(def.type), ": '", value_text, "' does not fit"));
  }
  o.value = Value{f.num, f.den};
  return o;
}

absl::Status CheckOverrideResolves(const Standards& standards, Days as_of,
                                   std::vector<Override> base, const Override& added,
                                   std::string_view given) {
  if (!Resolve(standards, as_of, base).ok()) return absl::OkStatus();
  base.push_back(added);
  absl::StatusOr<ResolvedStandards> with = Resolve(standards, as_of, base);
  if (with.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      Cat(given, ": the standards cannot take this value: ", std::string(with.status().message())));
}

}  // namespace safetynet::lang
