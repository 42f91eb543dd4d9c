#include "engine/cases/dispositions_file.h"

#include <array>
#include <optional>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_reader.h"
#include "engine/io/encoding.h"
#include "engine/io/files.h"

namespace safetynet::cases {
namespace {

constexpr std::array<std::string_view, 4> kColumns = {"case_id", "date", "action", "worker"};

}  // namespace

absl::StatusOr<std::vector<DispositionRow>> ParseDispositions(std::string_view name,
                                                              std::string_view bytes) {
  SAFETYNET_ASSIGN_OR_RETURN(Utf8Text text, DecodeToUtf8(name, bytes, EncodingChoice::kAuto));
  CsvReader reader(text.View(bytes));
  CsvRecord record;
  std::vector<DispositionRow> rows;
  if (!reader.Next(record)) return rows;  // an empty file: no dispositions tonight
  if (record.malformed) {
    return absl::InvalidArgumentError(Cat(name, ": line 1 (the header): ", record.problem));
  }
  std::array<std::optional<size_t>, kColumns.size()> at;
  for (size_t f = 0; f < record.fields.size(); ++f) {
    const std::string_view field = TrimBlanks(record.fields[f]);
    for (size_t c = 0; c < kColumns.size(); ++c) {
      if (field == kColumns[c] && !at[c]) at[c] = f;
    }
  }
  for (size_t c = 0; c < kColumns.size(); ++c) {
    if (!at[c]) {
      return absl::InvalidArgumentError(Cat(name, ": the header has no column ", kColumns[c],
                                            " (a dispositions file has the columns case_id, "
                                            "date, action, worker)"));
    }
  }
  const size_t fields = record.fields.size();
  reader.ExpectFields(fields);
  while (reader.Next(record)) {
    // A line of blanks only is an empty line (a spreadsheet leaves such).
    if (!record.malformed && record.fields.size() == 1 && TrimBlanks(record.fields[0]).empty()) {
      continue;
    }
    DispositionRow row;
    row.line = static_cast<int64_t>(record.line);
    if (record.malformed) {
      row.unreadable = Cat("not a CSV row: ", record.problem);
    } else if (record.fields.size() != fields) {
      row.unreadable = Cat(record.fields.size(), " fields where the header has ", fields);
    } else {
      std::string* values[] = {&row.case_id, &row.date, &row.action, &row.worker};
      for (size_t c = 0; c < kColumns.size(); ++c)
        *values[c] = std::string(TrimBlanks(record.fields[*at[c]]));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

absl::StatusOr<std::vector<DispositionRow>> ReadDispositionsFile(const std::string& path) {
  std::string bytes;
  SAFETYNET_RETURN_IF_ERROR(ReadWholeFile(path, bytes));
  return ParseDispositions(path, bytes);
}

}  // namespace safetynet::cases
