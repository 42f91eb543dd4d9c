// The rows of the nightly outputs, built from an evaluation: one alert row
// per hit, with where the subject lives and the evidence that decided it;
// one entitlement row per non-zero amount. Sorted as the outputs are:
// alerts by rule id then subject id; entitlements by subject kind, subject
// id, kind. Pure functions of their inputs; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/exec/evaluator.h"
#include "engine/lang/program.h"
#include "engine/match/signal_index.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct AlertRecord {
  std::string_view rule_id;
  std::string_view severity;      // LOW, MEDIUM, HIGH
  std::string_view subject_kind;  // HOUSEHOLD, PERSON, ELDERLY
  std::string subject_id;
  std::string household_id;  // "" for an elderly resident in no household
  int32_t district = 0;
  std::string town, village;
  std::string score;     // "" unless the rule has a score
  std::string evidence;  // "name=value; ..."
};

struct EntitlementRecord {
  lang::Entity entity;
  uint32_t row;  // of the entity's table
  std::string_view subject_kind;
  std::string subject_id;
  std::string_view kind;
  int64_t amount;  // fen
  int32_t district;
};

std::vector<AlertRecord> AlertRecords(const lang::Program& program, const Dataset& data,
                                      const SignalIndex& signals, const exec::RunResult& result);

std::vector<EntitlementRecord> EntitlementRecords(const lang::Program& program, const Dataset& data,
                                                  const exec::RunResult& result);

std::string_view SubjectKind(lang::Entity entity);  // HOUSEHOLD, PERSON, ELDERLY

}  // namespace safetynet::monitor
