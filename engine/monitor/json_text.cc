#include "engine/monitor/json_text.h"

#include <cstdio>

#include "engine/common/byte_scan.h"

namespace safetynet::monitor {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  const bool plain = !AnyWord(text, [](uint64_t word) {
    return HasByteBelow(word, 0x20) || HasByte(word, '"') || HasByte(word, '\\');
  });
  if (plain) {
    out.append(text);
    out += '"';
    return;
  }
  size_t run = 0;  // start of the run of characters that need no escape
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

void AppendJsonMember(std::string& out, std::string_view key, std::string_view json_value,
                      bool first) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
  out += json_value;
}

void AppendJsonStringMember(std::string& out, std::string_view key, std::string_view text,
                            bool first) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
  AppendJsonString(out, text);
}

}  // namespace safetynet::monitor
