#include "engine/lang/types.h"

#include "engine/common/codes.h"
#include "engine/common/text.h"

namespace safetynet::lang {

std::string TypeName(Type type) {
  switch (type.base) {
    case BaseType::kBool:
      return "bool";
    case BaseType::kInt:
      return "int";
    case BaseType::kMoney:
      return type.exact ? "exact money (unrounded)" : "money";
    case BaseType::kRatio:
      return "ratio";
    case BaseType::kDate:
      return "date";
    case BaseType::kCode:
      return Cat(CodeSetName(type.codes), " code");
    case BaseType::kMemberSet:
      return "member set";
    case BaseType::kSignalSet:
      return "signal set";
  }
  return "?";
}

std::optional<Type> UnifyTypes(Type x, bool x_is_zero, Type y, bool y_is_zero) {
  if (x_is_zero && y.base == BaseType::kMoney) x = Type::Money();
  if (y_is_zero && x.base == BaseType::kMoney) y = Type::Money();
  if (x.base == y.base) {
    if (x.base == BaseType::kCode && x.codes != y.codes) return std::nullopt;
    Type t = x;
    t.exact = x.exact || y.exact;
    return t;
  }
  auto ratio_or_int = [](Type t) { return t.base == BaseType::kRatio || t.base == BaseType::kInt; };
  if (ratio_or_int(x) && ratio_or_int(y)) return Type::Ratio();
  return std::nullopt;
}

std::optional<Type> ArithmeticType(std::string_view op, Type x, bool x_is_zero, Type y,
                                   bool y_is_zero) {
  if (op == "+" || op == "-") {  // 0 may stand for money in a sum, not in a product
    if (x_is_zero && y.base == BaseType::kMoney) x = Type::Money();
    if (y_is_zero && x.base == BaseType::kMoney) y = Type::Money();
  }
  using B = BaseType;
  const bool exact = x.exact || y.exact;
  auto ratio_or_int = [](Type t) { return t.base == B::kRatio || t.base == B::kInt; };
  if (op == "+" || op == "-") {
    if (x.base == B::kMoney && y.base == B::kMoney) return Type::Money(exact);
    if (x.base == B::kInt && y.base == B::kInt) return Type::Int();
    if (ratio_or_int(x) && ratio_or_int(y)) return Type::Ratio();
    if (x.base == B::kDate && y.base == B::kInt) return Type::Date();
    if (op == "+" && x.base == B::kInt && y.base == B::kDate) return Type::Date();
    if (op == "-" && x.base == B::kDate && y.base == B::kDate) return Type::Int();
    return std::nullopt;
  }
  if (op == "*") {
    if (x.base == B::kInt && y.base == B::kInt) return Type::Int();
    if (x.base == B::kMoney && y.base == B::kInt) return Type::Money(exact);
    if (x.base == B::kInt && y.base == B::kMoney) return Type::Money(exact);
    if (x.base == B::kMoney && y.base == B::kRatio) return Type::Money(true);
    if (x.base == B::kRatio && y.base == B::kMoney) return Type::Money(true);
    if (ratio_or_int(x) && ratio_or_int(y)) return Type::Ratio();
    return std::nullopt;
  }
  // "/"
  if (x.base == B::kMoney && ratio_or_int(y)) return Type::Money(true);
  if (x.base == B::kMoney && y.base == B::kMoney) return Type::Ratio();
  if (ratio_or_int(x) && ratio_or_int(y)) return Type::Ratio();
  return std::nullopt;
}

}  // namespace safetynet::lang
