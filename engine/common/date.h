// Calendar dates as int32 days since 1970-01-01 (proleptic Gregorian).
//
// kNoDate marks an empty/unknown date. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet {

using Days = int32_t;
inline constexpr Days kNoDate = std::numeric_limits<int32_t>::min();
// The first and the last day a date can be (years 0001-9999, as ParseIsoDate reads them).
inline constexpr Days kFirstDate = -719162;  // 0001-01-01
inline constexpr Days kLastDate = 2932896;   // 9999-12-31

struct CivilDate {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

Days DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(Days days);
bool IsValidCivil(CivilDate date);

// Parses exactly YYYY-MM-DD naming a real calendar day (year 0001-9999).
std::optional<Days> ParseIsoDate(std::string_view text);

// "2025-06-30"; kNoDate formats as "".
std::string FormatIsoDate(Days days);
// The same appended to `out` (no temporary string).
void AppendIsoDate(std::string& out, Days days);

// A moment given in seconds since 1970-01-01 00:00 UTC as
// "2026-12-01 04:47:57 UTC"; one outside the years 0001-9999 as
// "-5 (unix seconds)".
std::string FormatUtcTime(int64_t unix_seconds);

// Whole years from `birth` to `on`. A person born on 29 February turns a year
// older on 1 March in a year that is not a leap year.
int AgeInYears(Days birth, Days on);

}  // namespace safetynet
