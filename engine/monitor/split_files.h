// The alerts of a run split by place (--split-by town or district): one
// alerts file per town or district, for its caseworkers, in the columns and
// order of alerts.csv, and index.csv -- each place as in the data, its file
// and its number of alerts -- in alerts-by-town/ or alerts-by-district/ of
// the output folder.
//
// The places' files are written as their lines come (a whole run's at once,
// or district after district, each rule by rule) under provisional names
// beginning with a dot, which no safe name does; Finish() then names every
// file from the set of all places by SafeFileNames
// (engine/io/safe_file_name.h: the same names for any thread count and for
// whole and district-by-district runs) and renames it. One owner; not
// thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/nightly.h"

namespace safetynet::monitor {

// One place's file in a split folder, written under a provisional name
// (beginning with a dot), and how many rows it holds.
struct PlaceFile {
  int32_t district;
  std::string_view town;  // as written (masked with --mask-ids); empty for a district's file
  std::string_view provisional;
  size_t rows;
};

// Names the files of `places` (in order of district, then town bytes; each
// place once) in `folder` by SafeFileNames of "DISTRICT-TOWN" (or
// "DISTRICT" when `by_town` is false) with `extension` (".csv", ".xlsx"),
// renames each file from its provisional name, and writes index.csv: the
// columns district[, town], file and `rows_column` ("alerts"). The names
// depend only on the set of places. Errors: a file that cannot be renamed
// (naming it), and those of writing index.csv.
absl::Status NamePlaceFiles(const std::string& folder, bool by_town,
                            std::span<const PlaceFile> places, std::string_view extension,
                            std::string_view rows_column);

class SplitFiles {
 public:
  // Into `out`'s split folder for `split_by` (not kNone), created here if missing.
  SplitFiles(SplitBy split_by, const OutputFolder& out);

  // Appends `lines` (in output order, following those added before) to the
  // files of their places. A place's lines come within one part (a
  // district's lines hold all of its towns'); a place of a part already
  // ended is an Internal error.
  absl::Status Add(const std::vector<const AlertLine*>& lines);
  // Ends the part: its places' files are complete. Errors: those of
  // FileAppender::Commit (naming the file).
  absl::Status EndPart();

  // Ends the part, names the files, renames them into place and writes
  // index.csv. Errors: a file that cannot be renamed (naming it), and those
  // of writing.
  absl::Status Finish();

 private:
  struct PlaceAlerts {
    std::string provisional;  // the name the file is written under
    size_t alerts = 0;
    std::optional<FileAppender> file;  // while its part goes on
  };
  bool by_town_;
  std::string folder_;
  std::map<std::pair<int32_t, std::string>, PlaceAlerts> places_;  // by district, then town (bytes)
  std::vector<PlaceAlerts*> open_;  // the places of the part going on
};

}  // namespace safetynet::monitor
