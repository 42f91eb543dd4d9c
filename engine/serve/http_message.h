// The request and the answer as the live service's handlers see them
// (engine/serve/http_server.h), and the one shape of every error answer.
// Plain values: no sharing, no locking; a Responder may be called from any
// thread (see Handler).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace safetynet::serve {

// A request that passed the server's checks (size limits, a well-formed
// target, the bearer token, a supported method).
struct HttpRequest {
  std::string method;  // "GET", "POST" or "HEAD"
  std::string path;    // percent-decoded, without the query; starts with '/'
  // The query's key=value pairs, percent-decoded, '+' read as a space; a key
  // without '=' has the value "". Repeated keys are all kept, in order.
  std::multimap<std::string, std::string> query;
  std::string content_type;  // the Content-Type header as sent, or ""
  std::string body;          // at most HttpServerOptions::max_body_bytes
  std::string remote;        // the client's address, "1.2.3.4:port" or "[::1]:port"

  // The one value of query key `key`, or "" (also for a key given twice);
  // `count` gets how many times it was given, for the caller to say which
  // one is missing or repeated.
  std::string QueryValue(std::string_view key, int* count) const;
};

// An answer. `headers` are extra header fields (name, value); a field whose
// name or value holds a CR, LF or NUL byte is left out. Cache-Control
// defaults to no-store unless a handler sets it.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Answers a request. Call exactly once, from any thread, now or later (a
// second call is ignored; a Responder destroyed uncalled answers 500
// INTERNAL). Safe after the client has gone or the server has stopped (the
// answer is then dropped).
using Responder = std::function<void(HttpResponse)>;

// Handles one request; runs on one of the server's io threads, so it must not
// block for long: long work goes elsewhere and calls `respond` when done.
using Handler = std::function<void(HttpRequest request, Responder respond)>;

// An error answer with the JSON body of api.proto's ErrorResponse,
// {"error":CODE,"message":MESSAGE}. Every resident id in `message` is masked
// (MaskResidentIdsInText) in case a caller quotes input.
HttpResponse ErrorAnswer(int status, std::string_view code, std::string_view message);

}  // namespace safetynet::serve
