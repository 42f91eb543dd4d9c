// The rows of entitlements.csv, built from an evaluation: one row per
// non-zero amount, sorted by subject kind, subject id, kind (as text).
// (Alerts are formatted straight into their lines: alert_lines.h.)
// Pure functions of their inputs; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/exec/evaluator.h"
#include "engine/lang/program.h"
#include "engine/monitor/subjects.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct EntitlementRecord {
  lang::Entity entity;
  uint32_t row;  // of the entity's table
  std::string_view subject_kind;
  std::string subject_id;
  std::string_view kind;
  int64_t amount;  // fen
  int32_t district;
  std::string_view label;  // the entitlement's label in the rules ("" if none)
  std::string reason;      // its reason sentence for the subject ("" if none)
};

// With `with_reasons`, each record's reason sentence too (the columns the
// entitlements' reasons read must then be in `result`).
std::vector<EntitlementRecord> EntitlementRecords(const lang::Program& program, const Dataset& data,
                                                  const SubjectKeys& keys,
                                                  const exec::RunResult& result,
                                                  bool with_reasons = false);

}  // namespace safetynet::monitor
