// An HTTP request target ("/path?query") split and percent-decoded. Pure
// functions; thread-safe.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet::serve {

struct RequestTarget {
  std::string path;  // percent-decoded ('+' stays '+'); starts with '/'
  // key -> value, percent-decoded with '+' read as a space; "k" alone is k -> "".
  std::multimap<std::string, std::string> query;
};

// Splits `target` (origin form: it starts with '/'; no fragment) at the
// first '?' and decodes both parts. Errors (InvalidArgument, without
// quoting the target): not in origin form, a '%' not followed by two hex
// digits, a NUL byte after decoding.
absl::StatusOr<RequestTarget> ParseRequestTarget(std::string_view target);

// `target` for the access log: decoded as above, the query's values each
// written `*` (only its keys are logged), every run of 6 or more digits
// written `*` and every resident id masked, bytes outside
// printable ASCII and spaces percent-encoded, cut at 300 bytes ("..."
// appended). A target that does not decode is logged as its path's leading
// letters and slashes and the number of bytes after them.
std::string TargetForLog(std::string_view target);

}  // namespace safetynet::serve
