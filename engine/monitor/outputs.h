// The text of the nightly output files: alerts as CSV and JSON lines,
// entitlements and unmatched signals as CSV, the summary as JSON. Large
// files are formatted in parallel parts (oneTBB), in order, so the bytes do
// not depend on the thread count. CSV starts with a UTF-8 byte-order mark.
// Pure functions of their inputs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "engine/match/signal_index.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/records.h"

namespace safetynet::monitor {

struct RunLabels {
  std::string as_of;              // YYYY-MM-DD
  std::string standards_version;  // YYYY-MM-DD
  bool mask_ids = false;          // resident ids as 371002********0018
};

std::vector<std::string> AlertsCsv(const std::vector<const AlertRecord*>& records,
                                   const RunLabels& labels);
std::vector<std::string> AlertsJsonl(const std::vector<AlertRecord>& records,
                                     const RunLabels& labels);
std::vector<std::string> EntitlementsCsv(const std::vector<EntitlementRecord>& records,
                                         bool mask_ids);
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

// A subject id as written: a resident id masked if asked (household ids are not personal).
std::string OutputId(std::string_view subject_kind, std::string_view id, bool mask_ids);
std::string SummaryJson(const NightlySummary& summary);

// Appends `text` as a JSON string literal.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace safetynet::monitor
