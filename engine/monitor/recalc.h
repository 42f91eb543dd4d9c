// Recalculation after a standards change: every entitlement under the
// standards in force on the as-of date ("old") and under the changed ones
// ("new": those in force on another date, or the as-of date's with --set
// changes), in one run over the data -- only the values that depend on the
// standards are computed twice. Reports each changed amount, each household
// whose eligibility changes, and per district and for the city: households
// and persons affected, monthly totals old and new, monthly and yearly delta.
// RunRecalc builds a WhatIfModel (what_if_model.h) and asks it one question;
// a service keeps the model and asks it many.
// Thread-safe: runs share only read-only inputs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/io/district_names.h"
#include "engine/io/output_folder.h"
#include "engine/lang/program.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct RecalcOptions {
  Days as_of = kNoDate;
  std::optional<Days> to;                 // new = the standards in force on this date
  std::vector<lang::Override> overrides;  // new = as_of's standards with these changes
  // The household value (bool) whose change is reported and the person value
  // (bool) that marks the dead, who are not counted: empty = the ones the
  // rules declare (`eligibility = NAME`, `deceased = NAME`), else a value's
  // name in their place (--eligibility, --deceased).
  std::string eligibility;
  std::string deceased;
};

struct AmountChange {
  std::string_view subject_kind;
  std::string subject_id;
  std::string_view kind;
  Fen old_amount = 0, new_amount = 0;
  Fen delta = 0;  // new - old, checked
};

struct EligibilityChange {
  std::string household_id;
  bool newly_eligible;  // else no longer eligible
  int32_t district = 0;
  std::string town, village;
  // The household's own monthly entitlements (those of the household, not
  // of its members) under the old and the new standards; checked sums.
  Fen old_amount = 0, new_amount = 0;
};

struct DistrictImpact {
  std::string district;  // 6 digits, or "CITY"
  size_t households_affected = 0, persons_affected = 0;
  Fen monthly_old = 0, monthly_new = 0;
  Fen monthly_delta = 0, yearly_delta = 0;  // new - old, and 12 times that; checked
};

struct ParameterChange {
  std::string name;
  lang::Value old_value, new_value;
  lang::Type type;
  bool set = false;  // given by --set (RecalcOptions::overrides)
  bool derived =
      false;  // a formula parameter not set, changed because what it is computed from did
};

struct RecalcReport {
  Days as_of = kNoDate;
  Days old_version = kNoDate, new_version = kNoDate;
  std::vector<ParameterChange> parameters;     // the values that differ
  std::vector<AmountChange> changes;           // by subject kind, subject id, kind
  std::string eligibility_value;               // the name of the eligibility value compared
  std::vector<EligibilityChange> eligibility;  // by household id
  std::vector<DistrictImpact> districts;       // by district code, then CITY
  double seconds = 0;
};

// The columns of the eligibility and deceased values of `options` in
// `program`. InvalidArgument if a name given is not a bool value of its
// entity; FailedPrecondition if the rules declare no such value and none is
// given (the message says what to declare, in which block, or which option
// to give).
struct CountedValues {
  int eligibility;  // a household column
  int deceased;     // a person column
};
absl::StatusOr<CountedValues> FindCountedValues(const lang::Program& program,
                                                const RecalcOptions& options);

absl::StatusOr<RecalcReport> RunRecalc(const lang::Program& program, const Dataset& data,
                                       const RecalcOptions& options);

// Writes recalc.csv, recalc_eligibility.csv, recalc_summary.csv,
// recalc_summary.json and eligibility-changes-by-town/ (one workbook per
// town, engine/monitor/town_workbooks.h, district names from `names`) into
// `out` (engine/io/output_folder.h), which it commits.
absl::Status WriteRecalc(const RecalcReport& report, OutputFolder& out, bool mask_ids = false,
                         const DistrictNames& names = DistrictNames());

// What a director reads in ten seconds.
std::string FormatRecalcSummary(const RecalcReport& report);

}  // namespace safetynet::monitor
