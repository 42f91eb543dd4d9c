// An RFC 4180 CSV record reader over a whole file held in memory.
//
// Handles a UTF-8 byte-order mark, quoted fields holding commas, doubled
// quotes and line breaks. A record ends at LF, CRLF or a lone CR, mixed in
// one file or not; inside a quoted field these are data (exchange-format.md,
// clarification 11). Each record knows the physical line it starts on (the
// header is line 1; each LF, CRLF or lone CR ends one physical line,
// clarification 2). Wholly empty lines are skipped.
//
// A record with broken quoting is returned with `malformed` set so the
// caller can reject it. A malformed record costs only its own physical
// line(s) (the recovery rule, docs/import.md "Line ends and broken
// quoting"): a record that spans more than one physical line (a quoted field
// holds a line break) is taken whole only if its quoting is sound, it is
// within the limits, it has the header's field count (ExpectFields), it
// spans at most `max_record_lines` lines, and its quoted fields hold fewer
// commas than a row has separators (so its lines never hold the commas of
// two rows: a row swallowed by a stray quote). Otherwise it is cut back to its
// first physical line, returned malformed ("a quote opens a field that is
// not closed on its line: a stray quote?"), and reading resumes at the next
// physical line, which is read as a record of its own. A quote never closed
// before the end of the input is the same. So a stray quote in free text
// does not swallow the rows after it (docs/import.md names the one case the
// rule cannot tell from a genuine multi-line field).
//
// A record larger than CsvLimits allows (docs/import.md, "Limits") is
// returned `malformed` too, its fields not kept: a one-line record is read
// to its end holding at most `max_fields` fields, so that no row, however
// long, costs memory beyond the file's own bytes; a longer one is cut back.
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
// to the end of its last field, quoted line breaks included), its fields,
// and the physical lines it spans.
struct CsvLimits {
  size_t max_record_bytes = size_t{1} << 20;  // 1 MiB
  size_t max_fields = 1024;
  size_t max_record_lines = 10;  // a quoted field's line breaks end physical lines
};

struct CsvRecord {
  std::vector<std::string_view> fields;  // empty if malformed
  size_t line = 0;                       // physical line the record starts on, 1-based
  bool malformed = false;                // bad quoting or too large; `problem` says how
  std::string_view problem;
  // A malformed record's first physical line as written, without its line
  // end (LenientFields reads it); empty for a record that is not malformed.
  std::string_view first_line;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view content, CsvLimits limits = {});

  // Tells the reader how many fields a row has (the header's). Until then
  // (for the header itself) a record spanning lines is not checked against
  // a field count or for lines that could be rows of their own.
  void ExpectFields(size_t count) { expected_fields_ = count; }

  // Reads the next record; false at the end of the input.
  bool Next(CsvRecord& record);

  // Bytes consumed so far (for progress reports).
  size_t position() const { return pos_; }
  size_t size() const { return content_.size(); }

 private:
  // Reads the record's fields from pos_ up to its line end (not consumed).
  // False if it must be cut back to its first line (a quoted field not
  // closed, or running past the limits across a line break).
  bool ReadFields(CsvRecord& record);
  // Reads one quoted field starting at the opening quote; false as above.
  bool ReadQuoted(CsvRecord& record);
  // Moves pos_ to the next LF or CR (or the end).
  void SkipToLineEnd();
  // Consumes one line end (LF, CRLF or CR) at pos_, if there is one.
  void ConsumeLineEnd();
  // Makes the record its first physical line only, malformed, and moves to
  // the start of the next physical line.
  void CutBack(CsvRecord& record);
  // Adds a field to the record, unless the record is past the limits (then
  // marks it so, once, and drops its fields).
  void Keep(CsvRecord& record, std::string_view field);

  std::string_view content_;
  CsvLimits limits_;
  size_t expected_fields_ = 0;  // 0: not known
  size_t record_start_ = 0;     // where the record being read begins
  size_t record_breaks_ = 0;    // line breaks in its quoted fields so far
  size_t quoted_commas_ = 0;    // commas inside its quoted fields so far
  bool too_large_ = false;      // the record being read is past the limits
  std::string too_large_problem_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::deque<std::string> unescaped_;  // fields that held doubled quotes
  size_t unescaped_used_ = 0;
};

// The fields of one physical line read leniently, to tell whom a malformed
// record names (docs/import.md, "Rejected rows that name someone"): split at
// every comma, quotes or not; a field's opening quote, and then its closing
// quote, removed. At most `max_fields` fields.
std::vector<std::string_view> LenientFields(std::string_view line, size_t max_fields);

}  // namespace safetynet
