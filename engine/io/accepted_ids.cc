#include "engine/io/accepted_ids.h"

#include <utility>

#include "engine/common/describe_value.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"

namespace safetynet {
namespace {

constexpr std::string_view kHeader = "person_id";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Why `entry` is not an id of the list, or "" if it is one.
std::string EntryProblem(std::string_view entry) {
  ParsedId id = ParseResidentId(entry);
  if (id.ok() || id.error == IdError::kChecksum) {
    if (BirthDateOfId(id.packed) != kNoDate) return "";
    return "digits 7-14 are not a real birth date: an id on the list must be a real id whose "
           "check character alone is irregular";
  }
  if (ConvertOldResidentId(entry).ok()) {
    return "an old 15-digit id; such ids need no entry (import converts them), list the "
           "18-character ids whose check character is irregular";
  }
  return Cat("not 17 digits and a check character 0-9 or X (the line: ", DescribeValue(entry), ")");
}

}  // namespace

absl::StatusOr<AcceptedIdList> ParseAcceptedIds(std::string_view name, std::string_view content) {
  if (content.starts_with(kByteOrderMark)) content.remove_prefix(kByteOrderMark.size());
  AcceptedIdList list;
  size_t line = 0;
  bool first_entry = true;
  while (!content.empty()) {
    ++line;
    const size_t end = content.find_first_of("\r\n");
    std::string_view text = content.substr(0, end);
    size_t next = end == std::string_view::npos ? content.size() : end + 1;
    if (end != std::string_view::npos && content[end] == '\r' && next < content.size() &&
        content[next] == '\n') {
      ++next;
    }
    content.remove_prefix(next);
    const std::string_view entry = TrimBlanks(text.substr(0, text.find('#')));
    if (entry.empty()) continue;
    if (std::exchange(first_entry, false) && entry == kHeader) continue;
    if (std::string problem = EntryProblem(entry); !problem.empty()) {
      return absl::InvalidArgumentError(
          Cat(name, " line ", line, ": ", problem,
              "; the list holds one resident id per line (blank lines and # comments ignored)"));
    }
    ParsedId id = ParseResidentId(entry);
    if (id.ok()) {
      list.warnings.push_back(Cat(name, " line ", line,
                                  ": this id's check character is the MOD 11-2 one: it needs no "
                                  "entry (it is imported anyway)"));
    }
    list.ids.insert(id.packed);
  }
  if (list.ids.empty()) list.warnings.push_back(Cat(name, ": the list holds no ids"));
  return list;
}

absl::StatusOr<AcceptedIdList> ReadAcceptedIds(const std::string& path) {
  std::string content;
  SAFETYNET_RETURN_IF_ERROR(ReadWholeFile(path, content));
  return ParseAcceptedIds(path, content);
}

ExchangeId ReadExchangeId(std::string_view text, const AcceptedIds& accepted) {
  ExchangeId id{ParseAnyResidentId(text)};
  id.accepted = id.parsed.error == IdError::kChecksum && accepted.contains(id.parsed.packed);
  return id;
}

}  // namespace safetynet
