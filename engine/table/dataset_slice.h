// A slice of a Dataset: some of its subjects copied, with every column, into
// a new small Dataset that the rule engine evaluates as it would the whole
// (the live service re-evaluates the subjects a signal touches this way,
// docs/api.md "Signals"). A household comes with all its members; the
// signals about the slice's residents come from the Dataset's signals and
// from extra ones (signals taken since the snapshot). Pure; the inputs are
// only read, so slices may be cut from one Dataset on several threads.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "engine/table/dataset.h"

namespace safetynet {

// Appends rows `rows` of `from` to `to` (tables of one type), every column.
template <typename Table>
void AppendRows(const Table& from, std::span<const uint32_t> rows, Table& to) {
  std::vector<const void*> sources;
  ForEachColumn(from, [&](const ColumnInfo&, const auto& column) { sources.push_back(&column); });
  size_t i = 0;
  ForEachColumn(to, [&](const ColumnInfo&, auto& column) {
    const auto& source = *static_cast<const std::decay_t<decltype(column)>*>(sources[i++]);
    for (uint32_t row : rows) column.push_back(source[row]);
  });
}

// The signal rows of a SignalTable ordered by resident id (then row), for
// finding every signal about a resident in O(log n). Built once per table.
class SignalsByResident {
 public:
  explicit SignalsByResident(const SignalTable& signals);
  // The rows about `person`, in row order.
  std::span<const uint32_t> RowsOf(PackedId person) const;

 private:
  const SignalTable* signals_;
  std::vector<uint32_t> order_;
};

// What to copy: household rows (with all their members) and elderly rows of
// `data`, any order, repeats allowed.
struct SliceSubjects {
  std::vector<uint32_t> households;
  std::vector<uint32_t> elderly;
};

// The subjects a signal about `person` touches: the person's household (and
// so its members), the elderly records of that household's members, and
// the person's own elderly record. Added to `subjects`; nothing if the
// person is in neither table (an unmatched signal).
void AddTouchedSubjects(const Dataset& data, PackedId person, SliceSubjects& subjects);

// A new Dataset of those subjects (households in row order, their members
// in order, elderly in row order; the info copied) with the signals about
// any of their residents: those of `data` (found through `by_resident`, built
// on data.signals) and the rows of `extra` that extra_rows_of(resident) gives
// (in row order, after the data's). Indexes built. Errors: those of BuildIndexes (a signal id in
// `extra` repeating one of the data's is the caller's to refuse before).
absl::StatusOr<std::unique_ptr<Dataset>> SliceDataset(
    const Dataset& data, const SignalsByResident& by_resident, const SliceSubjects& subjects,
    const SignalTable& extra, absl::FunctionRef<std::span<const uint32_t>(PackedId)> extra_rows_of);

}  // namespace safetynet
