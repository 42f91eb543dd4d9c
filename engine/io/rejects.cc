#include "engine/io/rejects.h"

#include "absl/container/flat_hash_map.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/import.h"

namespace safetynet {

std::string_view RejectKindName(RejectKind kind) {
  switch (kind) {
    case RejectKind::kMalformedCsv:
      return "MALFORMED_CSV";
    case RejectKind::kWrongColumnCount:
      return "WRONG_COLUMN_COUNT";
    case RejectKind::kMissingValue:
      return "MISSING_VALUE";
    case RejectKind::kBadText:
      return "BAD_TEXT";
    case RejectKind::kBadNumber:
      return "BAD_NUMBER";
    case RejectKind::kNegativeAmount:
      return "NEGATIVE_AMOUNT";
    case RejectKind::kBadDate:
      return "BAD_DATE";
    case RejectKind::kUnknownCode:
      return "UNKNOWN_CODE";
    case RejectKind::kBadId:
      return "BAD_ID";
    case RejectKind::kBadChecksum:
      return "BAD_CHECKSUM";
    case RejectKind::kBirthMismatch:
      return "BIRTH_MISMATCH";
    case RejectKind::kDuplicateKey:
      return "DUPLICATE_KEY";
    case RejectKind::kUnknownHousehold:
      return "UNKNOWN_HOUSEHOLD";
  }
  return "UNKNOWN";
}

std::string_view NoteKindName(NoteKind kind) {
  switch (kind) {
    case NoteKind::kIdConverted:
      return "ID_CONVERTED";
    case NoteKind::kIdAccepted:
      return "ID_ACCEPTED";
  }
  return "NOTE";
}

std::string RejectsCsv(const ImportResult& result) {
  absl::flat_hash_map<std::string_view, size_t> file_rank;
  for (size_t f = 0; f < result.files.size(); ++f) file_rank.emplace(result.files[f].file, f);
  const auto position = [&](const auto& row) {
    auto rank = file_rank.find(row.file);
    return std::pair(rank == file_rank.end() ? result.files.size() : rank->second, row.line);
  };
  CsvWriter csv;
  csv.Row({"file", "line", "column", "kind", "reason"});
  for (const Diagnosis& diagnosis : result.diagnoses) {
    csv.Row({diagnosis.file, "", diagnosis.column, kDiagnosisKind, diagnosis.sentence});
  }
  // Both lists are in file and line order: merged (a row is either imported
  // or rejected, so no line is in both).
  const std::vector<Reject>& rejects = result.rejects;
  const std::vector<ImportNote>& notes = result.notes;
  for (size_t r = 0, n = 0; r < rejects.size() || n < notes.size();) {
    if (n < notes.size() && (r == rejects.size() || position(notes[n]) < position(rejects[r]))) {
      const ImportNote& note = notes[n++];
      csv.Row({note.file, std::to_string(note.line), note.column, NoteKindName(note.kind),
               note.reason});
    } else {
      const Reject& reject = rejects[r++];
      csv.Row({reject.file, std::to_string(reject.line), reject.column, RejectKindName(reject.kind),
               reject.reason});
    }
  }
  return std::move(csv.mutable_contents());
}

}  // namespace safetynet
