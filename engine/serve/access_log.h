// The lines of the live service's access log: one per answered request, and
// a counted line for connections refused over the limit. Formatting only;
// the server serializes calls to its sink. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace safetynet::serve {

// "2026-12-02T10:42:12.123Z 127.0.0.1:40112 GET /v1/cases?subject=110101********4514 200 87B 3ms"
// UTC time (milliseconds), the client's address, the method ("-" if it was
// not parsed), the target through TargetForLog (resident ids masked; "-" if
// not parsed), the status, the answer's body bytes, the milliseconds from
// the request read to the answer written. Never a body or a header.
std::string AccessLogLine(absl::Time when, std::string_view remote, std::string_view method,
                          std::string_view log_target, int status, size_t body_bytes,
                          int64_t milliseconds);

// "2026-12-02T10:42:12.123Z refused 101 connections in all: 512 open, the most allowed"
std::string RefusedLogLine(absl::Time when, uint64_t refused_in_all, int max_connections);

}  // namespace safetynet::serve
