// Why a value of the rules is empty or unknown for one subject, in words for
// a caseworker ("housing is unknown: `sum(signals(PROPERTY) of living,
// amount)` overflows 64-bit integers"): the undecided.csv reasons of a run
// (docs/rule-language.md, "Empty values and unknown"). It follows, from the
// expression, the operands that are empty down to where the emptiness
// begins (an empty field, no linked record, a division by zero, an
// overflow, an aggregate of no items), evaluating one row at a time over the
// columns the run materialized. For the few undecided subjects after the
// vectorized pass; not for every row.
// Not thread-safe (one per thread); reads the context, which must outlive it.
#pragma once

#include <cstdint>
#include <string>

#include "engine/exec/batch_evaluator.h"
#include "engine/exec/context.h"

namespace safetynet::exec {

class WhyUnknown {
 public:
  explicit WhyUnknown(const EvalContext& context);

  // Why node `node` of `entity` (an alert's condition, an entitlement's
  // amount) is empty at `row`; "" if it is not.
  std::string Of(int node, lang::Entity entity, uint32_t row);

 private:
  int64_t Value(int node, lang::Entity entity, uint32_t row);
  std::string Cause(int node, lang::Entity entity, uint32_t row, int depth);
  std::string ColumnCause(int column, lang::Entity entity, uint32_t row, int depth);

  const EvalContext& c_;
  BatchEvaluator evaluator_;
};

}  // namespace safetynet::exec
