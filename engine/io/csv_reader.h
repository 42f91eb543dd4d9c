// An RFC 4180 CSV record reader over a whole file held in memory.
//
// Handles a UTF-8 byte-order mark, quoted fields holding commas, doubled
// quotes and line breaks, and CRLF or LF line ends. Each record knows the
// physical line it starts on (the header is line 1). Wholly empty lines are
// skipped. A record with broken quoting is returned with `malformed` set so
// the caller can reject it; reading goes on at the next line.
//
// A record larger than CsvLimits allows (docs/import.md, "Limits") is
// returned `malformed` too, its fields not kept: the reader reads on to the
// record's end holding at most `max_fields` fields, so that no row, however
// long, costs memory beyond the file's own bytes.
//
// Returned fields view into the input or into the reader's own buffer, and
// stay valid until the next call to Next(). One reader per thread.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet {

// The largest record the reader keeps: its bytes (from its first character
// to the end of its last field, quoted line breaks included) and its fields.
struct CsvLimits {
  size_t max_record_bytes = size_t{1} << 20;  // 1 MiB
  size_t max_fields = 1024;
};

struct CsvRecord {
  std::vector<std::string_view> fields;
  size_t line = 0;         // physical line the record starts on, 1-based
  bool malformed = false;  // bad quoting or too large; `problem` says how
  std::string_view problem;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view content, CsvLimits limits = {});

  // Reads the next record; false at the end of the input.
  bool Next(CsvRecord& record);

  // Bytes consumed so far (for progress reports).
  size_t position() const { return pos_; }
  size_t size() const { return content_.size(); }

 private:
  // Reads one quoted field starting at the opening quote; false if malformed.
  bool ReadQuoted(CsvRecord& record);
  void SkipToLineEnd();
  // Adds a field to the record, unless the record is past the limits (then
  // marks it so, once, and drops its fields).
  void Keep(CsvRecord& record, std::string_view field);

  std::string_view content_;
  CsvLimits limits_;
  size_t record_start_ = 0;  // where the record being read begins
  bool too_large_ = false;   // the record being read is past the limits
  std::string too_large_problem_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::deque<std::string> unescaped_;  // fields that held doubled quotes
  size_t unescaped_used_ = 0;
};

}  // namespace safetynet
