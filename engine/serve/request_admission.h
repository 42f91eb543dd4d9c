// The path every request takes before a handler sees it, shared by the
// server (engine/serve/http_server.h) and the fuzzer
// (tests/fuzz/http_request_fuzzer.cc): Beast's parser with the server's
// limits, the answer to a parse error, then the parsed message turned into
// an HttpRequest -- or refused (bad target, bearer token, method).
// Pure functions over their arguments; thread-safe.
#pragma once

#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <string>
#include <variant>
#include <vector>

#include "engine/serve/http_message.h"

namespace safetynet::serve {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct RequestLimits {
  size_t max_body_bytes = 4 << 20;     // the body, after any chunked coding
  size_t max_header_bytes = 16 << 10;  // the request line and the header fields
};

// Who may ask: every request needs `Authorization: Bearer TOKEN` except
// those for a public path -- an entry equal to the decoded path, or an
// entry ending in "/*" whose part before the '*' starts the path
// ("/static/*" covers "/static/app.js").
struct AccessPolicy {
  std::string token;  // non-empty
  std::vector<std::string> public_paths;
};

// Sets `parser`'s limits (a fresh parser for each request).
void ApplyLimits(const RequestLimits& limits, RequestParser& parser);

// The answer to a parse error from Beast: header_limit -> 431
// HEADER_TOO_LARGE, body_limit -> 413 TOO_LARGE, anything else -> 400
// BAD_REQUEST. The connection is closed after it.
HttpResponse ParseErrorAnswer(boost::beast::error_code error, const RequestLimits& limits);

// `message` (completely parsed) as a handler's request, or the answer that
// refuses it, in this order: 400 BAD_REQUEST (target not a decodable
// origin-form path), 401 UNAUTHORIZED with WWW-Authenticate: Bearer
// (missing or wrong token on a non-public path), 405 METHOD_NOT_ALLOWED with
// Allow (not GET, POST or HEAD). `remote` is copied into the request.
std::variant<HttpRequest, HttpResponse> AdmitRequest(BeastRequest& message,
                                                     const std::string& remote,
                                                     const AccessPolicy& policy);

}  // namespace safetynet::serve
