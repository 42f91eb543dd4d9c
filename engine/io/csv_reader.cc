#include "engine/io/csv_reader.h"

#include <cstring>

#include "engine/common/text.h"

namespace safetynet {

CsvReader::CsvReader(std::string_view content, CsvLimits limits)
    : content_(content), limits_(limits) {
  if (content_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

void CsvReader::Keep(CsvRecord& record, std::string_view field) {
  if (!too_large_ && (record.fields.size() == limits_.max_fields ||
                      pos_ - record_start_ > limits_.max_record_bytes)) {
    too_large_ = true;
    record.malformed = true;
    too_large_problem_ =
        record.fields.size() == limits_.max_fields
            ? Cat("the record has more than ", limits_.max_fields, " fields (the limit)")
            : Cat("the record is longer than ", limits_.max_record_bytes, " bytes (the limit)");
    record.fields.clear();
    record.problem = too_large_problem_;
  }
  if (!too_large_) record.fields.push_back(field);
}

void CsvReader::SkipToLineEnd() {
  while (pos_ < content_.size() && content_[pos_] != '\n') ++pos_;
  if (pos_ < content_.size()) {
    ++pos_;
    ++line_;
  }
}

bool CsvReader::ReadQuoted(CsvRecord& record) {
  const size_t line_at_quote = line_;
  ++pos_;  // opening quote
  const size_t start = pos_;
  bool has_doubled = false;
  while (true) {
    const void* found = std::memchr(content_.data() + pos_, '"', content_.size() - pos_);
    // Count the line breaks inside the quoted text as physical lines.
    size_t end = found ? static_cast<const char*>(found) - content_.data() : content_.size();
    for (size_t i = pos_; i < end; ++i) line_ += content_[i] == '\n';
    pos_ = end;
    if (!found) {
      // Report the record and go on at the next physical line, so that one
      // stray quote does not swallow the rest of the file.
      record.malformed = true;
      record.problem = "a quoted field is never closed";
      pos_ = start;
      line_ = line_at_quote;
      SkipToLineEnd();
      return false;
    }
    if (pos_ + 1 < content_.size() && content_[pos_ + 1] == '"') {
      has_doubled = true;
      pos_ += 2;
      continue;
    }
    break;
  }
  std::string_view raw = content_.substr(start, pos_ - start);
  ++pos_;  // closing quote
  if (!has_doubled || too_large_ || pos_ - record_start_ > limits_.max_record_bytes) {
    Keep(record, raw);  // (past the limits, dropped without a copy)
  } else {
    if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
    std::string& text = unescaped_[unescaped_used_++];
    text.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      text.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // skip the second quote of a pair
    }
    Keep(record, text);
  }
  return true;
}

bool CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.malformed = false;
  record.problem = {};
  unescaped_used_ = 0;
  // Skip wholly empty lines.
  while (pos_ < content_.size() && (content_[pos_] == '\n' || content_[pos_] == '\r')) {
    if (content_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= content_.size()) return false;
  record.line = line_;
  record_start_ = pos_;
  too_large_ = false;
  while (true) {
    if (pos_ < content_.size() && content_[pos_] == '"') {
      if (!ReadQuoted(record)) return true;
      if (pos_ < content_.size() && content_[pos_] != ',' && content_[pos_] != '\n' &&
          !(content_[pos_] == '\r' && pos_ + 1 < content_.size() && content_[pos_ + 1] == '\n') &&
          content_[pos_] != '\r') {
        record.malformed = true;
        record.problem = "text follows a closing quote";
        SkipToLineEnd();
        return true;
      }
    } else {
      size_t start = pos_;
      while (pos_ < content_.size()) {
        char c = content_[pos_];
        if (c == ',' || c == '\n') break;
        if (c == '"') {
          record.malformed = true;
          record.problem = "a quote inside an unquoted field";
        }
        ++pos_;
      }
      size_t end = pos_;
      if (end > start && content_[end - 1] == '\r' &&
          (pos_ >= content_.size() || content_[pos_] == '\n')) {
        --end;
      }
      Keep(record, content_.substr(start, end - start));
    }
    if (pos_ >= content_.size()) return true;
    if (content_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (content_[pos_] == '\r') ++pos_;  // CR of a CRLF after a quoted field
    if (pos_ < content_.size() && content_[pos_] == '\n') {
      ++pos_;
      ++line_;
    }
    return true;
  }
}

}  // namespace safetynet
