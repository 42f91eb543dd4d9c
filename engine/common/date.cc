#include "engine/common/date.h"

#include <cstdio>

namespace safetynet {
namespace {

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
Days DaysFromCivil(CivilDate date) {
  int y = date.year - (date.month <= 2 ? 1 : 0);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(date.month + (date.month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(date.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

CivilDate CivilFromDays(Days days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDate{y + (m <= 2 ? 1 : 0), static_cast<int>(m), static_cast<int>(d)};
}

bool IsValidCivil(CivilDate date) {
  return date.year >= 1 && date.year <= 9999 && date.month >= 1 && date.month <= 12 &&
         date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

std::optional<Days> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t from, size_t count) -> int {
    int value = 0;
    for (size_t i = from; i < from + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  CivilDate date{number(0, 4), number(5, 2), number(8, 2)};
  if (!IsValidCivil(date)) return std::nullopt;
  return DaysFromCivil(date);
}

std::string FormatIsoDate(Days days) {
  std::string out;
  AppendIsoDate(out, days);
  return out;
}

std::string FormatUtcTime(int64_t unix_seconds) {
  constexpr int64_t kDay = 86400;
  const int64_t first = DaysFromCivil({1, 1, 1}), last = DaysFromCivil({9999, 12, 31});
  if (unix_seconds < first * kDay || unix_seconds >= (last + 1) * kDay) {
    return std::to_string(unix_seconds) + " (unix seconds)";
  }
  int64_t days = unix_seconds / kDay, seconds = unix_seconds % kDay;
  if (seconds < 0) {  // before 1970: the day before, counted from its midnight
    --days;
    seconds += kDay;
  }
  char time[24];
  std::snprintf(time, sizeof time, " %02d:%02d:%02d UTC", static_cast<int>(seconds / 3600),
                static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return FormatIsoDate(static_cast<Days>(days)) + time;
}

void AppendIsoDate(std::string& out, Days days) {
  if (days == kNoDate) return;
  const CivilDate date = CivilFromDays(days);
  if (date.year < 0 || date.year > 9999) {  // rare: let printf write the digits and the sign
    char buffer[24];
    out.append(buffer, std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month,
                                     date.day));
    return;
  }
  const char text[10] = {static_cast<char>('0' + date.year / 1000),
                         static_cast<char>('0' + date.year / 100 % 10),
                         static_cast<char>('0' + date.year / 10 % 10),
                         static_cast<char>('0' + date.year % 10),
                         '-',
                         static_cast<char>('0' + date.month / 10),
                         static_cast<char>('0' + date.month % 10),
                         '-',
                         static_cast<char>('0' + date.day / 10),
                         static_cast<char>('0' + date.day % 10)};
  out.append(text, sizeof text);
}

int AgeInYears(Days birth, Days on) {
  CivilDate b = CivilFromDays(birth);
  CivilDate d = CivilFromDays(on);
  int age = d.year - b.year;
  if (d.month < b.month || (d.month == b.month && d.day < b.day)) --age;
  return age;
}

}  // namespace safetynet
