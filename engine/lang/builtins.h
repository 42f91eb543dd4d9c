// The functions of the rule language, declared once: the builtins (round,
// ceil10, ceil1, min, max, abs, age, days_since, has), with their names and
// the rule that checks their arguments and types their result, and the
// aggregates' names (count, sum, mean, any, all, min, max over a set).
//
// Every place that handles a builtin is driven by this declaration: the
// compiler looks names up here and types a call by its Signature; a call
// compiles into a node of Op::kBuiltin carrying its Builtin; the batch
// evaluator (engine/exec), the standards formulas (formulas.cc) and the
// reference interpreter (tests/exec) each switch over Builtin without a
// `default:`, so a builtin added here and not implemented there fails to
// compile (-Werror=switch). The comment of each Builtin is its exact meaning,
// which the three of them implement.
//
// To add a builtin: a value of Builtin (its meaning in the comment) and its
// row in builtins.cc (name and Signature; a new Signature also needs its case
// in the compiler, compiler_names.cc, and in the formula checker,
// formulas.cc), then its case in each switch the build then names: the batch
// evaluator's kernel, the formulas' evaluation, the reference interpreter.
//
// Constant tables; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/lang/types.h"

namespace safetynet::lang {

// The builtins, in the order "did you mean" hints consider their names. An
// empty argument gives an empty result unless said otherwise.
enum class Builtin : uint8_t {
  kRound,      // round(m): exact money to whole fen, halves away from zero
  kCeil10,     // ceil10(m): exact money up to a multiple of 10 yuan (1000 fen)
  kCeil1,      // ceil1(m): exact money up to a whole yuan (100 fen)
  kMin,        // min(a, b, ...): the least of the values; empty if any is empty
  kMax,        // max(a, b, ...): the greatest of the values; empty if any is empty
  kAbs,        // abs(x): x without its sign
  kAge,        // age(date): whole years from the date to as_of (born 29 February: a
               // year older on 1 March in common years)
  kDaysSince,  // days_since(date): as_of - date, in days
  kHas,        // has(x): 1 if x is not empty, else 0 (never empty)
};

// How a builtin's arguments are checked and its result typed.
enum class Signature : uint8_t {
  kRounding,   // one money (exact or whole) -> whole money
  kExtremum,   // two or more numbers or dates of one kind -> their common type
  kNumber,     // one number -> the same type
  kDateToInt,  // one date -> int
  kPresence,   // one value of any type -> bool, 1 or 0 (never empty)
};

struct BuiltinInfo {
  Builtin builtin;
  std::string_view name;  // as written in rules: "round"
  Signature signature;
};

// Every builtin, indexed by Builtin.
std::span<const BuiltinInfo> Builtins();
const BuiltinInfo& InfoOf(Builtin builtin);
// The builtin called `name`, or nullopt.
std::optional<Builtin> FindBuiltin(std::string_view name);

// The error of a rounding builtin called on something other than money, for
// rules and standards formulas alike: "round() rounds money, not ratio".
std::string RoundsMoneyMessage(std::string_view name, Type argument);

// The aggregates over a set of members or signals (docs/rule-language.md),
// in the order "did you mean" hints consider their names.
enum class Aggregate : uint8_t { kCount, kSum, kMean, kAny, kAll, kMin, kMax };

// The aggregate called `name` (count, sum, mean, any, all, min, max), or nullopt.
std::optional<Aggregate> FindAggregate(std::string_view name);

// The function named in a parameter's call: param(NAME).
inline constexpr std::string_view kParamFunction = "param";

// Every function name a call may use: the builtins, param, then the
// aggregates (each name once), for "did you mean" hints.
std::vector<std::string_view> FunctionNames();

}  // namespace safetynet::lang
