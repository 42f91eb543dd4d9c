#include "engine/monitor/json_text.h"

#include "engine/io/text_escape.h"

namespace safetynet::monitor {

void AppendJsonString(std::string& out, std::string_view text) {
  const size_t old = out.size();
  out.resize(old + JsonStringBound(text.size()));
  out.resize(static_cast<size_t>(PutJsonString(out.data() + old, text) - out.data()));
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
