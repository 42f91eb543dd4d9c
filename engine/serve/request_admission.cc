#include "engine/serve/request_admission.h"

#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "engine/serve/request_target.h"
#include "engine/serve/token_file.h"

namespace safetynet::serve {
namespace http = boost::beast::http;
namespace {

bool IsPublic(std::string_view path, const AccessPolicy& policy) {
  for (const std::string& entry : policy.public_paths) {
    if (absl::EndsWith(entry, "/*")) {
      if (path.substr(0, entry.size() - 1) == std::string_view(entry).substr(0, entry.size() - 1))
        return true;
    } else if (path == entry) {
      return true;
    }
  }
  return false;
}

bool HasToken(const BeastRequest& message, const AccessPolicy& policy) {
  const auto field = message.find(http::field::authorization);
  if (field == message.end()) return false;
  const std::string_view value(field->value().data(), field->value().size());
  constexpr std::string_view kScheme = "Bearer ";
  if (value.size() < kScheme.size() ||
      !absl::EqualsIgnoreCase(absl::string_view(value.data(), kScheme.size()), "Bearer ")) {
    return false;
  }
  return TokenMatches(value.substr(kScheme.size()), policy.token);
}

}  // namespace

void ApplyLimits(const RequestLimits& limits, RequestParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  parser.body_limit(limits.max_body_bytes);
}

HttpResponse ParseErrorAnswer(boost::beast::error_code error, const RequestLimits& limits) {
  if (error == http::error::header_limit) {
    return ErrorAnswer(
        431, "HEADER_TOO_LARGE",
        absl::StrCat("the request line and headers exceed ", limits.max_header_bytes, " bytes"));
  }
  if (error == http::error::body_limit) {
    return ErrorAnswer(413, "TOO_LARGE",
                       absl::StrCat("the request body exceeds ", limits.max_body_bytes, " bytes"));
  }
  return ErrorAnswer(400, "BAD_REQUEST", absl::StrCat("malformed HTTP request: ", error.message()));
}

std::variant<HttpRequest, HttpResponse> AdmitRequest(BeastRequest& message,
                                                     const std::string& remote,
                                                     const AccessPolicy& policy) {
  const std::string_view raw_target(message.target().data(), message.target().size());
  absl::StatusOr<RequestTarget> target = ParseRequestTarget(raw_target);
  if (!target.ok()) return ErrorAnswer(400, "BAD_REQUEST", std::string(target.status().message()));
  if (!IsPublic(target->path, policy) && !HasToken(message, policy)) {
    HttpResponse answer = ErrorAnswer(401, "UNAUTHORIZED",
                                      "this request needs the header Authorization: Bearer TOKEN");
    answer.headers.emplace_back("WWW-Authenticate", "Bearer");
    return answer;
  }
  const http::verb method = message.method();
  if (method != http::verb::get && method != http::verb::post && method != http::verb::head) {
    HttpResponse answer =
        ErrorAnswer(405, "METHOD_NOT_ALLOWED", "the service answers GET, POST and HEAD only");
    answer.headers.emplace_back("Allow", "GET, POST, HEAD");
    return answer;
  }
  HttpRequest request;
  request.method = std::string(http::to_string(method));
  request.path = std::move(target->path);
  request.query = std::move(target->query);
  if (const auto type = message.find(http::field::content_type); type != message.end()) {
    request.content_type = std::string(type->value());
  }
  request.body = std::move(message.body());
  request.remote = remote;
  return request;
}

}  // namespace safetynet::serve
