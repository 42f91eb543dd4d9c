// What one evaluation reads: the program, the data, the matched signals, the
// standards in force, the as-of date, and the columns materialized so far
// (the frame). Shared read-only by the threads of a run; each column of the
// frame is written by one pass before any later column reads it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/common/date.h"
#include "engine/exec/value_range.h"
#include "engine/lang/program.h"
#include "engine/lang/standards.h"
#include "engine/match/signal_index.h"
#include "engine/table/dataset.h"

namespace safetynet::exec {

inline constexpr size_t kBatchSize = 2048;

// A materialized column: one value per row of its entity; `den` is filled
// only for exact (fractional) types. `range` is what is known of a whole
// column's values (measured when it is materialized; unknown by default).
struct ColumnValues {
  std::vector<int64_t> num;
  std::vector<int64_t> den;
  ValueRange range;
};

// Pointers to each of `columns`, for an EvalContext.
std::vector<const ColumnValues*> ColumnPointers(const std::vector<ColumnValues>& columns);

struct EvalContext {
  const lang::Program& program;
  const Dataset& data;
  const SignalIndex& signals;
  const lang::ResolvedStandards& standards;
  Days as_of;
  // The materialized columns, indexed like program.columns: a run's own,
  // or shared with another run that computed the same values.
  const std::vector<const ColumnValues*>& columns;

  size_t Rows(lang::Entity entity) const;
  // Is the area of this row (of a household, person or elderly resident) RURAL?
  bool Rural(lang::Entity entity, uint32_t row) const;
  // The household row of an elderly resident's person record, or kNoRow.
  uint32_t ElderlyHousehold(uint32_t elderly_row) const;
};

}  // namespace safetynet::exec
