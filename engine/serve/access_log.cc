#include "engine/serve/access_log.h"

#include "absl/strings/str_cat.h"

namespace safetynet::serve {
namespace {

std::string TimeText(absl::Time when) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", when, absl::UTCTimeZone());
}

}  // namespace

std::string AccessLogLine(absl::Time when, std::string_view remote, std::string_view method,
                          std::string_view log_target, int status, size_t body_bytes,
                          int64_t milliseconds) {
  std::string line = TimeText(when);
  for (const std::string_view field :
       {remote, method.empty() ? "-" : method, log_target.empty() ? "-" : log_target}) {
    line.push_back(' ');
    line.append(field);
  }
  absl::StrAppend(&line, " ", status, " ", body_bytes, "B ", milliseconds, "ms");
  return line;
}

std::string RefusedLogLine(absl::Time when, uint64_t refused_in_all, int max_connections) {
  return absl::StrCat(TimeText(when), " refused ", refused_in_all, " connection",
                      refused_in_all == 1 ? "" : "s", " in all: ", max_connections,
                      " open, the most allowed");
}

}  // namespace safetynet::serve
