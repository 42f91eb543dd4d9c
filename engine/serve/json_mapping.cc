#include "engine/serve/json_mapping.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <nlohmann/json.hpp>

#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::serve {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Where protobuf's parser is lenient about shapes -- a list element that is
// null or a list (skipped, or flattened into the list), a single object
// where a list is meant -- the places in the answer would no longer be the
// places in the request. So the shapes are checked first: a list field
// holds a list, whose elements are objects for messages and plain values
// otherwise; a message field holds an object. `where` names the place
// ("signals[2]"). Unknown keys are left to protobuf's parser.
absl::Status CheckShape(const nlohmann::json& value, const Descriptor& type,
                        const std::string& where) {
  if (!value.is_object()) {
    return absl::InvalidArgumentError(
        Cat(where.empty() ? std::string("the body") : where, " is not an object"));
  }
  for (const auto& [key, item] : value.items()) {
    const FieldDescriptor* field = type.FindFieldByName(key);
    for (int f = 0; field == nullptr && f < type.field_count(); ++f) {
      if (type.field(f)->json_name() == key)
        field = type.field(f);  // camelCase, as protobuf takes it
    }
    if (field == nullptr || item.is_null()) continue;
    const std::string place = where.empty() ? key : Cat(where, ".", key);
    const bool message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (field->is_map()) {
      if (!item.is_object()) return absl::InvalidArgumentError(Cat(place, " is not an object"));
    } else if (field->is_repeated()) {
      if (!item.is_array()) return absl::InvalidArgumentError(Cat(place, " is not a list"));
      for (size_t i = 0; i < item.size(); ++i) {
        const std::string at = Cat(place, "[", i, "]");
        if (message) {
          SAFETYNET_RETURN_IF_ERROR(CheckShape(item[i], *field->message_type(), at));
        } else if (item[i].is_structured() || item[i].is_null()) {
          return absl::InvalidArgumentError(Cat(at, " is not a plain value"));
        }
      }
    } else if (message) {
      SAFETYNET_RETURN_IF_ERROR(CheckShape(item, *field->message_type(), place));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReadJson(std::string_view body, google::protobuf::Message& message) {
  // Text that is not JSON at all is left to protobuf's parser, for its words.
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) {
    if (absl::Status shape = CheckShape(parsed, *message.GetDescriptor(), ""); !shape.ok()) {
      return absl::InvalidArgumentError(Cat("the body is not a ", message.GetDescriptor()->name(),
                                            " in JSON: ", shape.message()));
    }
  }
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
