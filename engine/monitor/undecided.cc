#include "engine/monitor/undecided.h"

#include <algorithm>
#include <tuple>

#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/subjects.h"

namespace safetynet::monitor {
namespace {

// FILE:LINE of a rule, the file named within its folder (the same outputs
// wherever the rules folder lies).
std::string RuleLocation(const lang::Location& where) {
  if (!where.file) return Cat("?:", where.line);
  const std::string& path = where.file->path;
  const size_t slash = path.find_last_of('/');
  return Cat(slash == std::string::npos ? path : path.substr(slash + 1), ":", where.line);
}

// Sorts records by subject kind, subject id, rule kind and rule (as text).
void SortUndecided(std::vector<UndecidedRecord>& records) {
  std::sort(records.begin(), records.end(), [](const UndecidedRecord& a, const UndecidedRecord& b) {
    return std::tie(a.subject_kind, a.subject_id, a.rule_kind, a.rule) <
           std::tie(b.subject_kind, b.subject_id, b.rule_kind, b.rule);
  });
}

}  // namespace

std::vector<UndecidedRecord> UndecidedRecords(const lang::Program& program, const Dataset& data,
                                              const exec::RunResult& result) {
  std::vector<UndecidedRecord> records;
  records.reserve(result.undecided.size());
  for (const exec::UndecidedRow& row : result.undecided) {
    const bool alert = row.alert >= 0;
    const lang::Entity entity =
        alert ? program.alerts[row.alert].entity : program.entitlements[row.entitlement].entity;
    const lang::Location& where =
        alert ? program.alerts[row.alert].where : program.entitlements[row.entitlement].where;
    records.push_back({SubjectKind(entity), SubjectId(data, entity, row.row),
                       alert ? "ALERT" : "ENTITLEMENT",
                       alert ? std::string_view(program.alerts[row.alert].id)
                             : std::string_view(program.entitlements[row.entitlement].kind),
                       row.reason, RuleLocation(where), PlaceOf(data, entity, row.row).district});
  }
  SortUndecided(records);
  return records;
}

std::string_view UndecidedCsvHeader() {
  static const std::string header = [] {
    CsvWriter csv;
    csv.ByteOrderMark();
    csv.Row({"subject_kind", "subject_id", "rule_kind", "rule", "reason", "rule_location"});
    return csv.contents();
  }();
  return header;
}

void UndecidedRow(CsvWriter& csv, const UndecidedRecord& r, bool mask_ids, std::string& scratch) {
  OutputRow(csv, {r.subject_kind, r.subject_id, r.rule_kind, r.rule, r.reason, r.rule_location},
            mask_ids, scratch);
}

std::string UndecidedCsv(const std::vector<UndecidedRecord>& records, bool mask_ids) {
  std::string text(UndecidedCsvHeader());
  CsvWriter csv;
  csv.mutable_contents() = std::move(text);
  std::string scratch;
  for (const UndecidedRecord& r : records) UndecidedRow(csv, r, mask_ids, scratch);
  return std::move(csv.mutable_contents());
}

}  // namespace safetynet::monitor
