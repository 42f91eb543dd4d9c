#include "engine/serve/journal_signals.h"

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/serve/journal_format.h"
#include "engine/serve/signal_rows.h"
#include "safetynet/journal.pb.h"

namespace safetynet::serve {

absl::StatusOr<std::string> ReadJournalSignals(const std::string& path) {
  std::string bytes;
  SAFETYNET_RETURN_IF_ERROR(ReadWholeFile(path, bytes));
  SAFETYNET_ASSIGN_OR_RETURN(const ParsedJournal journal, ParseJournal(bytes, path));
  CsvWriter csv;
  AppendSignalsHeader(csv);
  for (size_t i = 0; i < journal.records.size(); ++i) {
    api::JournalEntry entry;
    if (!entry.ParseFromString(journal.records[i])) {
      return absl::DataLossError(Cat(path, ": record ", i + 1, " is not a signal of the journal"));
    }
    AppendSignalRow(entry.signal(), csv);
  }
  return csv.contents();
}

}  // namespace safetynet::serve
