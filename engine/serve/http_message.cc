#include "engine/serve/http_message.h"

#include <google/protobuf/util/json_util.h>

#include "engine/common/resident_id.h"
#include "engine/common/utf8.h"
#include "safetynet/api.pb.h"

namespace safetynet::serve {

std::string HttpRequest::QueryValue(std::string_view key, int* count) const {
  auto [begin, end] = query.equal_range(std::string(key));
  *count = static_cast<int>(std::distance(begin, end));
  return *count == 1 ? begin->second : std::string();
}

HttpResponse ErrorAnswer(int status, std::string_view code, std::string_view message) {
  api::ErrorResponse error;
  error.set_error(std::string(code));
  error.set_message(ValidUtf8(MaskResidentIds(message)));
  HttpResponse answer;
  answer.status = status;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  // Printing a message of two strings cannot fail (invalid UTF-8 is the
  // printer's only refusal; then the fixed body below stands in).
  if (!google::protobuf::util::MessageToJsonString(error, &answer.body, options).ok()) {
    answer.body = R"({"error":"INTERNAL","message":"the error could not be printed"})";
  }
  return answer;
}

}  // namespace safetynet::serve
