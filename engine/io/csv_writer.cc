#include "engine/io/csv_writer.h"

#include "engine/common/byte_scan.h"

namespace safetynet {
namespace {

// Does the field need quotes (a comma, a quote, CR or LF)?
bool NeedsQuotes(std::string_view field) {
  return AnyWord(field, [](uint64_t word) {
    return HasByte(word, ',') || HasByte(word, '"') || HasByte(word, '\n') || HasByte(word, '\r');
  });
}

}  // namespace

void CsvWriter::Field(std::string_view field) {
  if (row_started_) text_.push_back(',');
  row_started_ = true;
  if (!NeedsQuotes(field)) {
    text_.append(field);
    return;
  }
  text_.push_back('"');
  for (char c : field) {
    if (c == '"') text_.push_back('"');
    text_.push_back(c);
  }
  text_.push_back('"');
}

void CsvWriter::EndRow() {
  text_.push_back('\n');
  row_started_ = false;
}

void CsvWriter::Row(std::initializer_list<std::string_view> fields) {
  for (std::string_view field : fields) Field(field);
  EndRow();
}

}  // namespace safetynet
