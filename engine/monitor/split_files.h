// The alerts of a run split by place (--split-by town or district): one
// alerts file per town or district, for its caseworkers, in the columns and
// order of alerts.csv, and index.csv -- each place as in the data, its file
// and its number of alerts -- in alerts-by-town/ or alerts-by-district/ of
// the output folder.
//
// The places' files are written as their lines come (a whole run's at once,
// or district after district) under provisional names beginning with a dot,
// which no safe name does; Finish() then names every file from the set of
// all places by SafeFileNames (engine/io/safe_file_name.h: the same names
// for any thread count and for whole and district-by-district runs) and
// renames it. One owner; not thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/output_folder.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"

namespace safetynet::monitor {

class SplitFiles {
 public:
  // Into `out`'s split folder for `split_by` (not kNone), created here if missing.
  SplitFiles(SplitBy split_by, const OutputFolder& out);

  // Writes a file for each place of `lines` (in output order) with its
  // lines. Every place's lines must come in one call (a district's lines
  // hold all of its towns'); a place seen before is an Internal error.
  // Errors: those of WriteFileAtomically.
  absl::Status Add(const std::vector<const AlertLine*>& lines);

  // Names the files, renames them into place and writes index.csv. Errors:
  // a file that cannot be renamed (naming it), and those of WriteFileAtomically.
  absl::Status Finish();

 private:
  struct PlaceFile {
    std::string provisional;  // the name the file was written under
    size_t alerts = 0;
  };
  bool by_town_;
  std::string folder_;
  std::map<std::pair<int32_t, std::string>, PlaceFile> places_;  // by district, then town (bytes)
};

}  // namespace safetynet::monitor
