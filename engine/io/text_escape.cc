#include "engine/io/text_escape.h"

#include "engine/common/byte_scan.h"

namespace safetynet {

char* PutCsvField(char* out, std::string_view field) {
  const bool quote = AnyWord(field, [](uint64_t word) {
    return HasByte(word, ',') || HasByte(word, '"') || HasByte(word, '\n') || HasByte(word, '\r');
  });
  if (!quote) return PutText(out, field);
  *out++ = '"';
  for (char c : field) {
    if (c == '"') *out++ = '"';
    *out++ = c;
  }
  *out++ = '"';
  return out;
}

char* PutJsonString(char* out, std::string_view text) {
  *out++ = '"';
  const bool plain = !AnyWord(text, [](uint64_t word) {
    return HasByteBelow(word, 0x20) || HasByte(word, '"') || HasByte(word, '\\');
  });
  if (plain) {
    out = PutText(out, text);
    *out++ = '"';
    return out;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out = PutText(out, "\\\"");
        break;
      case '\\':
        out = PutText(out, "\\\\");
        break;
      case '\n':
        out = PutText(out, "\\n");
        break;
      case '\r':
        out = PutText(out, "\\r");
        break;
      case '\t':
        out = PutText(out, "\\t");
        break;
      default:
        if (c < 0x20) {
          out = PutText(out, "\\u00");
          *out++ = kHex[c >> 4];
          *out++ = kHex[c & 15];
        } else {
          *out++ = ch;
        }
    }
  }
  *out++ = '"';
  return out;
}

}  // namespace safetynet
