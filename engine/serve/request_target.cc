#include "engine/serve/request_target.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"

namespace safetynet::serve {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `text` percent-decoded, or nothing if an escape is broken or a NUL results.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = HexValue(text[i + 1]);
      const int low = HexValue(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

constexpr size_t kMaxLogTarget = 300;

// `text` with every run of 6 or more digits written `*`: no API path or
// query key holds such a number, and an id glued to other digits (a
// 19-digit run) is not id-shaped for MaskResidentIds.
std::string MaskDigitRuns(std::string_view path) {
  std::string out;
  for (size_t i = 0; i < path.size();) {
    size_t end = i;
    while (end < path.size() && path[end] >= '0' && path[end] <= '9') ++end;
    if (end - i >= 6) {
      out.push_back('*');
      i = end;
    } else if (end > i) {
      out.append(path.substr(i, end - i));
      i = end;
    } else {
      out.push_back(path[i++]);
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<RequestTarget> ParseRequestTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return absl::InvalidArgumentError("the request target must be a path starting with '/'");
  }
  RequestTarget out;
  const size_t question = target.find('?');
  std::optional<std::string> path =
      PercentDecode(target.substr(0, question), /*plus_is_space=*/false);
  if (!path) return absl::InvalidArgumentError("the request path has a broken percent escape");
  out.path = std::move(*path);
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    std::optional<std::string> key = PercentDecode(pair.substr(0, equals), /*plus_is_space=*/true);
    std::optional<std::string> value = equals == std::string_view::npos
                                           ? std::string()
                                           : PercentDecode(pair.substr(equals + 1), true);
    if (!key || !value)
      return absl::InvalidArgumentError("the request query has a broken percent escape");
    out.query.emplace(std::move(*key), std::move(*value));
  }
  return out;
}

std::string TargetForLog(std::string_view target) {
  std::string readable;
  if (absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target); parsed.ok()) {
    // The query's values are never logged (a name or a mistyped id could
    // be any text): only its keys, each value shown as `*`.
    readable = parsed->path;
    char separator = '?';
    for (const auto& [key, value] : parsed->query) {
      readable.push_back(separator);
      separator = '&';
      readable += key;
      if (!value.empty()) readable += "=*";
    }
  } else {
    // Not decodable: its bytes could hide anything (a name, an id after a
    // broken escape). Only the path's leading letters, digits (masked
    // below) and slashes, then how long the rest was.
    const size_t plain = std::min(
        target.size(), target.find_first_not_of(
                           "/-_.0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    readable = Cat(target.substr(0, plain), "<", target.size() - plain, "-bytes-not-decodable>");
  }
  readable = MaskResidentIds(MaskDigitRuns(readable));
  std::string escaped;
  escaped.reserve(readable.size());
  for (const char c : readable) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7f) {
      escaped.push_back(c);
    } else {
      escaped += absl::StrFormat("%%%02X", byte);
    }
  }
  // Escaping can join digits into a new id-shaped run, and the cut can
  // shorten a long run to one: mask once more after both.
  const bool cut = escaped.size() > kMaxLogTarget;
  if (cut) escaped.resize(kMaxLogTarget);
  escaped = MaskResidentIds(escaped);
  if (cut) escaped += "...";
  return escaped;
}

}  // namespace safetynet::serve
