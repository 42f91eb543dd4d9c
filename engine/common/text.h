// Small string helpers: Cat() concatenates text and numbers, Join() joins
// with a separator, TrimBlanks() drops the blanks around a text, Article() says "a" or "an",
// ShortestDecimal() writes a double exactly and briefly. (The packaged Abseil's StrCat does not
// take std::string_view.) Pure functions; thread-safe.
#pragma once

#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace safetynet {
namespace text_internal {

inline void Append(std::string& out, std::string_view text) { out.append(text); }
inline void Append(std::string& out, const char* text) { out.append(text); }
template <typename T>
requires std::is_arithmetic_v<T>
void Append(std::string& out, T number) { out.append(std::to_string(number)); }
// Another library's view of text (the packaged Abseil's string_view, as
// Status::message() gives it).
template <typename T>
requires(!std::is_convertible_v<const T&, std::string_view> && !std::is_arithmetic_v<T> &&
         requires(const T& t) {
           { t.data() } -> std::convertible_to<const char*>;
           { t.size() } -> std::convertible_to<size_t>;
         }) void Append(std::string& out, const T& text) {
  out.append(text.data(), text.size());
}

}  // namespace text_internal

// `text` without the `blanks` around it ("" if it is all blanks).
inline std::string_view TrimBlanks(std::string_view text, std::string_view blanks = " \t") {
  const size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (text_internal::Append(out, args), ...);
  return out;
}

// The indefinite article for `word` in generated wording: "an" before a
// vowel letter ("an INCOME signal", "an elderly block"), else "a".
inline std::string_view Article(std::string_view word) {
  if (word.empty()) return "a";
  switch (word.front()) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u':
    case 'A':
    case 'E':
    case 'I':
    case 'O':
    case 'U':
      return "an";
    default:
      return "a";
  }
}

// The shortest decimal ("%g" with the fewest digits; a whole number as an
// integer) that reads back as `value`: "0.25", "1e-09", "100.0001", "100" (never "0.000000" for a
// small value, never a rounded one). For a command line a child reads, or a value quoted back.
inline std::string ShortestDecimal(double value) {
  char buffer[64];
  if (value > -1e15 && value < 1e15 &&
      value == static_cast<double>(static_cast<long long>(value))) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));  // "100"
    return buffer;
  }
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

inline std::string Join(std::span<const std::string_view> parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(separator);
    out.append(parts[i]);
  }
  return out;
}

}  // namespace safetynet
