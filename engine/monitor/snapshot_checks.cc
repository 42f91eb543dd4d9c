#include "engine/monitor/snapshot_checks.h"

#include "engine/common/text.h"

namespace safetynet::monitor {

absl::Status CheckNotEmpty(const SnapshotSummary& snapshot, std::string_view snapshot_name,
                           bool allow_empty) {
  if (allow_empty || (snapshot.households > 0 && snapshot.elderly > 0)) return absl::OkStatus();
  std::vector<std::string_view> empty;
  if (snapshot.households == 0) empty.push_back("no households");
  if (snapshot.elderly == 0) empty.push_back("no elderly residents");
  return absl::FailedPreconditionError(Cat(
      snapshot_name, " holds ", Join(empty, " and "), " (", snapshot.households, " households, ",
      snapshot.persons, " persons, ", snapshot.elderly, " elderly, ", snapshot.signals,
      " signals): a night from it would replace the last lists with empty "
      "ones. Check the import; give --allow-empty if the snapshot is meant to be empty"));
}

std::vector<std::string> SnapshotWarnings(const DatasetInfo& snapshot, Days run_as_of) {
  std::vector<std::string> warnings;
  const bool dated = snapshot.as_of != kNoDate && run_as_of != kNoDate;
  const int64_t days_after = static_cast<int64_t>(run_as_of) - snapshot.as_of;
  if (dated && days_after > kStaleSnapshotDays) {
    warnings.push_back(Cat("the snapshot is as of ", FormatIsoDate(snapshot.as_of), ", ",
                           days_after, " days before the night's as-of date ",
                           FormatIsoDate(run_as_of), " (more than ", kStaleSnapshotDays,
                           "): is a newer export missing?"));
  }
  if (dated && days_after < 0) {
    warnings.push_back(Cat("the snapshot is as of ", FormatIsoDate(snapshot.as_of), ", ",
                           -days_after, " days after the night's as-of date ",
                           FormatIsoDate(run_as_of),
                           ": the night sees data it could not have had; is --as-of mistyped?"));
  }
  if (snapshot.imported_files.empty()) {
    warnings.push_back(
        "the snapshot does not record its import's counts (not written by safetynet import, or "
        "by an older one): rejected rows are not attributed to anyone; import the exchange "
        "files again");
  }
  for (const FileCounts& file : snapshot.imported_files) {
    for (const std::string& warning : file.warnings) {
      warnings.push_back(Cat(file.file, ": ", warning));
    }
    for (const std::string& diagnosis : file.diagnoses) {
      warnings.push_back(Cat(file.file, ": ", diagnosis));
    }
  }
  return warnings;
}

std::string FormatImportCounts(const DatasetInfo& snapshot) {
  if (snapshot.imported_files.empty()) return "  import: counts not recorded in the snapshot\n";
  std::string out;
  for (const FileCounts& file : snapshot.imported_files) {
    out += Cat("  import: ", file.file, " ", file.rows, " rows, ", file.imported, " imported, ",
               file.rejected, " rejected");
    if (file.rejected > 0) {
      out += " (";
      for (size_t i = 0; i < file.rejected_by_kind.size(); ++i) {
        const auto& [kind, rows] = file.rejected_by_kind[i];
        out += Cat(i ? " " : "", kind, "=", rows);
      }
      out += Cat("), ", file.attributed, " of them naming a household or resident");
    }
    if (file.converted_ids > 0) out += Cat("; ", file.converted_ids, " old 15-digit ids converted");
    if (file.accepted_ids > 0) out += Cat("; ", file.accepted_ids, " irregular ids accepted");
    if (!file.encoding.empty()) {
      out +=
          Cat("; read as ", file.encoding, file.encoding == "UTF-8" ? "" : ", converted to UTF-8");
    }
    out += "\n";
  }
  return out;
}

}  // namespace safetynet::monitor
