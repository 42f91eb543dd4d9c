#include "engine/lang/source.h"

#include <algorithm>

#include "engine/common/text.h"

namespace safetynet::lang {

std::string Diagnostic::Format() const {
  if (!where.file) return Cat("error: ", message, "\n");
  std::string out =
      Cat(where.file->path, ":", where.line, ":", where.column, ": error: ", message, "\n");
  const std::string& text = where.file->text;
  size_t begin = text.rfind('\n', where.offset == 0 ? 0 : where.offset - 1);
  begin = (begin == std::string::npos || where.offset == 0) ? 0 : begin + 1;
  if (where.offset > 0 && text[where.offset - 1] == '\n') begin = where.offset;
  size_t end = text.find('\n', where.offset);
  if (end == std::string::npos) end = text.size();
  out += Cat("  ", std::string_view(text).substr(begin, end - begin), "\n  ");
  out.append(where.column - 1, ' ');
  out += '^';
  size_t marks = std::min<size_t>(where.length, end - std::min<size_t>(end, where.offset));
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
