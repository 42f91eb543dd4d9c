// The text of the nightly output files: alerts as CSV and JSON lines (from
// their formatted lines), entitlements and unmatched signals as CSV, the
// summary as JSON. Large files are formatted in parallel parts (oneTBB), in
// order, so the bytes do not depend on the thread count. CSV starts with a
// UTF-8 byte-order mark.
// Pure functions of their inputs; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "engine/match/signal_index.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/records.h"

namespace safetynet::monitor {

// The text of alerts.csv (or of one town's file) and of alerts.jsonl for
// these lines, in this order: views of the lines' text (and of a static
// header), adjacent lines joined into one view.
std::vector<std::string_view> AlertsCsv(const std::vector<const AlertLine*>& lines);
std::vector<std::string_view> AlertsJsonl(const std::vector<const AlertLine*>& lines);
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

// A subject id as written: a resident id masked if asked (household ids are
// not personal). A masked id is written into `masked`, which the view then
// shows; otherwise the view is `id` itself.
std::string_view OutputId(std::string_view subject_kind, std::string_view id, bool mask_ids,
                          std::string& masked);
std::string SummaryJson(const NightlySummary& summary);

}  // namespace safetynet::monitor
