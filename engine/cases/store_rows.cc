#include "engine/cases/store_rows.h"

#include <charconv>

namespace safetynet::cases {

SqlValue Date(Days day) {
  if (day == kNoDate) return std::nullopt;
  return FormatIsoDate(day);
}
SqlValue Text(std::string_view text) {
  if (text.empty()) return std::nullopt;
  return std::string(text);
}
SqlValue Number(int64_t n) { return std::to_string(n); }

Days DateOf(const SqlRow& row, int i) {
  const std::optional<std::string_view> text = row.Get(i);
  if (!text) return kNoDate;
  return ParseIsoDate(*text).value_or(kNoDate);
}
int64_t NumberOf(const SqlRow& row, int i) {
  const std::string_view text = row.Text(i);
  int64_t n = 0;
  std::from_chars(text.data(), text.data() + text.size(), n);
  return n;
}
Severity SeverityOf(const SqlRow& row, int i) {
  return ParseSeverity(row.Text(i)).value_or(Severity::kLow);
}

Case CaseFrom(const SqlRow& row) {
  Case c;
  c.number = NumberOf(row, 0);
  c.case_id = row.Text(1);
  c.rule_id = row.Text(2);
  c.subject_kind = row.Text(3);
  c.subject_id = row.Text(4);
  c.opened = DateOf(row, 5);
  c.opened_night = NumberOf(row, 6);
  c.closed = DateOf(row, 7);
  c.close_reason = ParseCloseReason(row.Text(8)).value_or(CloseReason::kNone);
  c.highest_severity = SeverityOf(row, 9);
  c.last_escalated = DateOf(row, 10);
  c.previous_case = row.Text(11);
  c.household_id = row.Text(12);
  c.district = row.Text(13);
  c.town = row.Text(14);
  c.village = row.Text(15);
  c.severity = c.highest_severity;
  return c;
}

Disposition DispositionFrom(const SqlRow& row, int first) {
  Disposition d;
  d.case_number = NumberOf(row, first);
  d.case_id = row.Text(first + 1);
  d.date = DateOf(row, first + 2);
  d.action = ParseAction(row.Text(first + 3)).value_or(Action::kAcknowledged);
  d.worker = row.Text(first + 4);
  d.night = DateOf(row, first + 5);
  d.line = NumberOf(row, first + 6);
  return d;
}

std::string UtcTime(std::time_t when) {
  char buffer[32];
  std::tm utc;
  gmtime_r(&when, &utc);
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}
std::string Now() { return UtcTime(std::time(nullptr)); }

}  // namespace safetynet::cases
