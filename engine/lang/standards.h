// Standards: the policy parameters with their effective dates
// (docs/standards.md), read from `*.standards` files in a rules folder.
//
//   param dibao: money per area          # 低保标准, yuan per person per month
//     2020-07-01: urban 690, rural 530
//     2025-07-01: urban 940, rural 940
//   param care.semi: ratio
//     2020-07-01: 1/6
//
// On an as-of date D each parameter takes its latest entry dated on or
// before D. A per-area parameter is also reachable by its area's name
// (`dibao.urban`). A parameter may instead be derived by a formula from
// others, so that one change moves everything downstream of it:
//
//   param tekun.basic: money per area = ceil10(dibao * tekun.multiplier)
//
// Built once, then read-only; thread-safe to read.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/lang/source.h"
#include "engine/lang/types.h"

namespace safetynet::lang {

// A parameter value: money in fen, an int, or a ratio num/den (den > 0).
struct Value {
  int64_t num = 0;
  int64_t den = 1;
  bool operator==(const Value&) const = default;
};

struct ParamEntry {
  Days effective;
  Value urban;  // the value (both areas) unless the parameter is per area
  Value rural;
  Location where;
};

struct Expr;

struct ParamDef {
  std::string name;
  Type type;  // money, ratio or int
  bool per_area = false;
  std::vector<ParamEntry> entries;      // by effective date, increasing; empty for a formula
  std::shared_ptr<const Expr> formula;  // a derived parameter's formula, else null
  Location where;
};

// "12" -> 12/1, "1.5" -> 3/2 (reduced); nullopt for a number too long for
// int64 or with more than 9 decimals. The text is digits with an optional
// fraction, as the lexer makes numbers.
std::optional<Value> ParseDecimal(std::string_view text);

// Which value of a parameter a rule asks for.
enum class AreaChoice : uint8_t { kSubject, kUrban, kRural };

struct ParamRef {
  int index = -1;
  AreaChoice area = AreaChoice::kSubject;
};

// Whether two references name a value in common: the same parameter, and
// the same area or one of them both ("dibao" and "dibao.urban").
inline bool Overlap(const ParamRef& a, const ParamRef& b) {
  return a.index == b.index &&
         (a.area == b.area || a.area == AreaChoice::kSubject || b.area == AreaChoice::kSubject);
}

class Standards {
 public:
  // Parses one standards file into this set; errors go to diagnostics.
  void Parse(const SourceFile& file, Diagnostics& diagnostics);
  // After every file is parsed: checks the formulas (names, units, cycles)
  // and orders them so that each comes after the parameters it reads.
  void Check(Diagnostics& diagnostics);
  // Formula parameters in evaluation order (indexes into params()).
  const std::vector<int>& formula_order() const { return formula_order_; }

  const std::vector<ParamDef>& params() const { return params_; }
  // "dibao" (per subject area), "dibao.urban", "tekun.multiplier".
  std::optional<ParamRef> Find(std::string_view name) const;
  // Every name Find() knows (for "did you mean" hints).
  std::vector<std::string_view> Names() const;

 private:
  std::vector<ParamDef> params_;
  absl::flat_hash_map<std::string, int> index_;
  std::vector<std::string> area_names_;  // "dibao.urban", "dibao.rural", ...
  std::vector<int> formula_order_;
};

// The values in force on one date.
struct ResolvedStandards {
  Days as_of = kNoDate;
  Days version = kNoDate;  // the latest effective date among the values in force
  std::vector<Value> urban;
  std::vector<Value> rural;

  Value Get(ParamRef ref, bool subject_is_rural) const {
    bool rural_value =
        ref.area == AreaChoice::kRural || (ref.area == AreaChoice::kSubject && subject_is_rural);
    return rural_value ? rural[ref.index] : urban[ref.index];
  }
};

// A changed value for a what-if run: `dibao.urban=1000`, `tekun.multiplier=1.4`.
struct Override {
  ParamRef ref;
  Value value;
};

// Sets the overridden values, then computes every formula parameter that is
// not overridden (in dependency order). FailedPrecondition, naming the
// file:line of the formula, if one overflows or divides by zero.
absl::Status ApplyOverridesAndFormulas(const Standards& standards,
                                       const std::vector<Override>& overrides,
                                       ResolvedStandards& values);

// Parses NAME=VALUE against the standards (the value in the parameter's unit:
// yuan for money). InvalidArgument, saying why, if it is not NAME=VALUE, the
// name is unknown (with a "did you mean") or the value does not fit the unit.
absl::StatusOr<Override> ParseOverride(const Standards& standards, std::string_view text);

// Several NAME=VALUE texts (ParseOverride each) for a what-if on `as_of`:
// InvalidArgument naming the text (after `option`, e.g. "--set ") for one
// that does not parse, a value set twice (or both a per-area parameter and
// one of its areas), or a value that makes a formula overflow
// (CheckOverrideResolves).
absl::StatusOr<std::vector<Override>> ParseOverrides(const Standards& standards, Days as_of,
                                                     std::span<const std::string> texts,
                                                     std::string_view option);

// Whether the value `added` sets, applied after `base`, lets the standards
// in force on `as_of` resolve: OK if it does, or if they fail without it
// too (that error is not the value's). Else InvalidArgument naming
// `given` (the option and value as the user wrote them, "--set
// dibao.urban=9e16") and the formula it makes overflow or divide by zero.
absl::Status CheckOverrideResolves(const Standards& standards, Days as_of,
                                   std::vector<Override> base, const Override& added,
                                   std::string_view given);

// The values in force on `as_of`, with `overrides` applied before the
// formulas are computed (docs/standards.md). FailedPrecondition, naming the
// file:line of the parameter, if one has no entry on or before `as_of`; or
// ApplyOverridesAndFormulas's error.
absl::StatusOr<ResolvedStandards> Resolve(const Standards& standards, Days as_of,
                                          const std::vector<Override>& overrides = {});

// One value of a parameter by the name --set and --param take: "dibao.urban"
// and "dibao.rural" for a per-area parameter, else the parameter's name.
struct NamedParameterValue {
  std::string name;
  const ParamDef* param;  // into the Standards given
  Value value;
};

// Every value of `values` (resolved from `standards`) by name, in the order
// the parameters are declared, urban before rural.
std::vector<NamedParameterValue> NamedValues(const Standards& standards,
                                             const ResolvedStandards& values);

}  // namespace safetynet::lang
