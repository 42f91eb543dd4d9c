// The table of the rule language's functions (see builtins.h).
#include "engine/lang/builtins.h"

#include <algorithm>
#include <array>

#include "engine/common/text.h"

namespace safetynet::lang {
namespace {

// The row of each builtin: a switch without `default:`, so that a Builtin
// without a row fails to compile; "" for a value that is no builtin.
constexpr BuiltinInfo Row(Builtin builtin) {
  switch (builtin) {
    case Builtin::kRound:
      return {builtin, "round", Signature::kRounding};
    case Builtin::kCeil10:
      return {builtin, "ceil10", Signature::kRounding};
    case Builtin::kCeil1:
      return {builtin, "ceil1", Signature::kRounding};
    case Builtin::kMin:
      return {builtin, "min", Signature::kExtremum};
    case Builtin::kMax:
      return {builtin, "max", Signature::kExtremum};
    case Builtin::kAbs:
      return {builtin, "abs", Signature::kNumber};
    case Builtin::kAge:
      return {builtin, "age", Signature::kDateToInt};
    case Builtin::kDaysSince:
      return {builtin, "days_since", Signature::kDateToInt};
    case Builtin::kHas:
      return {builtin, "has", Signature::kPresence};
  }
  return {builtin, "", Signature::kRounding};
}

// How many builtins there are: the values of Builtin, from 0, that have a row.
constexpr size_t CountBuiltins() {
  size_t count = 0;
  while (!Row(static_cast<Builtin>(count)).name.empty()) ++count;
  return count;
}

// Every row, indexed by Builtin.
constexpr auto kBuiltins = [] {
  std::array<BuiltinInfo, CountBuiltins()> rows{};
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = Row(static_cast<Builtin>(i));
  return rows;
}();

// The name of each aggregate: a switch without `default:`, as Row; "" for a
// value that is no aggregate.
constexpr std::string_view AggregateName(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kCount:
      return "count";
    case Aggregate::kSum:
      return "sum";
    case Aggregate::kMean:
      return "mean";
    case Aggregate::kAny:
      return "any";
    case Aggregate::kAll:
      return "all";
    case Aggregate::kMin:
      return "min";
    case Aggregate::kMax:
      return "max";
  }
  return "";
}

// Calls visit(aggregate, name) for every aggregate, in the order of Aggregate.
template <typename Visit>
void ForEachAggregate(Visit visit) {
  for (int i = 0; !AggregateName(static_cast<Aggregate>(i)).empty(); ++i) {
    visit(static_cast<Aggregate>(i), AggregateName(static_cast<Aggregate>(i)));
  }
}

}  // namespace

std::span<const BuiltinInfo> Builtins() { return kBuiltins; }

const BuiltinInfo& InfoOf(Builtin builtin) { return kBuiltins[static_cast<size_t>(builtin)]; }

std::optional<Builtin> FindBuiltin(std::string_view name) {
  for (const BuiltinInfo& info : kBuiltins) {
    if (info.name == name) return info.builtin;
  }
  return std::nullopt;
}

std::optional<Aggregate> FindAggregate(std::string_view name) {
  std::optional<Aggregate> found;
  ForEachAggregate([&](Aggregate aggregate, std::string_view aggregate_name) {
    if (aggregate_name == name) found = aggregate;
  });
  return found;
}

std::string RoundsMoneyMessage(std::string_view name, Type argument) {
  return Cat(name, "() rounds money, not ", TypeName(argument));
}

std::vector<std::string_view> FunctionNames() {
  std::vector<std::string_view> names;
  for (const BuiltinInfo& info : kBuiltins) names.push_back(info.name);
  names.push_back(kParamFunction);
  ForEachAggregate([&](Aggregate, std::string_view name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  });
  return names;
}

}  // namespace safetynet::lang
