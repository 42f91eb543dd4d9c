// Money: exact whole fen (1 yuan = 100 fen) in int64, never floating point.
//
// Parsing follows the exchange format: a number is ^[0-9]+(\.[0-9]{1,2})?$
// exactly (no sign, exponent, separators or blanks). Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet {

using Fen = int64_t;

enum class NumberError {
  kEmpty,      // the field is empty
  kNegative,   // starts with '-': a negative amount
  kMalformed,  // anything but digits with an optional 1-2 decimal fraction
  kOverflow,   // does not fit int64 fen
};

struct ParsedFen {
  std::optional<Fen> fen;
  NumberError error = NumberError::kMalformed;  // meaningful when !fen
};

// "1234.5" -> 123450 fen.
ParsedFen ParseYuan(std::string_view text);

// A whole number ("2"); for counts such as PROPERTY units. Rejects decimals.
ParsedFen ParseWholeNumber(std::string_view text);

// 123450 -> "1234.50"; negative amounts get a leading '-'.
std::string FormatYuan(Fen fen);
// The same appended to `out` (no temporary string).
void AppendYuan(std::string& out, Fen fen);

// A total of money outside the rules (a run's entitlement totals, a
// recalculation's monthly totals and deltas, a sweep's cost), added up in
// 128 bits (no sum of int64 amounts overflows it) and narrowed to fen here:
// OutOfRange naming `what` ("the monthly total of DIBAO") if it does not fit
// int64 fen, never a wrapped number (issue "fail closed": an overflow is an
// error).
absl::StatusOr<Fen> FenTotal(__int128 total, std::string_view what);

// A short human word for an error, for rejects reports.
std::string_view NumberErrorName(NumberError error);

}  // namespace safetynet
