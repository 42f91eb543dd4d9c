// The vectorized evaluator of expression trees: evaluates one node for a
// batch of rows (at most kBatchSize, all within [base, base + kBatchSize))
// given as a selection vector of ascending row numbers. It dispatches on the
// node's kind once per batch and loops over the selected rows; `and`, `or`,
// `if` and `??` narrow the selection, so a condition's later terms only see
// the rows its earlier terms let through. Results are indexed by row - base.
//
// Owns per-node scratch buffers, allocated on first use and reused: no
// allocation per row. One BatchEvaluator per thread (not thread-safe).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/exec/context.h"

namespace safetynet::exec {

// A batch of values, indexed by row - base; den == nullptr means den = 1.
struct Vec {
  const int64_t* num;
  const int64_t* den;
};

// How a comparison's result meets what its destination holds: stored, or
// combined with the destination's 1 or 0 by `and` / `or` (a comparison fused
// with the logic above it).
enum class Combine { kStore, kAnd, kOr };

class BatchEvaluator {
 public:
  explicit BatchEvaluator(const EvalContext& context);

  // Sets the entity whose rows the next calls evaluate.
  void SetEntity(lang::Entity entity) { entity_ = entity; }

  Vec Eval(int node, uint32_t base, const uint32_t* sel, size_t n);

  // Eval of a whole (not exact) node with its values written to `dest`
  // (indexed by row - base): by the node itself where it writes values of
  // its own, else copied.
  void EvalInto(int node, uint32_t base, const uint32_t* sel, size_t n, int64_t* dest);

  // Writes the rows of `sel` where the bool `node` is true (not false, not
  // unknown) to `out` (which must not alias `sel`); returns their count.
  size_t Filter(int node, uint32_t base, const uint32_t* sel, size_t n, uint32_t* out);

  // Whether the bool `node` may be unknown (empty) in this evaluation, from
  // the ranges of what it reads; false when it is surely 1 or 0.
  bool MayBeUnknown(int node) { return Range(node).may_be_empty; }

  // What the last aggregate evaluated over exactly one row found (for
  // explaining why its value is empty; not kept for larger selections).
  struct AggregateTrace {
    int64_t items = 0;      // items that counted
    bool overflow = false;  // a sum overflowed int64
    bool unknown = false;   // an item's membership or condition was unknown
  };
  const AggregateTrace& last_aggregate() const { return last_aggregate_; }

  // How many values each node left empty because they overflowed int64
  // (counted once per batch in which a node overflowed), indexed by node.
  const std::vector<size_t>& overflows() const { return overflows_; }

 private:
  struct Slot {
    std::unique_ptr<int64_t[]> own_num, own_den;
    // Where the node writes its values: its own buffers, or (num only) the
    // destination EvalInto was given.
    int64_t* num = nullptr;
    int64_t* den = nullptr;
    std::unique_ptr<uint32_t[]> sel_a, sel_b;
    bool constant_ready = false;
  };
  Slot& SlotFor(int node, bool with_den);
  uint32_t* SelA(int node);
  uint32_t* SelB(int node);
  void NoteOverflow(int node, bool overflow);
  // What is known of a whole node's values in this evaluation (derived on first use).
  const ValueRange& Range(int node);
  ValueRange DeriveRange(int node);

  Vec EvalConstant(int node);
  Vec EvalParam(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalGather(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalArithmetic(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalComparison(int node, uint32_t base, const uint32_t* sel, size_t n);
  // Comparison `node` over the selection, combined into `out` (indexed by row - base).
  void Compare(int node, uint32_t base, const uint32_t* sel, size_t n, Combine combine,
               int64_t* out);
  Vec EvalLogic(int node, uint32_t base, const uint32_t* sel, size_t n);
  // and/or/not of pure operands as values, every operand over every row (no narrowing).
  Vec EvalPureLogic(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalIf(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalCoalesce(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalInSet(int node, uint32_t base, const uint32_t* sel, size_t n);
  // The node's values kernel(x, overflow) from the values x of its one
  // argument (x's den kept where the node is exact); one kernel a batch.
  template <typename Kernel>
  Vec EvalEach(int node, uint32_t base, const uint32_t* sel, size_t n, Kernel kernel);
  // A builtin's kernel, chosen by a switch over every lang::Builtin.
  Vec EvalBuiltin(int node, uint32_t base, const uint32_t* sel, size_t n);
  int64_t AgeOf(Days birth);  // whole years from `birth` to the as-of date
  Vec EvalMinMax(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalMemberAggregate(int node, uint32_t base, const uint32_t* sel, size_t n);
  Vec EvalSignalAggregate(int node, uint32_t base, const uint32_t* sel, size_t n);

  const EvalContext& c_;
  const std::vector<lang::Node>& nodes_;
  lang::Entity entity_ = lang::Entity::kHousehold;
  std::vector<Slot> slots_;
  std::vector<size_t> overflows_;
  // Per node: can it be evaluated for any rows without a cost or an effect
  // worth avoiding (comparisons, sets, logic of fields, constants and
  // parameters: no arithmetic that may overflow, no aggregate)?
  std::vector<bool> pure_;
  std::vector<std::optional<ValueRange>> ranges_;
  // The ages on the as-of date by days before it, shared by every evaluator
  // of that date (AgeTable in batch_evaluator.cc); null until first used.
  std::shared_ptr<const std::vector<int16_t>> age_by_day_;
  AggregateTrace last_aggregate_;
};

}  // namespace safetynet::exec
