#include "engine/cases/sql_text.h"

#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_'; }

}  // namespace

absl::Status CheckSqlName(std::string_view name) {
  bool ok = !name.empty() && !IsDigit(name[0]);
  for (char c : name) ok = ok && IsNameChar(c);
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(Cat("'", name, "' is not a plain SQL name"));
}

absl::Status CheckSqlNames(std::string_view table, const std::vector<std::string>& columns) {
  if (columns.empty()) return absl::InvalidArgumentError(Cat("no columns to insert into ", table));
  absl::Status status = CheckSqlName(table);
  for (const std::string& column : columns) {
    if (status.ok()) status = CheckSqlName(column);
  }
  return status;
}

std::string StatementStart(std::string_view sql) {
  constexpr size_t kMax = 80;
  std::string start;
  bool space = false;
  for (char c : sql) {
    if (IsSpace(c)) {
      space = !start.empty();
      continue;
    }
    // Cut before a character's first byte, never inside a UTF-8 sequence.
    if (start.size() >= kMax && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      start += "...";
      break;
    }
    if (space) start += ' ';
    space = false;
    start += c;
  }
  return start;
}

}  // namespace safetynet::cases
