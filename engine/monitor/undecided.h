// The rows of undecided.csv, built from an evaluation: every subject for
// which a rule could not be decided (docs/rule-language.md, "Empty values
// and unknown"): an alert whose condition, severity or score is unknown (it
// did not fire) or an entitlement whose amount is empty (it is not paid),
// with the reason in words and the rule's file:line. Sorted by subject kind, subject id, rule
// (as text), so a whole run and a run district by district write the same
// bytes. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/lang/program.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct UndecidedRecord {
  std::string_view subject_kind;  // HOUSEHOLD, PERSON, ELDERLY
  std::string subject_id;
  std::string_view rule_kind;  // ALERT or ENTITLEMENT
  std::string_view rule;       // the alert's id or the entitlement's kind
  std::string reason;          // why (exec::WhyUnknown)
  std::string rule_location;   // FILE:LINE, the file's name within the rules folder
  int32_t district;
};

std::vector<UndecidedRecord> UndecidedRecords(const lang::Program& program, const Dataset& data,
                                              const exec::RunResult& result);

// The text of undecided.csv (a header alone when every rule was decided):
// its header (UndecidedCsvHeader, byte-order mark included), then a row per
// record (UndecidedRow, appended to `csv`); with `mask_ids`, every resident
// id masked (OutputRow; `scratch` is working space).
std::string UndecidedCsv(const std::vector<UndecidedRecord>& records, bool mask_ids);
std::string_view UndecidedCsvHeader();
void UndecidedRow(CsvWriter& csv, const UndecidedRecord& record, bool mask_ids,
                  std::string& scratch);

}  // namespace safetynet::monitor
