#include "engine/lang/rule_errors.h"

#include <charconv>
#include <string_view>

#include "absl/strings/cord.h"
#include "engine/common/text.h"

namespace safetynet::lang {
namespace {

constexpr char kPayload[] = "type.safetynet/rule-errors";

// The payload: each field as LENGTH ":" BYTES, four fields per diagnostic.
void PutField(std::string& out, std::string_view field) { out += Cat(field.size(), ":", field); }

bool TakeField(std::string_view& in, std::string& field) {
  const size_t colon = in.find(':');
  size_t length = 0;
  if (colon == std::string_view::npos ||
      std::from_chars(in.data(), in.data() + colon, length).ptr != in.data() + colon ||
      length > in.size() - colon - 1) {
    return false;
  }
  field = std::string(in.substr(colon + 1, length));
  in.remove_prefix(colon + 1 + length);
  return true;
}

}  // namespace

absl::Status RuleErrorsStatus(const Diagnostics& diagnostics) {
  if (diagnostics.empty()) return absl::OkStatus();
  absl::Status status = absl::InvalidArgumentError(
      Cat(diagnostics.size(), diagnostics.size() == 1 ? " error" : " errors", " in the rules:\n",
          diagnostics.Format()));
  std::string payload;
  for (const Diagnostic& error : diagnostics.errors()) {
    PutField(payload, error.where.file ? error.where.file->path : "");
    PutField(payload, Cat(error.where.line));
    PutField(payload, Cat(error.where.column));
    PutField(payload, error.message);
  }
  status.SetPayload(kPayload, absl::Cord(payload));
  return status;
}

std::vector<RuleError> RuleErrorsOf(const absl::Status& status) {
  std::vector<RuleError> errors;
  const absl::optional<absl::Cord> payload = status.GetPayload(kPayload);
  if (!payload) return errors;
  const std::string text(*payload);
  std::string_view in = text;
  std::string line, column;
  RuleError error;
  while (!in.empty() && TakeField(in, error.file) && TakeField(in, line) && TakeField(in, column) &&
         TakeField(in, error.message)) {
    std::from_chars(line.data(), line.data() + line.size(), error.line);
    std::from_chars(column.data(), column.data() + column.size(), error.column);
    errors.push_back(error);
  }
  return errors;
}

}  // namespace safetynet::lang
