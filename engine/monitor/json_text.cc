#include "engine/monitor/json_text.h"

#include "engine/io/text_escape.h"

namespace safetynet::monitor {

void AppendJsonString(std::string& out, std::string_view text) {
  const size_t old = out.size();
  out.resize(old + JsonStringBound(text.size()));
  out.resize(static_cast<size_t>(PutJsonString(out.data() + old, text) - out.data()));
}

namespace {

// "key": -- after a comma unless it is the first member.
void AppendKey(std::string& out, std::string_view key, bool first) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
}

}  // namespace

void AppendJsonMember(std::string& out, std::string_view key, std::string_view json_value,
                      bool first) {
  AppendKey(out, key, first);
  out += json_value;
}

void AppendJsonStringMember(std::string& out, std::string_view key, std::string_view text,
                            bool first) {
  AppendKey(out, key, first);
  AppendJsonString(out, text);
}

}  // namespace safetynet::monitor
