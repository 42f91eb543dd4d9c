// Runs a compiled Program over a Dataset: materializes every column the
// program needs (fields, derived values, the hidden columns of aggregates)
// in evaluation order, each in parallel batches of kBatchSize rows (oneTBB),
// then evaluates every alert's condition with selection vectors and every
// entitlement's amount. Each thread keeps its own scratch and hit buffers;
// results are merged and sorted, so they are identical for any number of
// threads. The thread count is the caller's oneTBB arena.
// Thread-safe: runs share only the read-only program and data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/exec/context.h"

namespace safetynet::exec {

struct AlertHit {
  int alert;     // index into program.alerts
  uint32_t row;  // of the alert's entity
  int64_t severity;
  int64_t score;  // kEmpty when the alert has no score
};

struct EntitlementRow {
  int entitlement;  // index into program.entitlements
  uint32_t row;
  int64_t amount;  // fen, non-zero
};

// A subject the rules could not decide (docs/rule-language.md, "Empty values
// and unknown"): an alert whose condition is unknown, or whose condition
// holds but whose severity or score is empty (it did not fire), or an
// entitlement whose amount is empty (it is not paid).
struct UndecidedRow {
  int alert = -1;        // index into program.alerts, or -1
  int entitlement = -1;  // index into program.entitlements, or -1
  uint32_t row = 0;      // of the rule's entity
  std::string reason;    // why, in words (filled by Evaluate only)
};

struct RunResult {
  std::vector<ColumnValues> columns;         // indexed like program.columns
  std::vector<AlertHit> hits;                // by alert, then row
  std::vector<EntitlementRow> entitlements;  // by entitlement, then row
  // The alerts by alert then row, then the entitlements by entitlement then row.
  std::vector<UndecidedRow> undecided;
  // Values that overflowed int64 (and so were left empty), one line per
  // expression: "file:line:column: overflowed 64-bit integers in N batch(es); ...".
  std::vector<std::string> overflows;
  double columns_seconds = 0, alerts_seconds = 0, entitlements_seconds = 0;
};

RunResult Evaluate(const lang::Program& program, const Dataset& data, const SignalIndex& signals,
                   const lang::ResolvedStandards& standards, Days as_of);

// Entitlements under other standards: the columns marked in `recompute`
// (those that depend on the standards) are computed again, the others read
// from `shared` (the columns of an earlier evaluation, kept alive by the
// caller; the result holds no copy of them).
// Column `c` as a run of EvaluateEntitlementsAgain saw it: its own if it was
// recomputed, else the shared one.
inline const ColumnValues& ColumnSeen(const RunResult& again,
                                      const std::vector<ColumnValues>& shared,
                                      const std::vector<bool>& recompute, size_t c) {
  return recompute[c] ? again.columns[c] : shared[c];
}

RunResult EvaluateEntitlementsAgain(const lang::Program& program, const Dataset& data,
                                    const SignalIndex& signals,
                                    const lang::ResolvedStandards& standards, Days as_of,
                                    const std::vector<bool>& recompute,
                                    const std::vector<ColumnValues>& shared);

// The steps of Evaluate, for callers that time or repeat one of them
// (benchmarks): columns one at a time, then alerts and entitlements.
class Evaluation {
 public:
  Evaluation(const lang::Program& program, const Dataset& data, const SignalIndex& signals,
             const lang::ResolvedStandards& standards, Days as_of);
  ~Evaluation();

  // Materializes column c (every column it reads must be materialized already).
  void ComputeColumn(size_t c);
  // Reads column c from `values`, which the caller keeps alive and unchanged
  // for this evaluation's life (results then hold no copy of it).
  void ShareColumn(size_t c, const ColumnValues& values);
  void ComputeAlerts();
  void ComputeEntitlements();
  // Only the entitlements marked in `which` (indexed like program.entitlements).
  void ComputeEntitlements(const std::vector<bool>& which);
  // Fills the reason of every undecided row found so far (WhyUnknown).
  void ExplainUndecided();
  // Hands over the results (and the overflow reports).
  RunResult Finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace safetynet::exec
