#include "engine/exec/value_range.h"

#include <algorithm>

namespace safetynet::exec {
namespace {

// The range [lo, hi] of results in 128 bits, if it holds no kEmpty and fits int64.
std::optional<ValueRange> Fitting(__int128 lo, __int128 hi, bool may_be_empty) {
  if (lo <= static_cast<__int128>(kEmpty) || hi > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return ValueRange{static_cast<int64_t>(lo), static_cast<int64_t>(hi), may_be_empty};
}

}  // namespace

ValueRange ValueRange::Of(int64_t value) {
  if (value == kEmpty) return ValueRange{0, 0, true};
  return ValueRange{value, value, false};
}

bool ValueRange::FitsInt32() const {
  return lo >= std::numeric_limits<int32_t>::min() && hi <= std::numeric_limits<int32_t>::max();
}

bool operator==(const ValueRange& a, const ValueRange& b) {
  return a.lo == b.lo && a.hi == b.hi && a.may_be_empty == b.may_be_empty;
}

ValueRange Union(const ValueRange& a, const ValueRange& b) {
  return ValueRange{std::min(a.lo, b.lo), std::max(a.hi, b.hi), a.may_be_empty || b.may_be_empty};
}

ValueRange MeasureRange(const int64_t* values, size_t n) {
  // Three minimum/maximum reductions, which vectorize. kEmpty is the smallest
  // int64: there is an empty value when the minimum is kEmpty, it cannot
  // raise the maximum, and v - 1 (wrapping) moves it alone to the top, so the
  // smallest v - 1 is one below the smallest non-empty value.
  int64_t smallest = std::numeric_limits<int64_t>::max(), hi = kEmpty;
  int64_t smallest_below = std::numeric_limits<int64_t>::max();
  for (size_t i = 0; i < n; ++i) {
    const int64_t v = values[i];
    const int64_t below = static_cast<int64_t>(static_cast<uint64_t>(v) - 1);
    smallest = v < smallest ? v : smallest;
    hi = v > hi ? v : hi;
    smallest_below = below < smallest_below ? below : smallest_below;
  }
  const bool any_empty = smallest == kEmpty;
  if (hi == kEmpty) return ValueRange{0, 0, any_empty};  // no non-empty value
  return ValueRange{smallest_below + 1, hi, any_empty};
}

std::optional<ValueRange> SumRange(const ValueRange& x, const ValueRange& y) {
  return Fitting(static_cast<__int128>(x.lo) + y.lo, static_cast<__int128>(x.hi) + y.hi,
                 x.may_be_empty || y.may_be_empty);
}

std::optional<ValueRange> DifferenceRange(const ValueRange& x, const ValueRange& y) {
  return Fitting(static_cast<__int128>(x.lo) - y.hi, static_cast<__int128>(x.hi) - y.lo,
                 x.may_be_empty || y.may_be_empty);
}

std::optional<ValueRange> ProductRange(const ValueRange& x, const ValueRange& y) {
  const __int128 corners[] = {
      static_cast<__int128>(x.lo) * y.lo, static_cast<__int128>(x.lo) * y.hi,
      static_cast<__int128>(x.hi) * y.lo, static_cast<__int128>(x.hi) * y.hi};
  return Fitting(*std::min_element(corners, corners + 4), *std::max_element(corners, corners + 4),
                 x.may_be_empty || y.may_be_empty);
}

}  // namespace safetynet::exec
