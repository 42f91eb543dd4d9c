#include "engine/io/safe_file_name.h"

#include <algorithm>
#include <numeric>
#include <optional>
#include <tuple>

#include "absl/container/flat_hash_set.h"
#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet {
namespace {

constexpr size_t kSmallestBound = 16;

// The printable characters Windows refuses in a name.
constexpr std::string_view kRefused = "/\\:*?\"<>|";

// True for the code points that become `_`.
bool IsUnsafe(char32_t c) {
  return (c < 0x80 && kRefused.find(static_cast<char>(c)) != std::string_view::npos) || c < 0x20 ||
         (c >= 0x7F && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x2028 && c <= 0x202E) ||
         (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF;
}

// What is removed from the ends of a name: blanks (space, U+00A0, U+3000) and dots.
constexpr std::string_view kTrimmed[] = {" ", ".", "\xC2\xA0", "\xE3\x80\x80"};

enum class End { kFront, kBack };

// `name` without blanks or dots at that end.
std::string_view Trim(std::string_view name, End end) {
  for (bool again = true; again;) {
    again = false;
    for (std::string_view blank : kTrimmed) {
      if (end == End::kFront && name.starts_with(blank)) {
        name.remove_prefix(blank.size());
        again = true;
      } else if (end == End::kBack && name.ends_with(blank)) {
        name.remove_suffix(blank.size());
        again = true;
      }
    }
  }
  return name;
}

// `name` (well-formed UTF-8) cut to at most `max_bytes` before a character,
// without blanks or dots at its end.
std::string_view Cut(std::string_view name, size_t max_bytes) {
  if (name.size() > max_bytes) {
    size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
    name = name.substr(0, end);
  }
  return Trim(name, End::kBack);
}

// True if `base` (a name up to its first dot) is a Windows device name.
bool IsDeviceName(std::string_view base) {
  std::string upper(base);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  while (!upper.empty() && upper.back() == ' ') upper.pop_back();  // "CON .txt" is CON too
  for (std::string_view device : {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}) {
    if (upper == device) return true;
  }
  if (!upper.starts_with("COM") && !upper.starts_with("LPT")) return false;
  const std::string_view number = std::string_view(upper).substr(3);
  return (number.size() == 1 && number[0] >= '0' && number[0] <= '9') || number == "\xC2\xB9" ||
         number == "\xC2\xB2" || number == "\xC2\xB3";  // ¹ ² ³
}

// The upper case of `c` as Windows compares names, for the scripts listed in
// the header; `c` itself otherwise.
char32_t UpperCase(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;  // Latin-1: à-þ
  if (c == 0xFF) return 0x178;                               // ÿ
  if (c == 0x3C2) return 0x3A3;                              // final sigma
  if (c >= 0x3B1 && c <= 0x3C9) return c - 0x20;             // Greek α-ω
  if (c >= 0x430 && c <= 0x44F) return c - 0x20;             // Cyrillic а-я
  if (c >= 0x450 && c <= 0x45F) return c - 0x50;             // Cyrillic ѐ-џ
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0x20;           // full-width ａ-ｚ
  return c;
}

// `name` as Windows compares it: each character in upper case.
std::u32string ComparedName(std::string_view name) {
  std::u32string key;
  for (size_t at = 0; at < name.size();) {
    const std::optional<char32_t> c = NextCodePoint(name, at);
    key.push_back(c ? UpperCase(*c) : char32_t{static_cast<unsigned char>(name[at++])});
  }
  return key;
}

}  // namespace

std::string SafeFileName(std::string_view text, size_t max_bytes) {
  max_bytes = std::max(max_bytes, kSmallestBound);
  std::string replaced;
  replaced.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t start = at;
    const std::optional<char32_t> c = NextCodePoint(text, at);
    if (!c) {
      replaced.push_back('_');  // one for each byte that is not well-formed UTF-8
      ++at;
    } else if (IsUnsafe(*c)) {
      replaced.push_back('_');
    } else {
      replaced.append(text.substr(start, at - start));
    }
  }
  std::string name(Cut(Trim(replaced, End::kFront), max_bytes));
  if (name.empty()) name = "_";
  const size_t dot = std::min(name.find('.'), name.size());
  if (IsDeviceName(std::string_view(name).substr(0, dot))) {
    name.insert(dot, "_");
    name = std::string(Cut(name, max_bytes));  // cuts the end, never the device name
  }
  return name;
}

std::vector<std::string> SafeFileNames(std::span<const std::string> texts,
                                       std::string_view extension,
                                       std::span<const std::string> taken) {
  const size_t stem_bound = kMaxFileNameBytes - extension.size();
  std::vector<std::string> stems;
  stems.reserve(texts.size());
  for (const std::string& text : texts) stems.push_back(SafeFileName(text, stem_bound));

  // The order names are given in: texts the scheme left as they are first,
  // then the others, each in byte order.
  std::vector<size_t> order(texts.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto rank = [&](size_t i) {
    return std::tuple(stems[i] != texts[i], std::string_view(texts[i]));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return rank(a) < rank(b); });

  absl::flat_hash_set<std::u32string> used;
  for (const std::string& name : taken) used.insert(ComparedName(name));
  std::vector<std::string> names(texts.size());
  std::vector<size_t> clashing;  // in order
  for (size_t i : order) {
    std::string name = Cat(stems[i], extension);
    if (used.insert(ComparedName(name)).second) {
      names[i] = std::move(name);
    } else {
      clashing.push_back(i);
    }
  }
  for (size_t i : clashing) {
    for (size_t n = 2; names[i].empty(); ++n) {
      const std::string suffix = Cat("~", n);
      std::string name = Cat(Cut(stems[i], stem_bound - suffix.size()), suffix, extension);
      if (used.insert(ComparedName(name)).second) names[i] = std::move(name);
    }
  }
  return names;
}

}  // namespace safetynet
