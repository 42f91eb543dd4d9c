// Numbers as the pages print them: fixed decimals without any locale, and
// money in 万元 (ten thousand yuan). Same input, same text, on any machine.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "engine/common/money.h"

namespace safetynet::report {

// `value` with exactly `decimals` (0 to 9) digits after the point, rounded
// to nearest, '.' as the point, no grouping: 1234.5 -> "1234.50" for 2.
// Never "-0": a value that rounds to zero is written without a sign. NaN
// and infinities are written "-".
std::string FixedDecimal(double value, int decimals);

// Fen in 万元 (1 万元 = 1,000,000 fen) with 2 decimals, rounded half away
// from zero in exact integer arithmetic: 4999 fen -> "0.00", 5000 ->
// "0.01", 995000 -> "1.00", 123456789 -> "123.46", -5000 -> "-0.01".
std::string FormatWanYuan(Fen fen);

}  // namespace safetynet::report
