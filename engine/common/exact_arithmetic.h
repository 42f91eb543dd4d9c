// Exact arithmetic on the values of the rule language, one value at a time:
// integers (int, money in fen, dates in days) and exact fractions num/den
// (den > 0). kEmpty marks an empty value (an absent date, the mean of no
// signals, a division by zero); it propagates through arithmetic, and a
// comparison with it is unknown (kEmpty as a truth value: docs/rule-language.md,
// "Empty values and unknown"). Overflow sets `overflow` and gives kEmpty --
// never a wrapped value. Header-only, pure; thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <numeric>

namespace safetynet {

inline constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min();

struct Fraction {
  int64_t num;
  int64_t den;  // > 0
};

// Reduces a 128-bit fraction into int64 (den > 0); false on overflow.
inline bool Narrow(__int128 num, __int128 den, Fraction& out) {
  if (den < 0) num = -num, den = -den;
  __int128 a = num < 0 ? -num : num, b = den;
  while (b != 0) {
    __int128 t = a % b;
    a = b;
    b = t;
  }
  if (a > 1) num /= a, den /= a;
  constexpr __int128 kMax = std::numeric_limits<int64_t>::max();
  if (num > kMax || num <= -kMax - 1 || den > kMax) return false;
  out = {static_cast<int64_t>(num), static_cast<int64_t>(den)};
  return true;
}

inline int64_t CheckedAdd(int64_t a, int64_t b, bool& overflow) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r) || r == kEmpty) {
    overflow = true;
    return kEmpty;
  }
  return r;
}
inline int64_t CheckedSub(int64_t a, int64_t b, bool& overflow) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r) || r == kEmpty) {
    overflow = true;
    return kEmpty;
  }
  return r;
}
inline int64_t CheckedMul(int64_t a, int64_t b, bool& overflow) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r) || r == kEmpty) {
    overflow = true;
    return kEmpty;
  }
  return r;
}

// a/b + sign * c/d
inline Fraction AddFractions(Fraction x, Fraction y, int sign, bool& overflow) {
  Fraction out{kEmpty, 1};
  __int128 num = static_cast<__int128>(x.num) * y.den + sign * static_cast<__int128>(y.num) * x.den;
  __int128 den = static_cast<__int128>(x.den) * y.den;
  if (!Narrow(num, den, out)) {
    overflow = true;
    return {kEmpty, 1};
  }
  return out;
}

inline Fraction MulFractions(Fraction x, Fraction y, bool& overflow) {
  Fraction out{kEmpty, 1};
  if (!Narrow(static_cast<__int128>(x.num) * y.num, static_cast<__int128>(x.den) * y.den, out)) {
    overflow = true;
    return {kEmpty, 1};
  }
  return out;
}

// x / y; an empty value when y is 0.
inline Fraction DivFractions(Fraction x, Fraction y, bool& overflow) {
  if (y.num == 0) return {kEmpty, 1};
  Fraction out{kEmpty, 1};
  if (!Narrow(static_cast<__int128>(x.num) * y.den, static_cast<__int128>(x.den) * y.num, out)) {
    overflow = true;
    return {kEmpty, 1};
  }
  return out;
}

// -1, 0, 1 as x <, ==, > y.
inline int CompareFractions(Fraction x, Fraction y) {
  __int128 left = static_cast<__int128>(x.num) * y.den;
  __int128 right = static_cast<__int128>(y.num) * x.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

// Round half away from zero to a whole unit.
inline int64_t RoundHalfUp(Fraction x) {
  __int128 magnitude = x.num < 0 ? -static_cast<__int128>(x.num) : x.num;
  __int128 rounded = (2 * magnitude + x.den) / (2 * static_cast<__int128>(x.den));
  return static_cast<int64_t>(x.num < 0 ? -rounded : rounded);
}

// The smallest multiple of `step` that is >= x.
inline int64_t CeilToStep(Fraction x, int64_t step, bool& overflow) {
  __int128 unit = static_cast<__int128>(x.den) * step;
  __int128 q = x.num / unit;
  if (x.num % unit != 0 && x.num > 0) ++q;
  __int128 result = q * step;
  if (result > std::numeric_limits<int64_t>::max() ||
      result <= std::numeric_limits<int64_t>::min()) {
    overflow = true;
    return kEmpty;
  }
  return static_cast<int64_t>(result);
}

}  // namespace safetynet
