#include "engine/capacity/projection_text.h"

#include <cmath>
#include <cstdio>

#include "engine/common/text.h"

namespace safetynet::capacity {

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string ProjectedTime(double seconds) {
  if (seconds < 0) return std::string(kNotProjectable);
  return seconds < 120 ? Fixed(seconds, 1) + " s" : Fixed(seconds / 60, 1) + " min";
}

std::string ProjectedMemory(double gib) {
  if (gib < 0) return std::string(kNotProjectable);
  return Fixed(gib, 1) + " GiB";
}

std::string Fits(double value, double limit) {
  if (value < 0) return std::string(kNotProjectable);
  return value <= limit ? "yes" : "no";
}

std::string LineText(double intercept, double per_million, int decimals, std::string_view unit) {
  return Cat(Fixed(intercept, decimals), " ", unit, per_million < 0 ? " - " : " + ",
             Fixed(std::fabs(per_million), decimals), " ", unit, " per million records");
}

}  // namespace safetynet::capacity
