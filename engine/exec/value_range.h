// What is known, before an operation runs, of the whole values (int, money,
// dates, codes, bools) an expression can take in one evaluation: every
// non-empty value lies in [lo, hi], and no value is empty unless
// may_be_empty. Measured once for every materialized column and derived for
// + - * from the operands' ranges (interval arithmetic in 128 bits), so that
// the evaluator can leave out the overflow checks of an operation that cannot
// overflow, and the emptiness checks where no operand can be empty. The
// default range knows nothing. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

#include "engine/common/exact_arithmetic.h"

namespace safetynet::exec {

struct ValueRange {
  int64_t lo = kEmpty + 1;
  int64_t hi = std::numeric_limits<int64_t>::max();
  bool may_be_empty = true;

  // The range of one value (kEmpty: empty, with [0, 0] for the non-empty ones, of which there are
  // none).
  static ValueRange Of(int64_t value);
  // Do all non-empty values fit 32 bits?
  bool FitsInt32() const;
  // Is every value 0 or 1 (a bool never empty)?
  bool ZeroOrOne() const { return !may_be_empty && lo >= 0 && hi <= 1; }
};

bool operator==(const ValueRange& a, const ValueRange& b);

// The smallest range holding the values of both.
ValueRange Union(const ValueRange& a, const ValueRange& b);

// The range of n values (empties among them allowed); [0, 0] when none is non-empty.
ValueRange MeasureRange(const int64_t* values, size_t n);

// The range of x + y, x - y and x * y over the non-empty values of each, empty
// where either is; nullopt when some result could overflow int64 or be kEmpty.
std::optional<ValueRange> SumRange(const ValueRange& x, const ValueRange& y);
std::optional<ValueRange> DifferenceRange(const ValueRange& x, const ValueRange& y);
std::optional<ValueRange> ProductRange(const ValueRange& x, const ValueRange& y);

}  // namespace safetynet::exec
