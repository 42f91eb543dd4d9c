#include "engine/serve/json_mapping.h"

#include <google/protobuf/util/json_util.h>

namespace safetynet::serve {

absl::Status ReadJson(std::string_view body, google::protobuf::Message& message) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(body.data(), body.size()), &message, options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        std::string("the body is not a ") + message.GetDescriptor()->name() +
        " in JSON: " + std::string(status.message().data(), status.message().size()));
  }
  return absl::OkStatus();
}

HttpResponse JsonAnswer(const google::protobuf::Message& message, int status) {
  HttpResponse answer;
  answer.status = status;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  if (!google::protobuf::util::MessageToJsonString(message, &answer.body, options).ok()) {
    return ErrorAnswer(500, "INTERNAL", "the answer could not be written as JSON");
  }
  return answer;
}

}  // namespace safetynet::serve
