// Writing CSV fields and JSON string literals straight into memory the
// caller has made room for (the most bytes each can take are given), so a
// formatter of millions of lines checks for room once per line instead of
// once per byte. The escaping rules: CSV quotes a field holding a comma, a
// quote, CR or LF and doubles its quotes (RFC 4180); JSON escapes quotes,
// backslashes and control characters. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace safetynet {

// The most bytes a CSV field or a JSON string literal of `n` bytes takes.
constexpr size_t CsvFieldBound(size_t n) { return 2 * n + 2; }
constexpr size_t JsonStringBound(size_t n) { return 6 * n + 2; }

inline char* PutText(char* out, std::string_view text) {
  if (!text.empty())
    std::memcpy(out, text.data(), text.size());  // an empty view may hold no pointer
  return out + text.size();
}

// Writes `field` as one CSV field; returns the end of what was written.
char* PutCsvField(char* out, std::string_view field);

// Writes `text` as a JSON string literal, quotes included; returns the end.
char* PutJsonString(char* out, std::string_view text);

}  // namespace safetynet
