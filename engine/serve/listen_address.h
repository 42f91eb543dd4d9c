// The address the live service listens on, from text. Pure; thread-safe.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet::serve {

// "HOST:PORT" with HOST an IPv4 address ("127.0.0.1", "0.0.0.0") or an IPv6
// address in brackets ("[::1]"), PORT 0-65535 (0: the system picks a free
// port). Errors (InvalidArgument, quoting `text`): any other shape.
absl::StatusOr<boost::asio::ip::tcp::endpoint> ParseListenAddress(std::string_view text);

// `endpoint` as "1.2.3.4:port" or "[::1]:port".
std::string EndpointText(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace safetynet::serve
