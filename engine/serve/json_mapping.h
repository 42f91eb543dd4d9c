// The API's messages (proto/safetynet/api.proto) to and from JSON, with
// protobuf's JSON support: field names as the proto writes them, every
// field printed (zeros and empty lists too), unknown fields refused.
// Pure; thread-safe.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "engine/serve/http_message.h"

namespace safetynet::serve {

// Reads `body` into `message`. InvalidArgument, with the parser's words, for
// text that is not JSON, a field the message does not have, or a value of
// the wrong type.
absl::Status ReadJson(std::string_view body, google::protobuf::Message& message);

// `message` as a 200 answer (or `status`), application/json.
HttpResponse JsonAnswer(const google::protobuf::Message& message, int status = 200);

}  // namespace safetynet::serve
