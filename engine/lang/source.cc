#include "engine/lang/source.h"

#include <algorithm>

#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet::lang {

namespace {

// At most this many bytes of the line either side of an error are quoted, so
// that an error in a line of megabytes is quoted in a line of a screen.
constexpr size_t kQuoted = 80;

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string Diagnostic::Format() const {
  if (!where.file) return Cat("error: ", message, "\n");
  std::string out =
      Cat(where.file->path, ":", where.line, ":", where.column, ": error: ", message, "\n");
  const std::string_view text = where.file->text;
  const size_t offset = std::min<size_t>(where.offset, text.size());
  // The error's line, cut (whole characters) to kQuoted bytes either side of it.
  size_t begin = offset - std::min(offset, kQuoted);
  if (size_t newline = text.substr(begin, offset - begin).rfind('\n');
      newline != std::string_view::npos) {
    begin += newline + 1;
  }
  while (begin < offset && IsContinuation(text[begin])) ++begin;
  const size_t limit =
      std::min(text.size(), offset + std::min<size_t>(where.length, kQuoted) + kQuoted);
  size_t end = text.substr(offset, limit - offset).find('\n');
  end = end == std::string_view::npos ? limit : offset + end;
  while (end > offset && end < text.size() && IsContinuation(text[end])) --end;
  const bool cut_before = begin > 0 && text[begin - 1] != '\n';
  const bool cut_after = end < text.size() && text[end] != '\n';
  out += Cat("  ", cut_before ? "..." : "", text.substr(begin, end - begin), cut_after ? "..." : "",
             "\n  ");
  // The caret under the error's first character, in terminal columns (a
  // Chinese character takes two).
  out.append((cut_before ? 3 : 0) + DisplayWidth(text.substr(begin, offset - begin)), ' ');
  out += '^';
  const size_t marks =
      DisplayWidth(text.substr(offset, std::min<size_t>(where.length, end - offset)));
  if (marks > 1) out.append(marks - 1, '~');
  out += '\n';
  return out;
}

void Diagnostics::Error(const Location& where, std::string message) {
  ++count_;
  if (!full()) errors_.push_back({where, std::move(message)});
}

std::string Diagnostics::Format() const {
  std::string out;
  for (const Diagnostic& error : errors_) out += error.Format();
  if (count_ > errors_.size()) out += Cat("... and ", count_ - errors_.size(), " more errors\n");
  return out;
}

namespace {
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// Of `candidates`, the one closest to `name`, if close enough to be a likely typo; "" otherwise.
std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates) {
  std::string_view best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}
}  // namespace

std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view hint = ClosestName(name, candidates);
  return hint.empty() ? std::string() : Cat(" (did you mean '", hint, "'?)");
}

std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string_view>& candidates) {
  return Cat("unknown ", what, " '", name, "'", DidYouMean(name, candidates));
}

}  // namespace safetynet::lang
