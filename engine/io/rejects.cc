#include "engine/io/rejects.h"

#include "engine/io/csv_writer.h"
#include "engine/io/files.h"

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

std::string RejectsCsv(const std::vector<Reject>& rejects,
                       const std::vector<Diagnosis>& diagnoses) {
  CsvWriter csv;
  csv.Row({"file", "line", "column", "kind", "reason"});
  for (const Diagnosis& diagnosis : diagnoses) {
    csv.Row({diagnosis.file, "", diagnosis.column, kDiagnosisKind, diagnosis.sentence});
  }
  for (const Reject& reject : rejects) {
    csv.Row({reject.file, std::to_string(reject.line), reject.column, RejectKindName(reject.kind),
             reject.reason});
  }
  return std::move(csv.mutable_contents());
}

}  // namespace safetynet
