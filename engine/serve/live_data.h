// The data the live service holds (docs/api.md): one night's snapshot,
// read once and never changed, and the signals taken since (from the
// journal and from requests), with what re-evaluates the subjects a signal
// touches: their slice of the data (engine/table/dataset_slice.h) with
// every signal about them, evaluated by the rule engine as a night would on
// the service's date. One LiveData per snapshot.
// Thread safety: the const functions may run on several threads at once,
// but not while Take runs; the service serialises Take with them.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/cases/case.h"
#include "engine/lang/program.h"
#include "engine/table/dataset.h"
#include "engine/table/dataset_slice.h"

namespace safetynet::serve {

// One alert of the subjects re-evaluated: the finding the case store keeps,
// with the rule's label and the reason sentence for the subject.
struct LiveFinding {
  cases::Finding finding;
  std::string label, reason;
};

// What re-evaluating the subjects touched by some residents gives.
struct LiveEvaluation {
  std::vector<LiveFinding> findings;
  // Every subject of the slice: household ids and resident ids (persons and
  // elderly), each once: the subjects whose cases the store loads.
  std::vector<std::string> subject_ids;
};

class LiveData {
 public:
  // `program` and `snapshot` are owned (shared: a swap keeps the old one
  // alive for the requests still reading it).
  LiveData(std::shared_ptr<const lang::Program> program, std::shared_ptr<const Dataset> snapshot);

  const lang::Program& program() const { return *program_; }
  const Dataset& snapshot() const { return *snapshot_; }
  std::shared_ptr<const Dataset> shared_snapshot() const { return snapshot_; }

  // Whether a signal_id is in the snapshot or was taken since.
  bool Known(std::string_view signal_id) const;
  // Adds signals (checked: engine/serve/signal_check.h) to the data.
  void Take(const SignalTable& signals);
  const SignalTable& taken() const { return taken_; }

  // Whether the data knows the resident (a person or an elderly record).
  bool Matched(PackedId resident) const;

  // The rules' findings, on `date`, for every subject touched by a signal
  // about one of `residents` (AddTouchedSubjects), with all the signals
  // about them. Errors: the slice's (BuildIndexes), the standards' on `date`.
  absl::StatusOr<LiveEvaluation> Evaluate(std::span<const PackedId> residents, Days date) const;

  // The subject ids (household ids and resident ids, sorted, each once)
  // that signals about `residents` touch (AddTouchedSubjects).
  std::vector<std::string> TouchedSubjectIds(std::span<const PackedId> residents) const;

  // `safetynet explain`'s text for a household id or a resident id, on
  // `date`, with the signals taken since the snapshot. NotFound as Explain.
  absl::StatusOr<std::string> Explain(std::string_view subject_id, Days date) const;

 private:
  absl::StatusOr<std::unique_ptr<Dataset>> Slice(const SliceSubjects& subjects) const;

  std::shared_ptr<const lang::Program> program_;
  std::shared_ptr<const Dataset> snapshot_;
  SignalsByResident snapshot_signals_;
  absl::flat_hash_set<std::string_view> snapshot_signal_ids_;  // views into the snapshot
  SignalTable taken_;
  absl::flat_hash_map<PackedId, std::vector<uint32_t>> taken_rows_of_;
  absl::flat_hash_set<std::string> taken_ids_;
};

}  // namespace safetynet::serve
