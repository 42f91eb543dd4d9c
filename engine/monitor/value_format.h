// Formats rule values for people: money as yuan with two decimals, exact
// fractions as decimals, dates as YYYY-MM-DD, codes by name, bools as
// true/false, empty values as "". Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "engine/lang/types.h"

namespace safetynet::monitor {

std::string FormatValue(lang::Type type, int64_t num, int64_t den);

// The same, appended to `out` (no temporary string for the common cases).
void AppendValue(std::string& out, lang::Type type, int64_t num, int64_t den);

}  // namespace safetynet::monitor
