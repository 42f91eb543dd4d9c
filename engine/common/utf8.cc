#include "engine/common/utf8.h"

namespace safetynet {

std::optional<char32_t> NextCodePoint(std::string_view text, size_t& at) {
  const unsigned char lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) return text[at++];
  int extra;
  char32_t code;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    code = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (at + extra >= text.size()) return std::nullopt;  // cut short
  for (int k = 1; k <= extra; ++k) {
    const unsigned char next = static_cast<unsigned char>(text[at + k]);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    code = (code << 6) | (next & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[extra] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    return std::nullopt;
  }
  at += extra + 1;
  return code;
}

bool IsCleanUtf8(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x80) {  // ASCII, most bytes of most fields: no call
      if (byte == 0) return false;
      ++at;
      continue;
    }
    const std::optional<char32_t> code = NextCodePoint(text, at);
    if (!code) return false;
  }
  return true;
}

namespace {

// The East Asian wide and full-width blocks (Unicode's EastAsianWidth W and
// F, in ranges), and the common combining and zero-width marks.
bool IsWide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
         (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}
bool IsCombining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
}

}  // namespace

bool IsControlOrInvisible(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x200B && c <= 0x200F) ||
         (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x2069) || c == 0xFEFF;
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t at = 0; at < text.size();) {
    std::optional<char32_t> c = NextCodePoint(text, at);
    if (!c) {
      ++at;
      ++width;
      continue;
    }
    width += IsWide(*c) ? 2 : IsCombining(*c) ? 0 : 1;
  }
  return width;
}

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t begin = at;
    const std::optional<char32_t> c = NextCodePoint(text, at);
    if (!c || *c == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      if (!c) ++at;
      continue;
    }
    out.append(text.substr(begin, at - begin));
  }
  return out;
}

}  // namespace safetynet
