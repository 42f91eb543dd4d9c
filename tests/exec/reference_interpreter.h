// A row-at-a-time reference interpreter of compiled rule programs, for
// differential tests of the vectorized evaluator. It is deliberately simple
// and independent: plain recursion over nodes for one row, 128-bit exact
// fractions, member and signal aggregates by direct scans of the tables (no
// selection vectors, no batches, no signal index). Slow; tests only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "engine/exec/context.h"
#include "engine/lang/program.h"
#include "engine/lang/standards.h"
#include "engine/table/dataset.h"

namespace safetynet::testing {

struct RefValue {
  bool empty = true;
  __int128 num = 0;
  __int128 den = 1;
};

class ReferenceInterpreter {
 public:
  ReferenceInterpreter(const lang::Program& program, const Dataset& data,
                       const lang::ResolvedStandards& standards, Days as_of);

  RefValue Column(int column, uint32_t row);
  // Whether an alert fires: true, false, or undecided (nullopt: its
  // condition is unknown, or it holds but the severity or score is empty;
  // the alert does not fire and the subject is undecided).
  std::optional<bool> Condition(int alert, uint32_t row);
  bool Fires(int alert, uint32_t row);

 private:
  RefValue Eval(int node, lang::Entity entity, uint32_t row);
  // A builtin's value, by a switch over every lang::Builtin.
  RefValue CallBuiltin(const lang::Node& node, lang::Entity entity, uint32_t row);
  RefValue Aggregate(const lang::Node& node, lang::Entity entity, uint32_t row);
  bool Rural(lang::Entity entity, uint32_t row) const;
  std::vector<uint32_t> SignalsOf(PackedId id) const;

  const lang::Program& program_;
  const Dataset& data_;
  const lang::ResolvedStandards& standards_;
  Days as_of_;
  std::vector<exec::ColumnValues> fields_;  // field columns by column index (others empty)
  std::map<std::pair<int, uint32_t>, RefValue> memo_;
  std::multimap<PackedId, uint32_t> signals_by_person_;
};

}  // namespace safetynet::testing
