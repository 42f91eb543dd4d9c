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

}  // namespace safetynet
