// Pieces of JSON text appended to a string: string literals with their
// escapes, and "key":value members of an object. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safetynet::monitor {

// Appends `text` as a JSON string literal.
void AppendJsonString(std::string& out, std::string_view text);

// Appends ,"key":value -- without the comma for the first member. `json_value` is JSON already.
void AppendJsonMember(std::string& out, std::string_view key, std::string_view json_value,
                      bool first = false);

// Appends ,"key":"text" with `text` escaped -- without the comma for the first member.
void AppendJsonStringMember(std::string& out, std::string_view key, std::string_view text,
                            bool first = false);

}  // namespace safetynet::monitor
