#include "engine/report/number_text.h"

#include <charconv>
#include <cmath>

#include "engine/common/text.h"

namespace safetynet::report {

std::string FixedDecimal(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char buffer[400];
  auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (error != std::errc()) return "-";
  std::string text(buffer, end);
  if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string::npos) {
    text.erase(0, 1);  // "-0.00" -> "0.00"
  }
  return text;
}

std::string FormatWanYuan(Fen fen) {
  const bool negative = fen < 0;
  // In unsigned arithmetic: the magnitude of INT64_MIN does not fit int64.
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  const uint64_t hundredths = magnitude / 10000 + (magnitude % 10000 >= 5000 ? 1 : 0);
  const uint64_t cents = hundredths % 100;
  return Cat(negative && hundredths > 0 ? "-" : "", hundredths / 100, cents < 10 ? ".0" : ".",
             cents);
}

}  // namespace safetynet::report
