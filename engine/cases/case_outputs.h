// The files a night with a store writes (docs/monitoring.md section 5):
// cases.csv, worklist.csv, worklist-by-town/ (one file per town, safe names,
// index.csv), rejected_dispositions.csv, and the night's counts as JSON for
// summary.json and the store. CSV starts with a UTF-8 byte-order mark; with
// `mask_ids` every resident id in every field is masked (as the other
// lists). Pure functions of their inputs, but for the files written;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/cases/case_store.h"
#include "engine/cases/night.h"
#include "engine/io/output_folder.h"

namespace safetynet::cases {

// The columns of cases.csv and worklist.csv, in order (section 5).
extern const std::vector<std::string_view> kCaseColumns;

// cases.csv: a row per case of `night` (its `cases`, in their order).
std::string CasesCsv(const NightResult& night, bool mask_ids);
// worklist.csv: the same columns, the worklist's cases in worklist order.
std::string WorklistCsv(const NightResult& night, bool mask_ids);
// rejected_dispositions.csv: file, line, reason; a disposition posted to
// the live service has kPostedFile and its posting number.
inline constexpr std::string_view kPostedFile = "(posted to the service)";
std::string RejectedDispositionsCsv(std::string_view file, const NightResult& night, bool mask_ids);

// Writes cases.csv, worklist.csv, worklist-by-town/ (a file per district
// and town of the worklist, named by SafeFileNames from the town, and
// index.csv: district, town, file, cases) and rejected_dispositions.csv
// into `out`. `dispositions_file` names the file in the rejects ("" if none).
absl::Status WriteNightFiles(const NightResult& night, std::string_view dispositions_file,
                             bool mask_ids, const OutputFolder& out);

// Tonight's counts as a JSON object: night, cases (open after the night),
// worklist, by_status (every row of cases.csv), by_severity and by_town
// (open cases; a town keyed "DISTRICT-TOWN", as a town's name may recur in
// another district), dispositions {accepted, repeated, rejected}.
std::string NightCountsJson(const NightResult& night);

// The "cases" member of summary.json: tonight's counts, as "seconds" the
// store's part of the run by step (`seconds_json`, a JSON object), and as
// "last_nights" the counts of the last nights stored (newest first;
// `recent` includes tonight's).
std::string CasesSummaryJson(std::string_view tonight_json, const std::vector<StoredNight>& recent,
                             std::string_view seconds_json);

}  // namespace safetynet::cases
