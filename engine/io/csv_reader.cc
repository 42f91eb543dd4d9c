#include "engine/io/csv_reader.h"

#include "engine/common/text.h"

namespace safetynet {
namespace {

constexpr std::string_view kNotClosedOnItsLine =
    "a quote opens a field that is not closed on its line: a stray quote?";

bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

}  // namespace

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
  while (pos_ < content_.size() && !IsLineEnd(content_[pos_])) ++pos_;
}

void CsvReader::ConsumeLineEnd() {
  if (pos_ >= content_.size() || !IsLineEnd(content_[pos_])) return;
  if (content_[pos_] == '\r' && pos_ + 1 < content_.size() && content_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

void CsvReader::CutBack(CsvRecord& record) {
  pos_ = record_start_;
  line_ = record.line;
  SkipToLineEnd();
  record.first_line = content_.substr(record_start_, pos_ - record_start_);
  ConsumeLineEnd();
  record.fields.clear();
  record.malformed = true;
  record.problem = kNotClosedOnItsLine;
  unescaped_used_ = 0;
}

bool CsvReader::ReadQuoted(CsvRecord& record) {
  ++pos_;  // opening quote
  const size_t start = pos_;
  bool has_doubled = false;
  while (true) {
    if (pos_ >= content_.size()) return false;  // never closed
    const char c = content_[pos_];
    if (c == '"') {
      if (pos_ + 1 < content_.size() && content_[pos_ + 1] == '"') {
        has_doubled = true;
        pos_ += 2;
        continue;
      }
      break;
    }
    if (c == ',') {
      ++quoted_commas_;
    } else if (c == '\r' || (c == '\n' && content_[pos_ - 1] != '\r')) {
      // One physical line ends (a CRLF's LF was counted at its CR).
      ++record_breaks_;
      ++line_;
      // Past a limit across a line break: the record is cut back anyway.
      if (record_breaks_ + 1 > limits_.max_record_lines ||
          pos_ - record_start_ > limits_.max_record_bytes) {
        return false;
      }
    }
    ++pos_;
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

bool CsvReader::ReadFields(CsvRecord& record) {
  while (true) {
    if (pos_ < content_.size() && content_[pos_] == '"') {
      if (!ReadQuoted(record)) return false;
      if (pos_ < content_.size() && content_[pos_] != ',' && !IsLineEnd(content_[pos_])) {
        record.malformed = true;
        record.problem = "text follows a closing quote";
        SkipToLineEnd();
        return true;
      }
    } else {
      const size_t start = pos_;
      while (pos_ < content_.size()) {
        const char c = content_[pos_];
        if (c == ',' || IsLineEnd(c)) break;
        if (c == '"') {
          record.malformed = true;
          record.problem = "a quote inside an unquoted field";
        }
        ++pos_;
      }
      Keep(record, content_.substr(start, pos_ - start));
    }
    if (pos_ >= content_.size() || IsLineEnd(content_[pos_])) return true;
    ++pos_;  // the comma
  }
}

bool CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.malformed = false;
  record.problem = {};
  record.first_line = {};
  unescaped_used_ = 0;
  // Skip wholly empty lines.
  while (pos_ < content_.size() && IsLineEnd(content_[pos_])) ConsumeLineEnd();
  if (pos_ >= content_.size()) return false;
  record.line = line_;
  record_start_ = pos_;
  record_breaks_ = 0;
  quoted_commas_ = 0;
  too_large_ = false;
  bool whole = ReadFields(record);
  if (whole && record_breaks_ > 0) {
    // The recovery rule (csv_reader.h): a record spanning lines is taken
    // whole only if nothing suggests a stray quote.
    // Its lines must not hold the commas of two rows: with the header's
    // field count, its separators are a row's, so its quoted text must hold
    // fewer commas than a row has separators.
    whole = !record.malformed &&
            (expected_fields_ == 0 ||
             (record.fields.size() == expected_fields_ && quoted_commas_ + 1 < expected_fields_));
  }
  if (!whole) {
    CutBack(record);
    return true;
  }
  if (record.malformed) record.first_line = content_.substr(record_start_, pos_ - record_start_);
  ConsumeLineEnd();
  return true;
}

std::vector<std::string_view> LenientFields(std::string_view line, size_t max_fields) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (fields.size() < max_fields) {
    const size_t comma = line.find(',', start);
    std::string_view field =
        line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    if (!field.empty() && field.front() == '"') {
      field.remove_prefix(1);
      if (!field.empty() && field.back() == '"') field.remove_suffix(1);
    }
    fields.push_back(field);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

}  // namespace safetynet
