// The text of the nightly output files: the alerts' CSV header (their lines
// come formatted: alert_lines.h), entitlements and unmatched signals as
// CSV, the summary as JSON. Large files are formatted in parallel parts (oneTBB), in
// order, so the bytes do not depend on the thread count. CSV starts with a
// UTF-8 byte-order mark.
// Pure functions of their inputs; thread-safe.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "engine/io/csv_writer.h"
#include "engine/match/signal_index.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/records.h"

namespace safetynet::monitor {

// The header line of alerts.csv (and of each split file), byte-order mark
// included; the lines come formatted (engine/monitor/alert_lines.h).
std::string_view AlertsCsvHeader();
// The text of entitlements.csv: its header (EntitlementsCsvHeader, byte-order
// mark included), then a row per record (EntitlementRow, appended to `csv`).
std::vector<std::string> EntitlementsCsv(const std::vector<EntitlementRecord>& records,
                                         bool mask_ids);
std::string_view EntitlementsCsvHeader();
void EntitlementRow(CsvWriter& csv, const EntitlementRecord& record, bool mask_ids,
                    std::string& scratch);
// A signal about nobody in the snapshot, as listed in unmatched_signals.csv.
struct UnmatchedSignal {
  std::string signal_id, source;
  SignalType type;
  PackedId person;
  Days event_date;
};
std::vector<UnmatchedSignal> UnmatchedSignals(const Dataset& data, const SignalIndex& index);
std::string UnmatchedSignalsCsv(const std::vector<UnmatchedSignal>& signals, Days as_of,
                                bool mask_ids);

// A field of an output list as written: with `mask_ids`, every resident id
// in it masked (MaskResidentIdsInText: a masked copy goes into `scratch`,
// which the view then shows); otherwise, or if it holds none, `text` itself.
std::string_view OutputText(std::string_view text, bool mask_ids, std::string& scratch);
// One row of an output list, each field as OutputText writes it (`scratch`
// is working space, reused from row to row).
void OutputRow(CsvWriter& csv, std::initializer_list<std::string_view> fields, bool mask_ids,
               std::string& scratch);
std::string SummaryJson(const NightlySummary& summary);

}  // namespace safetynet::monitor
