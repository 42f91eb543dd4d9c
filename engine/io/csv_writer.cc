#include "engine/io/csv_writer.h"

namespace safetynet {

void CsvWriter::Field(std::string_view field) {
  if (row_started_) text_.push_back(',');
  row_started_ = true;
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
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
