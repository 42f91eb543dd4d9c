// The types of the rule language and the code sets.
//
//   bool, int (whole numbers, days, counts), money (fen), ratio (exact
//   fraction), date, and code types (one per code set: CATEGORY, AREA, ...).
// Money and int can be "exact": the unrounded result of a division or of
// a multiplication by a ratio, a fraction kept exactly until round(),
// ceil1() or ceil10() turns it into money. Plain data; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/common/codes.h"

namespace safetynet::lang {

enum class BaseType : uint8_t { kBool, kInt, kMoney, kRatio, kDate, kCode, kMemberSet, kSignalSet };

// The code sets that values of code type come from (engine/common/codes.h).
using ::safetynet::CodeNames;
using ::safetynet::CodeSet;
using ::safetynet::CodeSetName;

struct Type {
  BaseType base = BaseType::kInt;
  bool exact = false;  // money/ratio that may hold a fraction of its unit
  CodeSet codes = CodeSet::kNone;

  static Type Bool() { return {BaseType::kBool}; }
  static Type Int() { return {BaseType::kInt}; }
  static Type Money(bool exact = false) { return {BaseType::kMoney, exact}; }
  static Type Ratio() { return {BaseType::kRatio, true}; }
  static Type Date() { return {BaseType::kDate}; }
  static Type Code(CodeSet set) { return {BaseType::kCode, false, set}; }
  static Type MemberSet() { return {BaseType::kMemberSet}; }
  static Type SignalSet() { return {BaseType::kSignalSet}; }

  bool operator==(const Type&) const = default;
  bool IsNumber() const {
    return base == BaseType::kInt || base == BaseType::kMoney || base == BaseType::kRatio;
  }
};

// "money", "exact money", "ratio", "CATEGORY code", ...
std::string TypeName(Type type);

// The common type of two values compared or chosen between (if-then-else,
// min, max, ??), or nullopt. A zero literal may stand for money.
std::optional<Type> UnifyTypes(Type a, bool a_is_zero, Type b, bool b_is_zero);

// The type of `a op b` for op in + - * /, or nullopt if the units do not fit
// (money times money, a date plus money, ...).
std::optional<Type> ArithmeticType(std::string_view op, Type a, bool a_is_zero, Type b,
                                   bool b_is_zero);

// Severity codes.
inline constexpr int64_t kSeverityLow = 0, kSeverityMedium = 1, kSeverityHigh = 2;

}  // namespace safetynet::lang
