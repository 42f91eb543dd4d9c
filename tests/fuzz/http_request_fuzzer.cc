// libFuzzer target: bytes as a client would send them on one kept-alive
// connection, through the server's request path (engine/serve/
// request_admission.h): Beast's parser with the server's limits, the answer
// to a parse error, the conversion to HttpRequest (target and query
// decoding, the bearer token, the method), and the access log's target.
// Any bytes: never a crash; every refusal is one of the documented
// statuses; an admitted request has a path and, unless public, the token;
// the log's target holds no id-shaped digit run and only printable ASCII.
#include <boost/asio/buffer.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "engine/serve/request_admission.h"
#include "engine/serve/request_target.h"

using namespace safetynet::serve;
namespace http = boost::beast::http;

namespace {

constexpr char kToken[] = "fuzz-token-0123456789";

void Check(bool condition) {
  if (!condition) std::abort();
}

// Whether `text` has a run of 15 or more ASCII digits: a resident id, alone
// or glued to other digits, which masking should have hidden.
bool HasIdShapedRun(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
    const size_t run = end - i;
    // An id alone or glued to other digits: any run of 15 or more.
    if (run >= 15) return true;
    i = end;
  }
  return false;
}

void CheckLogTarget(std::string_view target) {
  const std::string logged = TargetForLog(target);
  Check(!HasIdShapedRun(logged));
  for (const char c : logged) Check(c > 0x20 && c < 0x7f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const AccessPolicy policy{kToken, {"/", "/static/*"}};
  static const RequestLimits limits;  // the server's defaults
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (int request_count = 0; request_count < 64 && !input.empty(); ++request_count) {
    RequestParser parser;
    ApplyLimits(limits, parser);
    parser.eager(true);
    boost::beast::error_code error;
    while (!parser.is_done()) {
      const size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), error);
      input.remove_prefix(used);
      if (error && error != http::error::need_more) break;
      error = {};
      if (used == 0) {  // all input given: the client stopped sending
        parser.put_eof(error);
        if (!error && !parser.is_done()) error = http::error::partial_message;
        break;
      }
    }
    // The server closes a connection that ends inside a request, unanswered.
    if (error == http::error::partial_message || error == http::error::end_of_stream) return 0;
    if (error) {
      const HttpResponse answer = ParseErrorAnswer(error, limits);
      Check(answer.status == 400 || answer.status == 413 || answer.status == 431);
      Check(answer.body.find("\"error\":") != std::string::npos);
      return 0;  // the server closes the connection
    }
    BeastRequest& message = parser.get();
    const std::string_view target(message.target().data(), message.target().size());
    CheckLogTarget(target);
    const bool keep_alive = message.keep_alive();
    std::variant<HttpRequest, HttpResponse> admitted = AdmitRequest(message, "127.0.0.1:1", policy);
    if (const HttpResponse* refusal = std::get_if<HttpResponse>(&admitted)) {
      Check(refusal->status == 400 || refusal->status == 401 || refusal->status == 405);
      if (refusal->status == 400) return 0;
    } else {
      const HttpRequest& request = std::get<HttpRequest>(admitted);
      Check(!request.path.empty() && request.path.front() == '/');
      Check(request.method == "GET" || request.method == "POST" || request.method == "HEAD");
      Check(request.body.size() <= limits.max_body_bytes);
    }
    if (!keep_alive) return 0;
  }
  return 0;
}
