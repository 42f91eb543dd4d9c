// The guard between a snapshot and a night (docs/weihai-rule-set.md, "Before
// the night: the snapshot's guard"): a snapshot with no households or no
// elderly residents is refused (an empty night would replace yesterday's
// lists), a snapshot older than the night by more than a week is a warning,
// and the import's per-file counts recorded in the snapshot are shown.
// Plain functions of values; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/common/date.h"
#include "engine/io/snapshot.h"

namespace safetynet::monitor {

// A night may be this many days after its snapshot's as-of date without a
// warning; one day more is warned of.
inline constexpr Days kStaleSnapshotDays = 7;

// OK if the snapshot holds households and elderly residents, or if
// `allow_empty`; else a FailedPrecondition naming `snapshot_name`, what is
// empty and the --allow-empty option.
absl::Status CheckNotEmpty(const SnapshotSummary& snapshot, std::string_view snapshot_name,
                           bool allow_empty);

// The run's warnings about its snapshot, each one sentence: the night's
// as-of date `run_as_of` more than kStaleSnapshotDays days after the
// snapshot's, or any day before it; the import's counts not recorded (a snapshot not written by
// import, or by an older safetynet: rejected rows are then not attributed to
// anyone); and each exchange file's header warnings and diagnoses recorded
// at import ("signals.csv: optional column amount is absent: ...",
// "persons.csv: column person_id looks like it was saved as a number ...").
std::vector<std::string> SnapshotWarnings(const DatasetInfo& snapshot, Days run_as_of);

// The import's counts, one short line per file ("  import: persons.csv 2
// rows, 1 imported, 1 rejected (BAD_CHECKSUM=1), 1 of them naming a
// household or resident"; then "; 1 old 15-digit ids converted" and "; 1
// irregular ids accepted" where there are any, and "; read as GB18030,
// converted to UTF-8" where the encoding is recorded), or one line saying
// they were not recorded.
std::string FormatImportCounts(const DatasetInfo& snapshot);

}  // namespace safetynet::monitor
