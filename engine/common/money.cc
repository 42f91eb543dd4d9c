#include "engine/common/money.h"

#include <charconv>
#include <limits>

#include "engine/common/text.h"

namespace safetynet {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

ParsedFen Fail(NumberError error) { return ParsedFen{std::nullopt, error}; }

// Parses ^[0-9]+(\.[0-9]{1,max_decimals})?$ as a value scaled by 10^scale_digits.
ParsedFen ParseScaled(std::string_view text, int max_decimals, int scale_digits) {
  if (text.empty()) return Fail(NumberError::kEmpty);
  if (text.front() == '-') {
    // "-5" is a negative amount; "--5" or "-x" is no number at all.
    bool number = ParseScaled(text.substr(1), max_decimals, scale_digits).fen.has_value();
    return Fail(number ? NumberError::kNegative : NumberError::kMalformed);
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i) {
    int digit = text[i] - '0';
    if (value > (kMax - digit) / 10) return Fail(NumberError::kOverflow);
    value = value * 10 + digit;
  }
  if (i == 0) return Fail(NumberError::kMalformed);
  int decimals = 0;
  if (i < text.size()) {
    if (text[i] != '.' || max_decimals == 0) return Fail(NumberError::kMalformed);
    ++i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      if (++decimals > max_decimals) return Fail(NumberError::kMalformed);
      int digit = text[i] - '0';
      if (value > (kMax - digit) / 10) return Fail(NumberError::kOverflow);
      value = value * 10 + digit;
    }
    if (decimals == 0 || i != text.size()) return Fail(NumberError::kMalformed);
  }
  for (int d = decimals; d < scale_digits; ++d) {
    if (value > kMax / 10) return Fail(NumberError::kOverflow);
    value *= 10;
  }
  return ParsedFen{value, NumberError::kMalformed};
}

}  // namespace

ParsedFen ParseYuan(std::string_view text) { return ParseScaled(text, 2, 2); }

ParsedFen ParseWholeNumber(std::string_view text) { return ParseScaled(text, 0, 0); }

std::string FormatYuan(Fen fen) {
  std::string out;
  AppendYuan(out, fen);
  return out;
}

void AppendYuan(std::string& out, Fen fen) {
  // Work in unsigned so that INT64_MIN does not overflow on negation.
  uint64_t magnitude = fen < 0 ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  char whole[24];
  char* end = std::to_chars(whole, whole + sizeof whole, magnitude / 100).ptr;
  unsigned cents = static_cast<unsigned>(magnitude % 100);
  if (fen < 0) out.push_back('-');
  out.append(whole, static_cast<size_t>(end - whole));
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
}

std::string_view NumberErrorName(NumberError error) {
  switch (error) {
    case NumberError::kEmpty:
      return "empty";
    case NumberError::kNegative:
      return "negative amount";
    case NumberError::kMalformed:
      return "not a number of the form 1234 or 1234.56";
    case NumberError::kOverflow:
      return "number too large";
  }
  return "bad number";
}

}  // namespace safetynet

namespace safetynet {

absl::StatusOr<Fen> FenTotal(__int128 total, std::string_view what) {
  if (total > std::numeric_limits<Fen>::max() || total < std::numeric_limits<Fen>::min() + 1) {
    return absl::OutOfRangeError(Cat(
        what, " does not fit 64-bit fen (more than ", FormatYuan(std::numeric_limits<Fen>::max()),
        " yuan either way): an amount or a standard is out of range; nothing was written"));
  }
  return static_cast<Fen>(total);
}

}  // namespace safetynet
