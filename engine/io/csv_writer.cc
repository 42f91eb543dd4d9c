#include "engine/io/csv_writer.h"

#include "engine/io/text_escape.h"

namespace safetynet {
void CsvWriter::Field(std::string_view field) {
  const size_t old = text_.size();
  text_.resize(old + 1 + CsvFieldBound(field.size()));
  char* out = text_.data() + old;
  if (row_started_) *out++ = ',';
  row_started_ = true;
  text_.resize(static_cast<size_t>(PutCsvField(out, field) - text_.data()));
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
