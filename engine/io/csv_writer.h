// Builds CSV text in memory, quoting fields per RFC 4180 where needed
// (a comma, a quote, CR or LF). One writer per thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace safetynet {

class CsvWriter {
 public:
  // Starts the text with a UTF-8 byte-order mark, so spreadsheet programs
  // read Chinese names correctly.
  void ByteOrderMark() { text_.append("\xEF\xBB\xBF"); }
  void Row(std::initializer_list<std::string_view> fields);
  // Field-by-field form: Field(...) any number of times, then EndRow().
  void Field(std::string_view field);
  void EndRow();

  const std::string& contents() const { return text_; }
  std::string& mutable_contents() { return text_; }

 private:
  std::string text_;
  bool row_started_ = false;
};

}  // namespace safetynet
