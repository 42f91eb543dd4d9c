// A what-if model: the data of one evaluation kept in memory so that
// questions about other standards ("what if dibao.urban were 950?", "what
// if the standards of 2025-07-01 were in force?") are answered without
// evaluating again what does not change. Built once per (program, data,
// as-of date, counted values): the signal index, the whole evaluation under
// the standards in force on the as-of date (the baseline: every column, the
// entitlements), where each subject lives, and the baseline's figures per
// district. An answer computes again only what reads a parameter whose value
// differs from the baseline's (directly or through other values): of the
// columns, those the entitlements or the eligibility value read; of the
// entitlements, those whose amount does. Everything else is the baseline's,
// unchanged by construction. It then compares the entitlements with the
// baseline's as integers; strings are made only for the changes, and only
// if asked for. The changes are matched by (entitlement, row), which is the
// match by (subject kind, subject id, kind) of entitlements.csv because ids
// are unique within a table (the import refuses a repeated key) and kinds
// within an entity (the compiler refuses a repeated one).
//
// RunRecalc and RunSweep (recalc.h, sweep.h) are built on this model.
//
// Ownership: the model keeps references to `program` and `data`, which the
// caller keeps alive and unchanged for the model's life; it owns the rest.
// Thread safety: once built, the model is read-only; any number of threads
// may call Answer() and CoverageUnder() at once (each call has its own scratch
// and runs its own oneTBB work in the caller's arena).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/common/money.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/program.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/subjects.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

// A question: the new standards are those in force on `to` (default: the
// model's as-of date) with `overrides` applied.
struct WhatIfQuestion {
  std::optional<Days> to;
  std::vector<lang::Override> overrides;
  // Whether to build the per-subject lists (RecalcReport::changes and
  // ::eligibility, with their ids as strings). Without them an answer has
  // only the counts and the figures (a director's page).
  bool with_lists = true;
};

// One district's (or the city's) coverage under one set of standards.
struct Coverage {
  std::string district;   // 6 digits, or "CITY"
  size_t households = 0;  // eligible (the eligibility value is true)
  size_t persons = 0;     // the living members of those households
  Fen monthly_cost = 0;   // every entitlement, a month; checked
  Fen yearly_cost = 0;    // 12 x monthly_cost; checked
};

struct WhatIfAnswer {
  // What RunRecalc reports; without with_lists, `changes` and `eligibility`
  // are empty (their sizes are below).
  RecalcReport report;
  size_t changed_amounts = 0;
  size_t newly_eligible = 0, no_longer_eligible = 0;
  // By district code, then CITY: indexed like report.districts.
  std::vector<Coverage> covered;         // under the new standards
  std::vector<Coverage> covered_before;  // under the baseline
};

class WhatIfModel {
 public:
  // Evaluates the baseline under the standards in force on `as_of` (no
  // overrides). `counted` names the eligibility and deceased values as
  // RecalcOptions does (empty = the ones the rules declare). Errors: those
  // of FindCountedValues, or of resolving the standards on `as_of`.
  static absl::StatusOr<std::unique_ptr<const WhatIfModel>> Build(const lang::Program& program,
                                                                  const Dataset& data, Days as_of,
                                                                  const std::string& eligibility,
                                                                  const std::string& deceased);
  ~WhatIfModel();

  Days as_of() const { return as_of_; }
  const lang::Program& program() const { return program_; }
  // The standards of the baseline.
  const lang::ResolvedStandards& baseline_standards() const { return baseline_standards_; }

  // The recalculation from the baseline to the question's standards: the
  // same RecalcReport as RunRecalc gives for them (report.seconds is the
  // answer's own time), plus the coverage under both. Errors: resolving the
  // new standards; OutOfRange if an amount's delta, a household's total or a
  // district's total does not fit 64-bit fen.
  absl::StatusOr<WhatIfAnswer> Answer(const WhatIfQuestion& question) const;

  // The coverage under `standards` (resolved from this model's program on
  // its as-of date), per district by code, then CITY. OutOfRange if a cost
  // does not fit 64-bit fen; the message names the total and ends with `at`
  // (e.g. " at dibao.urban = 950.00").
  absl::StatusOr<std::vector<Coverage>> CoverageUnder(const lang::ResolvedStandards& standards,
                                                      std::string_view at) const;

 private:
  struct Figures;    // counts and an unchecked cost of one district
  struct Evaluated;  // an evaluation under some standards, and what it computed
  WhatIfModel(const lang::Program& program, const Dataset& data, Days as_of);
  Evaluated EvaluateUnder(const lang::ResolvedStandards& standards) const;
  std::span<const exec::EntitlementRow> Rows(const Evaluated& evaluated, int entitlement) const;
  const std::vector<int64_t>& Eligible(const Evaluated& evaluated) const;
  std::vector<Figures> FiguresOf(const Evaluated& evaluated) const;
  __int128 HouseholdTotal(const Evaluated& evaluated, uint32_t household) const;
  uint32_t DistrictOf(int entitlement, uint32_t row) const;

  const lang::Program& program_;
  const Dataset& data_;
  const Days as_of_;
  CountedValues counted_{};
  lang::ResolvedStandards baseline_standards_;
  std::unique_ptr<const SignalIndex> index_;
  std::vector<bool> read_;  // the columns an answer reads (entitlements, eligibility)
  std::unique_ptr<const Evaluated> baseline_;
  SubjectKeys keys_;
  std::vector<int32_t> districts_;            // codes, ascending
  std::vector<uint32_t> household_district_;  // household row -> index into districts_
  std::vector<uint32_t> elderly_district_;    // elderly row -> index into districts_
  std::vector<uint32_t> living_;              // household row -> its living members
  std::vector<uint32_t> kind_rank_;           // entitlement -> rank of its kind as text
  // The baseline's cost of each entitlement in each district (by district index).
  std::vector<std::vector<__int128>> baseline_cost_;
  std::vector<Figures> baseline_figures_;  // by district index, then the city
};

}  // namespace safetynet::monitor
