#include "engine/exec/batch_evaluator.h"

#include <algorithm>
#include <mutex>

#include "engine/common/exact_arithmetic.h"

namespace safetynet::exec {

using lang::Aggregate;
using lang::BaseType;
using lang::Builtin;
using lang::Entity;
using lang::Node;
using lang::Op;

namespace {

Fraction At(const Vec& v, size_t i) { return {v.num[i], v.den ? v.den[i] : 1}; }

Vec ColumnVec(const ColumnValues& column, uint32_t base) {
  return Vec{column.num.data() + base, column.den.empty() ? nullptr : column.den.data() + base};
}

// A truth value is 1 (true), 0 (false) or kEmpty (unknown): a bool is true
// when it is neither 0 nor unknown.
bool IsTrue(int64_t value) { return value != 0 && value != kEmpty; }

// not, and, or of truth values with unknown (kEmpty) as in SQL
// (docs/rule-language.md, "Empty values and unknown"): not unknown is
// unknown; false and unknown is false; true or unknown is true.
int64_t Not3(int64_t a) { return a == kEmpty ? kEmpty : int64_t{a == 0}; }
int64_t And3(int64_t a, int64_t b) {
  return ((a == 0) | (b == 0)) ? 0 : ((a == kEmpty) | (b == kEmpty)) ? kEmpty : 1;
}
int64_t Or3(int64_t a, int64_t b) {
  return ((a == 1) | (b == 1)) ? 1 : ((a == kEmpty) | (b == kEmpty)) ? kEmpty : 0;
}

// A kernel of one value (kernel(x, overflow)) that leaves an empty value empty.
template <typename Kernel>
auto EmptyStaysEmpty(Kernel kernel) {
  return [kernel](Fraction x, bool& overflow) -> int64_t {
    return x.num == kEmpty ? kEmpty : kernel(x, overflow);
  };
}

// Is the selection every row from its first to its last (no gaps)?
bool Dense(const uint32_t* sel, size_t n) { return n > 0 && sel[n - 1] - sel[0] == n - 1; }

// Calls one(row - base) for every row of the selection; a dense selection
// as a plain loop over positions (which the compiler vectorizes).
template <typename One>
void ForEachSelected(uint32_t base, const uint32_t* sel, size_t n, One one) {
  if (Dense(sel, n)) {
    const size_t first = sel[0] - base;
    for (size_t i = first; i < first + n; ++i) one(i);
  } else {
    for (size_t k = 0; k < n; ++k) one(sel[k] - base);
  }
}

enum class WholeOp { kAdd, kSub, kMul };

// What an operation on whole values must check, from its operands' ranges.
enum class Checks {
  kOverflow,  // overflow and empty operands
  kEmpty,     // cannot overflow (products: of operands that fit 32 bits); operands may be empty
  kNone,      // cannot overflow, and no operand is empty
};

// out = op(x, y) for whole values, with empties and overflow giving kEmpty.
// Written without branches so that the compiler vectorizes it: overflow of
// a sum or difference from the signs, and a product computed exactly where
// both sides fit 32 bits (the common case: fen times a count), with the rare
// other rows redone one by one. Checks a range proved needless are left out.
// A constant side is read as a scalar; a dense selection is a plain loop over positions.
template <WholeOp kOp, Checks kChecks, bool kXConst, bool kYConst>
void WholeLoop(const int64_t* x, const int64_t* y, int64_t* out, uint32_t base, const uint32_t* sel,
               size_t n, bool& overflow) {
  uint64_t any_overflow = 0, any_wide = 0;
  // A constant side read once, before the loop (out could alias it, as far as the compiler knows).
  const int64_t x0 = kXConst ? x[0] : 0, y0 = kYConst ? y[0] : 0;
  auto one = [&](size_t i) {
    const int64_t a = kXConst ? x0 : x[i];
    const int64_t b = kYConst ? y0 : y[i];
    const uint64_t empty = kChecks == Checks::kNone ? 0
                                                    : static_cast<uint64_t>(a == kEmpty) |
                                                          static_cast<uint64_t>(b == kEmpty);
    int64_t r;
    uint64_t over = 0;
    if constexpr (kOp == WholeOp::kMul) {
      r = static_cast<int64_t>(static_cast<int32_t>(a)) *
          static_cast<int64_t>(static_cast<int32_t>(b));
      if constexpr (kChecks == Checks::kOverflow) {
        // Beyond 32 bits (in unsigned arithmetic, which wraps where a is near the top of int64).
        const uint64_t wide =
            static_cast<uint64_t>(static_cast<uint64_t>(a) + 0x80000000ULL > 0xFFFFFFFFULL) |
            static_cast<uint64_t>(static_cast<uint64_t>(b) + 0x80000000ULL > 0xFFFFFFFFULL);
        any_wide |= wide & ~empty;
      }
    } else {
      const uint64_t sum = kOp == WholeOp::kAdd
                               ? static_cast<uint64_t>(a) + static_cast<uint64_t>(b)
                               : static_cast<uint64_t>(a) - static_cast<uint64_t>(b);
      r = static_cast<int64_t>(sum);
      if constexpr (kChecks == Checks::kOverflow) {
        const int64_t sign = kOp == WholeOp::kAdd ? ((a ^ r) & (b ^ r)) : ((a ^ b) & (a ^ r));
        over = static_cast<uint64_t>(sign < 0) | static_cast<uint64_t>(r == kEmpty);
      }
    }
    if constexpr (kChecks == Checks::kNone) {
      out[i] = r;
    } else {
      any_overflow |= over & ~empty;
      out[i] = (empty | over) ? kEmpty : r;
    }
  };
  ForEachSelected(base, sel, n, one);
  if constexpr (kOp == WholeOp::kMul && kChecks == Checks::kOverflow) {
    if (any_wide) {  // products of values beyond 32 bits: exactly, one by one
      for (size_t k = 0; k < n; ++k) {
        const size_t i = sel[k] - base;
        const int64_t a = kXConst ? x[0] : x[i];
        const int64_t b = kYConst ? y[0] : y[i];
        if (a == kEmpty || b == kEmpty) continue;
        int64_t r;
        const bool over = __builtin_mul_overflow(a, b, &r) || r == kEmpty;
        any_overflow |= over;
        out[i] = over ? kEmpty : r;
      }
    }
  }
  overflow = overflow || any_overflow != 0;
}

// A comparison's truth value (1, 0 or unknown) combined with `before` (1 or
// 0, never unknown) by and / or, without branches.
int64_t Combined(Combine combine, int64_t before, int64_t holds) {
  return combine == Combine::kStore ? holds
         : combine == Combine::kAnd ? (holds & -before)
                                    : ((holds & (before - 1)) | before);
}

// out = x op y (1 or 0; unknown where a side is empty) for whole values,
// without branches, combined with out as kCombine says; the emptiness checks
// left out where no side can be empty, a constant y read as a scalar.
template <Op kOp, bool kYConst, bool kMayBeEmpty, Combine kCombine>
void CompareWhole(const int64_t* x, const int64_t* y, int64_t* out, uint32_t base,
                  const uint32_t* sel, size_t n) {
  const int64_t y0 = kYConst ? y[0] : 0;
  ForEachSelected(base, sel, n, [&](size_t i) {
    const int64_t a = x[i], b = kYConst ? y0 : y[i];
    int64_t holds;
    if constexpr (kOp == Op::kEq) holds = a == b;
    if constexpr (kOp == Op::kNe) holds = a != b;
    if constexpr (kOp == Op::kLt) holds = a < b;
    if constexpr (kOp == Op::kLe) holds = a <= b;
    if constexpr (kOp == Op::kGt) holds = a > b;
    if constexpr (kOp == Op::kGe) holds = a >= b;
    if constexpr (kMayBeEmpty) holds = ((a == kEmpty) | (b == kEmpty)) ? kEmpty : holds;
    out[i] = Combined(kCombine, kCombine == Combine::kStore ? 0 : out[i], holds);
  });
}

// out = x and y (kAnd) or x or y of truth values (And3, Or3);
// kZeroOne: both sides are 0 or 1 (never unknown), combined as they are.
template <bool kAnd, bool kZeroOne>
void CombineBools(const int64_t* x, const int64_t* y, int64_t* out, uint32_t base,
                  const uint32_t* sel, size_t n) {
  ForEachSelected(base, sel, n, [&](size_t i) {
    if constexpr (kZeroOne) {
      out[i] = kAnd ? (x[i] & y[i]) : (x[i] | y[i]);
    } else {
      out[i] = kAnd ? And3(x[i], y[i]) : Or3(x[i], y[i]);
    }
  });
}

using CompareKernel = void (*)(const int64_t*, const int64_t*, int64_t*, uint32_t, const uint32_t*,
                               size_t);

// The comparison kernel of operator kOp combining as kCombine, for a constant
// y or not, with emptiness checks or not.
template <Op kOp, Combine kCombine>
CompareKernel CompareKernelFor(bool y_const, bool may_be_empty) {
  if (y_const) {
    return may_be_empty ? CompareWhole<kOp, true, true, kCombine>
                        : CompareWhole<kOp, true, false, kCombine>;
  }
  return may_be_empty ? CompareWhole<kOp, false, true, kCombine>
                      : CompareWhole<kOp, false, false, kCombine>;
}

template <Op kOp>
CompareKernel CompareKernelFor(Combine combine, bool y_const, bool may_be_empty) {
  switch (combine) {
    case Combine::kAnd:
      return CompareKernelFor<kOp, Combine::kAnd>(y_const, may_be_empty);
    case Combine::kOr:
      return CompareKernelFor<kOp, Combine::kOr>(y_const, may_be_empty);
    default:
      return CompareKernelFor<kOp, Combine::kStore>(y_const, may_be_empty);
  }
}

template <WholeOp kOp, Checks kChecks>
void WholeKernel(const int64_t* x, bool x_const, const int64_t* y, bool y_const, int64_t* out,
                 uint32_t base, const uint32_t* sel, size_t n, bool& overflow) {
  // Two constants (which the compiler folds, unless the rule writes them so) read x as a column.
  if (x_const && !y_const) {
    return WholeLoop<kOp, kChecks, true, false>(x, y, out, base, sel, n, overflow);
  }
  if (y_const) return WholeLoop<kOp, kChecks, false, true>(x, y, out, base, sel, n, overflow);
  WholeLoop<kOp, kChecks, false, false>(x, y, out, base, sel, n, overflow);
}

// The checks x op y needs (op: + - *), from what is known of x and y.
Checks ChecksFor(Op op, const ValueRange& x, const ValueRange& y) {
  const std::optional<ValueRange> result = op == Op::kAdd   ? SumRange(x, y)
                                           : op == Op::kSub ? DifferenceRange(x, y)
                                                            : ProductRange(x, y);
  if (!result) return Checks::kOverflow;
  // The kernels without overflow checks multiply 32-bit values.
  if (op == Op::kMul && !(x.FitsInt32() && y.FitsInt32())) return Checks::kOverflow;
  return result->may_be_empty ? Checks::kEmpty : Checks::kNone;
}

// The kernel of whole operation `op` with the given checks.
using WholeKernelFn = void (*)(const int64_t*, bool, const int64_t*, bool, int64_t*, uint32_t,
                               const uint32_t*, size_t, bool&);
template <WholeOp kOp>
WholeKernelFn KernelWith(Checks checks) {
  switch (checks) {
    case Checks::kNone:
      return WholeKernel<kOp, Checks::kNone>;
    case Checks::kEmpty:
      return WholeKernel<kOp, Checks::kEmpty>;
    default:
      return WholeKernel<kOp, Checks::kOverflow>;
  }
}

}  // namespace

BatchEvaluator::BatchEvaluator(const EvalContext& context)
    : c_(context),
      nodes_(context.program.nodes),
      slots_(context.program.nodes.size()),
      overflows_(context.program.nodes.size(), 0),
      pure_(context.program.nodes.size(), false),
      ranges_(context.program.nodes.size()) {
  // Children come before their parents in the node list.
  for (size_t i = 0; i < nodes_.size(); ++i) {
    const Node& node = nodes_[i];
    // Leaves, and ops of 1 or 0 (whose operands may be pure too).
    const bool leaf = node.op == Op::kConst || node.op == Op::kColumn || node.op == Op::kGather ||
                      node.op == Op::kParam || node.op == Op::kAsOf;
    bool pure = leaf || lang::GivesTruthValue(node);
    for (int arg : node.args) pure = pure && pure_[arg];
    pure_[i] = pure;
  }
}

BatchEvaluator::Slot& BatchEvaluator::SlotFor(int node, bool with_den) {
  Slot& slot = slots_[node];
  if (!slot.own_num) {
    slot.own_num = std::make_unique<int64_t[]>(kBatchSize);
    slot.num = slot.own_num.get();
  }
  if (with_den && !slot.den) {
    slot.own_den = std::make_unique<int64_t[]>(kBatchSize);
    slot.den = slot.own_den.get();
  }
  return slot;
}

uint32_t* BatchEvaluator::SelA(int node) {
  Slot& slot = slots_[node];
  if (!slot.sel_a) slot.sel_a = std::make_unique<uint32_t[]>(kBatchSize);
  return slot.sel_a.get();
}

uint32_t* BatchEvaluator::SelB(int node) {
  Slot& slot = slots_[node];
  if (!slot.sel_b) slot.sel_b = std::make_unique<uint32_t[]>(kBatchSize);
  return slot.sel_b.get();
}

void BatchEvaluator::NoteOverflow(int node, bool overflow) {
  if (overflow) ++overflows_[node];
}

const ValueRange& BatchEvaluator::Range(int node_index) {
  std::optional<ValueRange>& known = ranges_[node_index];
  if (!known) known = DeriveRange(node_index);
  return *known;
}

ValueRange BatchEvaluator::DeriveRange(int node_index) {
  const Node& node = nodes_[node_index];
  const ValueRange unknown;
  if (node.type.exact) return unknown;
  switch (node.op) {
    case Op::kConst:
      return node.constant.den == 1 ? ValueRange::Of(node.constant.num) : unknown;
    case Op::kAsOf:
      return ValueRange::Of(c_.as_of);
    case Op::kColumn: {
      const ColumnValues& column = *c_.columns[node.column];
      return column.den.empty() ? column.range : unknown;
    }
    case Op::kGather: {  // the source column's values, and empty where there is no linked row
      const ColumnValues& source = *c_.columns[node.column];
      if (!source.den.empty()) return unknown;
      ValueRange range = source.range;
      range.may_be_empty = true;
      return range;
    }
    case Op::kParam: {
      const lang::Value urban = c_.standards.Get(node.param, false);
      const lang::Value rural = c_.standards.Get(node.param, true);
      if (urban.den != 1 || rural.den != 1) return unknown;
      return Union(ValueRange::Of(urban.num), ValueRange::Of(rural.num));
    }
    case Op::kAdd:
      return SumRange(Range(node.args[0]), Range(node.args[1])).value_or(unknown);
    case Op::kSub:
      return DifferenceRange(Range(node.args[0]), Range(node.args[1])).value_or(unknown);
    case Op::kMul:
      return ProductRange(Range(node.args[0]), Range(node.args[1])).value_or(unknown);
    case Op::kMemberAggregate:
    case Op::kSignalAggregate: {  // a count is empty only where membership may be unknown
      if (node.aggregate != lang::Aggregate::kCount) return unknown;
      bool may_be_empty = false;
      for (int column : {node.member_set, node.filter}) {
        may_be_empty = may_be_empty || (column >= 0 && c_.columns[column]->range.may_be_empty);
      }
      return ValueRange{0, std::numeric_limits<int64_t>::max(), may_be_empty};
    }
    default:
      if (lang::GivesPresence(node)) return ValueRange{0, 1, false};
      if (lang::GivesTruthValue(node)) {  // unknown only where an operand may be empty
        bool may_be_empty = false;
        for (int arg : node.args) may_be_empty = may_be_empty || Range(arg).may_be_empty;
        return ValueRange{0, 1, may_be_empty};
      }
      return unknown;
  }
}

Vec BatchEvaluator::Eval(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  switch (node.op) {
    case Op::kConst:
      return EvalConstant(node_index);
    case Op::kColumn:
      return ColumnVec((*c_.columns[node.column]), base);
    case Op::kGather:
      return EvalGather(node_index, base, sel, n);
    case Op::kParam:
      return EvalParam(node_index, base, sel, n);
    case Op::kAsOf:
      return EvalConstant(node_index);
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv:
      return EvalArithmetic(node_index, base, sel, n);
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return EvalComparison(node_index, base, sel, n);
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
      return EvalLogic(node_index, base, sel, n);
    case Op::kIf:
      return EvalIf(node_index, base, sel, n);
    case Op::kCoalesce:
      return EvalCoalesce(node_index, base, sel, n);
    case Op::kNeg:
      return EvalEach(node_index, base, sel, n,
                      EmptyStaysEmpty([](Fraction x, bool&) { return -x.num; }));
    case Op::kInSet:
      return EvalInSet(node_index, base, sel, n);
    case Op::kBuiltin:
      return EvalBuiltin(node_index, base, sel, n);
    case Op::kMemberAggregate:
      return EvalMemberAggregate(node_index, base, sel, n);
    case Op::kSignalAggregate:
      return EvalSignalAggregate(node_index, base, sel, n);
  }
  __builtin_unreachable();  // every Op returns above
}

void BatchEvaluator::EvalInto(int node_index, uint32_t base, const uint32_t* sel, size_t n,
                              int64_t* dest) {
  switch (nodes_[node_index].op) {
    case Op::kConst:  // values kept from batch to batch, or another's
    case Op::kAsOf:
    case Op::kParam:
    case Op::kColumn: {
      const Vec v = Eval(node_index, base, sel, n);
      for (size_t k = 0; k < n; ++k) dest[sel[k] - base] = v.num[sel[k] - base];
      return;
    }
    default: {
      Slot& slot = SlotFor(node_index, false);
      slot.num = dest;
      Eval(node_index, base, sel, n);
      slot.num = slot.own_num.get();
    }
  }
}

Vec BatchEvaluator::EvalConstant(int node_index) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  if (!slot.constant_ready) {
    int64_t num = node.op == Op::kAsOf ? c_.as_of : node.constant.num;
    std::fill_n(slot.num, kBatchSize, num);
    if (slot.den) std::fill_n(slot.den, kBatchSize, node.constant.den);
    slot.constant_ready = true;
  }
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalParam(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  const lang::Value urban = c_.standards.Get(node.param, false);
  const lang::Value rural = c_.standards.Get(node.param, true);
  Slot& slot = SlotFor(node_index, node.type.exact);
  if (urban == rural) {
    if (!slot.constant_ready) {
      std::fill_n(slot.num, kBatchSize, urban.num);
      if (slot.den) std::fill_n(slot.den, kBatchSize, urban.den);
      slot.constant_ready = true;
    }
    return Vec{slot.num, slot.den};
  }
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = sel[k];
    const lang::Value& value = c_.Rural(entity_, row) ? rural : urban;
    slot.num[row - base] = value.num;
    if (slot.den) slot.den[row - base] = value.den;
  }
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalGather(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  const ColumnValues& source = (*c_.columns[node.column]);
  Slot& slot = SlotFor(node_index, !source.den.empty());
  const uint32_t* link = node.link == lang::Link::kPersonHousehold
                             ? c_.data.persons.household_row.data()
                             : c_.data.elderly_person_row.data();
  const bool via_person = node.link == lang::Link::kElderlyHousehold;
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = sel[k];
    uint32_t target = via_person ? c_.ElderlyHousehold(row) : link[row];
    bool none = target == kNoRow;
    slot.num[row - base] = none ? kEmpty : source.num[target];
    if (slot.den) slot.den[row - base] = none ? 1 : source.den[target];
  }
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalArithmetic(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  Vec x = Eval(node.args[0], base, sel, n);
  Vec y = Eval(node.args[1], base, sel, n);
  const bool exact = node.type.exact || node.op == Op::kDiv;
  Slot& slot = SlotFor(node_index, exact);
  int64_t* out = slot.num;
  bool overflow = false;
  if (!exact && !x.den && !y.den) {
    // Whole values: int, money, dates.
    const bool x_const = nodes_[node.args[0]].op == Op::kConst;
    const bool y_const = nodes_[node.args[1]].op == Op::kConst;
    const Checks checks = ChecksFor(node.op, Range(node.args[0]), Range(node.args[1]));
    switch (node.op) {
      case Op::kAdd:
        KernelWith<WholeOp::kAdd>(checks)(x.num, x_const, y.num, y_const, out, base, sel, n,
                                          overflow);
        break;
      case Op::kSub:
        KernelWith<WholeOp::kSub>(checks)(x.num, x_const, y.num, y_const, out, base, sel, n,
                                          overflow);
        break;
      default:
        KernelWith<WholeOp::kMul>(checks)(x.num, x_const, y.num, y_const, out, base, sel, n,
                                          overflow);
        break;
    }
    NoteOverflow(node_index, overflow);
    return Vec{out, nullptr};
  }
  int64_t* den = slot.den;
  for (size_t k = 0; k < n; ++k) {
    size_t i = sel[k] - base;
    if (x.num[i] == kEmpty || y.num[i] == kEmpty) {
      out[i] = kEmpty;
      if (den) den[i] = 1;
      continue;
    }
    Fraction a = At(x, i), b = At(y, i), r;
    switch (node.op) {
      case Op::kAdd:
        r = AddFractions(a, b, 1, overflow);
        break;
      case Op::kSub:
        r = AddFractions(a, b, -1, overflow);
        break;
      case Op::kMul:
        r = MulFractions(a, b, overflow);
        break;
      default:
        r = DivFractions(a, b, overflow);
        break;
    }
    out[i] = r.num;
    den[i] = r.den;
  }
  NoteOverflow(node_index, overflow);
  return Vec{out, den};
}

Vec BatchEvaluator::EvalComparison(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  int64_t* out = SlotFor(node_index, false).num;
  Compare(node_index, base, sel, n, Combine::kStore, out);
  return Vec{out, nullptr};
}

void BatchEvaluator::Compare(int node_index, uint32_t base, const uint32_t* sel, size_t n,
                             Combine combine, int64_t* out) {
  const Node& node = nodes_[node_index];
  Vec x = Eval(node.args[0], base, sel, n);
  Vec y = Eval(node.args[1], base, sel, n);
  const Op op = node.op;
  if (!x.den && !y.den) {
    // Kernels per operator, kEq to kGe in the order of Op.
    static constexpr CompareKernel (*kKernelFor[])(Combine, bool, bool) = {
        CompareKernelFor<Op::kEq>, CompareKernelFor<Op::kNe>, CompareKernelFor<Op::kLt>,
        CompareKernelFor<Op::kLe>, CompareKernelFor<Op::kGt>, CompareKernelFor<Op::kGe>};
    static_assert(static_cast<int>(Op::kGe) - static_cast<int>(Op::kEq) == 5);
    const bool y_const = nodes_[node.args[1]].op == Op::kConst;
    const bool may_be_empty = Range(node.args[0]).may_be_empty || Range(node.args[1]).may_be_empty;
    kKernelFor[static_cast<int>(op) - static_cast<int>(Op::kEq)](combine, y_const, may_be_empty)(
        x.num, y.num, out, base, sel, n);
    return;
  }
  auto decide = [op](int order) {
    switch (op) {
      case Op::kEq:
        return order == 0;
      case Op::kNe:
        return order != 0;
      case Op::kLt:
        return order < 0;
      case Op::kLe:
        return order <= 0;
      case Op::kGt:
        return order > 0;
      default:
        return order >= 0;
    }
  };
  for (size_t k = 0; k < n; ++k) {
    size_t i = sel[k] - base;
    const int64_t holds = x.num[i] == kEmpty || y.num[i] == kEmpty
                              ? kEmpty
                              : decide(CompareFractions(At(x, i), At(y, i)));
    out[i] = Combined(combine, combine == Combine::kStore ? 0 : out[i], holds);
  }
}

Vec BatchEvaluator::EvalLogic(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  if (pure_[node_index]) return EvalPureLogic(node_index, base, sel, n);
  const Node& node = nodes_[node_index];
  int64_t* out = SlotFor(node_index, false).num;
  Vec x = Eval(node.args[0], base, sel, n);
  if (node.op == Op::kNot) {
    for (size_t k = 0; k < n; ++k) out[sel[k] - base] = Not3(x.num[sel[k] - base]);
    return Vec{out, nullptr};
  }
  // The right side only where the left does not decide: `and` where the
  // left is not false, `or` where it is not true.
  const bool is_and = node.op == Op::kAnd;
  const int64_t decides = is_and ? 0 : 1;
  uint32_t* rest = SelA(node_index);
  size_t rest_count = 0;
  for (size_t k = 0; k < n; ++k) {
    const size_t i = sel[k] - base;
    out[i] = x.num[i] == decides ? decides : x.num[i];
    rest[rest_count] = sel[k];
    rest_count += x.num[i] != decides ? 1 : 0;
  }
  if (rest_count == 0) return Vec{out, nullptr};
  Vec y = Eval(node.args[1], base, rest, rest_count);
  for (size_t k = 0; k < rest_count; ++k) {
    const size_t i = rest[k] - base;
    out[i] = is_and ? And3(out[i], y.num[i]) : Or3(out[i], y.num[i]);
  }
  return Vec{out, nullptr};
}

Vec BatchEvaluator::EvalPureLogic(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  int64_t* out = SlotFor(node_index, false).num;
  if (node.op == Op::kNot) {
    Vec x = Eval(node.args[0], base, sel, n);
    for (size_t k = 0; k < n; ++k) out[sel[k] - base] = Not3(x.num[sel[k] - base]);
    return Vec{out, nullptr};
  }
  const bool left_zero_one = Range(node.args[0]).ZeroOrOne();
  const bool zero_one = left_zero_one && Range(node.args[1]).ZeroOrOne();
  if (left_zero_one && lang::IsComparison(nodes_[node.args[1]].op)) {
    // The left side written here, the comparison on the right combined with it in one pass.
    EvalInto(node.args[0], base, sel, n, out);
    Compare(node.args[1], base, sel, n, node.op == Op::kAnd ? Combine::kAnd : Combine::kOr, out);
    return Vec{out, nullptr};
  }
  Vec x = Eval(node.args[0], base, sel, n);
  Vec y = Eval(node.args[1], base, sel, n);
  using Kernel =
      void (*)(const int64_t*, const int64_t*, int64_t*, uint32_t, const uint32_t*, size_t);
  const Kernel kernel = node.op == Op::kAnd
                            ? (zero_one ? CombineBools<true, true> : CombineBools<true, false>)
                            : (zero_one ? CombineBools<false, true> : CombineBools<false, false>);
  kernel(x.num, y.num, out, base, sel, n);
  return Vec{out, nullptr};
}

size_t BatchEvaluator::Filter(int node_index, uint32_t base, const uint32_t* sel, size_t n,
                              uint32_t* out) {
  const Node& node = nodes_[node_index];
  switch (node.op) {
    case Op::kAnd: {
      uint32_t* left = SelB(node_index);
      size_t count = Filter(node.args[0], base, sel, n, left);
      return Filter(node.args[1], base, left, count, out);
    }
    case Op::kOr: {
      // Rows the left side lets through, then the right side on the rest; merged in order.
      uint32_t* left = SelB(node_index);
      size_t left_count = Filter(node.args[0], base, sel, n, left);
      uint32_t* rest = out;  // reuse `out` for the rest, then merge from a copy
      size_t rest_count = 0, j = 0;
      for (size_t k = 0; k < n; ++k) {
        if (j < left_count && left[j] == sel[k]) {
          ++j;
        } else {
          rest[rest_count++] = sel[k];
        }
      }
      uint32_t* right = SelA(node_index);
      size_t right_count = Filter(node.args[1], base, rest, rest_count, right);
      std::merge(left, left + left_count, right, right + right_count, out);
      return left_count + right_count;
    }
    case Op::kNot: {  // the rows where the operand is false (not where it is unknown)
      Vec v = Eval(node.args[0], base, sel, n);
      size_t count = 0;
      for (size_t k = 0; k < n; ++k) {
        out[count] = sel[k];
        count += v.num[sel[k] - base] == 0 ? 1 : 0;
      }
      return count;
    }
    default: {
      Vec v = Eval(node_index, base, sel, n);
      size_t count = 0;
      for (size_t k = 0; k < n; ++k) {
        int64_t value = v.num[sel[k] - base];
        out[count] = sel[k];
        count += IsTrue(value) ? 1 : 0;
      }
      return count;
    }
  }
}

Vec BatchEvaluator::EvalIf(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  uint32_t* yes = SelA(node_index);
  uint32_t* no = SelB(node_index);
  size_t yes_count = 0, no_count = 0;
  if (Range(node.args[0]).may_be_empty) {
    // An unknown condition gives an empty value (neither branch).
    Vec condition = Eval(node.args[0], base, sel, n);
    for (size_t k = 0; k < n; ++k) {
      const size_t i = sel[k] - base;
      const int64_t c = condition.num[i];
      yes[yes_count] = no[no_count] = sel[k];
      yes_count += c == 1 ? 1 : 0;
      no_count += c == 0 ? 1 : 0;
      if (c == kEmpty) {
        slot.num[i] = kEmpty;
        if (slot.den) slot.den[i] = 1;
      }
    }
  } else {
    yes_count = Filter(node.args[0], base, sel, n, yes);
    for (size_t k = 0, j = 0; k < n; ++k) {
      if (j < yes_count && yes[j] == sel[k]) {
        ++j;
      } else {
        no[no_count++] = sel[k];
      }
    }
  }
  for (auto [rows, count, branch] :
       {std::tuple{yes, yes_count, node.args[1]}, std::tuple{no, no_count, node.args[2]}}) {
    if (count == 0) continue;
    Vec v = Eval(branch, base, rows, count);
    for (size_t k = 0; k < count; ++k) {
      size_t i = rows[k] - base;
      slot.num[i] = v.num[i];
      if (slot.den) slot.den[i] = v.den ? v.den[i] : 1;
    }
  }
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalCoalesce(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  Vec first = Eval(node.args[0], base, sel, n);
  uint32_t* missing = SelA(node_index);
  size_t missing_count = 0;
  for (size_t k = 0; k < n; ++k) {
    size_t i = sel[k] - base;
    slot.num[i] = first.num[i];
    if (slot.den) slot.den[i] = first.den ? first.den[i] : 1;
    missing[missing_count] = sel[k];
    missing_count += first.num[i] == kEmpty ? 1 : 0;
  }
  if (missing_count > 0) {
    Vec second = Eval(node.args[1], base, missing, missing_count);
    for (size_t k = 0; k < missing_count; ++k) {
      size_t i = missing[k] - base;
      slot.num[i] = second.num[i];
      if (slot.den) slot.den[i] = second.den ? second.den[i] : 1;
    }
  }
  return Vec{slot.num, slot.den};
}

namespace {

// Births within kAgeTableDays before an as-of date (about 160 years).
constexpr Days kAgeTableDays = 60000;

// The ages on `as_of` of births 0..kAgeTableDays days before it: built once
// per date and process, then shared (an evaluation of a few rows, as the
// live service makes, would otherwise spend its time building it). The
// cache keeps the last few dates; evaluators hold their table.
std::shared_ptr<const std::vector<int16_t>> AgeTable(Days as_of) {
  static std::mutex mutex;
  static std::vector<std::pair<Days, std::shared_ptr<const std::vector<int16_t>>>> tables;
  std::lock_guard lock(mutex);
  for (const auto& [date, table] : tables) {
    if (date == as_of) return table;
  }
  auto table = std::make_shared<std::vector<int16_t>>(kAgeTableDays + 1);
  for (Days d = 0; d <= kAgeTableDays; ++d) {
    (*table)[d] = static_cast<int16_t>(AgeInYears(as_of - d, as_of));
  }
  if (tables.size() == 8) tables.erase(tables.begin());
  tables.emplace_back(as_of, table);
  return table;
}

}  // namespace

int64_t BatchEvaluator::AgeOf(Days birth) {
  // Births within the table's days come from it; others (in the future, or
  // older) are computed.
  if (!age_by_day_) age_by_day_ = AgeTable(c_.as_of);
  const int64_t before = static_cast<int64_t>(c_.as_of) - birth;
  if (before >= 0 && before <= kAgeTableDays) return (*age_by_day_)[before];
  return AgeInYears(birth, c_.as_of);
}

Vec BatchEvaluator::EvalInSet(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  Vec x = Eval(node.args[0], base, sel, n);
  int64_t* out = SlotFor(node_index, false).num;
  for (size_t k = 0; k < n; ++k) {
    size_t i = sel[k] - base;
    out[i] = x.num[i] == kEmpty
                 ? kEmpty
                 : std::find(node.set.begin(), node.set.end(), x.num[i]) != node.set.end();
  }
  return Vec{out, nullptr};
}

template <typename Kernel>
Vec BatchEvaluator::EvalEach(int node_index, uint32_t base, const uint32_t* sel, size_t n,
                             Kernel kernel) {
  const Node& node = nodes_[node_index];
  Vec x = Eval(node.args[0], base, sel, n);
  Slot& slot = SlotFor(node_index, node.type.exact);
  bool overflow = false;
  for (size_t k = 0; k < n; ++k) {
    const size_t i = sel[k] - base;
    if (slot.den) slot.den[i] = x.den ? x.den[i] : 1;
    slot.num[i] = kernel(At(x, i), overflow);
  }
  NoteOverflow(node_index, overflow);
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalBuiltin(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  switch (nodes_[node_index].builtin) {
    case Builtin::kRound:
      return EvalEach(node_index, base, sel, n,
                      EmptyStaysEmpty([](Fraction x, bool&) { return RoundHalfUp(x); }));
    case Builtin::kCeil10:
      return EvalEach(node_index, base, sel, n, EmptyStaysEmpty([](Fraction x, bool& overflow) {
                        return CeilToStep(x, 1000, overflow);
                      }));
    case Builtin::kCeil1:
      return EvalEach(node_index, base, sel, n, EmptyStaysEmpty([](Fraction x, bool& overflow) {
                        return CeilToStep(x, 100, overflow);
                      }));
    case Builtin::kMin:
    case Builtin::kMax:
      return EvalMinMax(node_index, base, sel, n);
    case Builtin::kAbs:
      return EvalEach(node_index, base, sel, n, EmptyStaysEmpty([](Fraction x, bool&) {
                        return x.num < 0 ? -x.num : x.num;
                      }));
    case Builtin::kAge:  // ages from a table by birth date: no calendar arithmetic per row
      return EvalEach(node_index, base, sel, n, EmptyStaysEmpty([this](Fraction x, bool&) {
                        return AgeOf(static_cast<Days>(x.num));
                      }));
    case Builtin::kDaysSince:
      return EvalEach(node_index, base, sel, n,
                      EmptyStaysEmpty([this](Fraction x, bool&) { return c_.as_of - x.num; }));
    case Builtin::kHas:
      return EvalEach(node_index, base, sel, n,
                      [](Fraction x, bool&) { return int64_t{x.num != kEmpty}; });
  }
  __builtin_unreachable();  // every Builtin returns above
}

Vec BatchEvaluator::EvalMinMax(int node_index, uint32_t base, const uint32_t* sel, size_t n) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  const bool is_min = node.builtin == Builtin::kMin;
  for (size_t a = 0; a < node.args.size(); ++a) {
    Vec v = Eval(node.args[a], base, sel, n);
    for (size_t k = 0; k < n; ++k) {
      size_t i = sel[k] - base;
      Fraction candidate = At(v, i);
      bool take;
      if (a == 0) {
        take = true;
      } else if (slot.num[i] == kEmpty) {
        take = false;  // an empty argument makes the result empty
      } else if (candidate.num == kEmpty) {
        take = true;
      } else {
        int order = CompareFractions(candidate, Fraction{slot.num[i], slot.den ? slot.den[i] : 1});
        take = is_min ? order < 0 : order > 0;
      }
      if (take) {
        slot.num[i] = candidate.num;
        if (slot.den) slot.den[i] = candidate.den;
      }
    }
  }
  return Vec{slot.num, slot.den};
}

namespace {

// Accumulates one aggregate over values (whole numbers, dates or bools).
// An item whose membership (`where`) or whose any/all condition is unknown
// makes the result empty (unknown), unless a decided item settles it: any
// item true for any(), any item false for all().
struct Accumulator {
  Aggregate kind;
  int64_t count = 0;
  int64_t total = 0;
  int64_t best = kEmpty;
  bool all = true;
  bool overflow = false;
  bool unknown = false;

  // Whether an item with this membership (1, 0 or unknown) counts; notes an unknown one.
  bool Counts(int64_t member) {
    unknown = unknown || member == kEmpty;
    return member == 1;
  }

  void Add(int64_t value) {
    ++count;
    switch (kind) {
      case Aggregate::kSum:
      case Aggregate::kMean:
        if (value != kEmpty && total != kEmpty)
          total = CheckedAdd(total, value, overflow);
        else
          total = kEmpty;
        break;
      case Aggregate::kMin:
        if (value != kEmpty && (best == kEmpty || value < best)) best = value;
        break;
      case Aggregate::kMax:
        if (value != kEmpty && (best == kEmpty || value > best)) best = value;
        break;
      case Aggregate::kAll:
        all = all && value != 0;
        unknown = unknown || value == kEmpty;
        break;
      case Aggregate::kCount:
      case Aggregate::kAny:
        break;
    }
  }
  void Result(int64_t& num, int64_t* den) const {
    if (den) *den = 1;
    switch (kind) {
      case Aggregate::kAny:
        num = count > 0 ? 1 : unknown ? kEmpty : 0;
        return;
      case Aggregate::kAll:
        num = !all ? 0 : unknown ? kEmpty : 1;
        return;
      default:
        break;
    }
    if (unknown) {
      num = kEmpty;
      return;
    }
    switch (kind) {
      case Aggregate::kCount:
        num = count;
        return;
      case Aggregate::kSum:
        num = total;
        return;
      case Aggregate::kMean:
        if (count == 0 || total == kEmpty) {
          num = kEmpty;
          return;
        }
        {
          Fraction mean{kEmpty, 1};
          Narrow(total, count, mean);
          num = mean.num;
          if (den) *den = mean.den;
        }
        return;
      default:  // min, max
        num = best;
        return;
    }
  }
};

}  // namespace

Vec BatchEvaluator::EvalMemberAggregate(int node_index, uint32_t base, const uint32_t* sel,
                                        size_t n) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  const std::vector<uint32_t>& member_begin = c_.data.households.member_begin;
  const int64_t* in_set =
      node.member_set >= 0 ? (*c_.columns[node.member_set]).num.data() : nullptr;
  const int64_t* value = node.value >= 0 ? (*c_.columns[node.value]).num.data() : nullptr;
  bool overflow = false;
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = sel[k];
    Accumulator acc{node.aggregate};
    for (uint32_t m = member_begin[row]; m < member_begin[row + 1]; ++m) {
      if (in_set && !acc.Counts(in_set[m])) continue;
      if (node.aggregate == Aggregate::kAny && value && !acc.Counts(value[m])) continue;
      acc.Add(value ? value[m] : 1);
    }
    overflow = overflow || acc.overflow;
    acc.Result(slot.num[row - base], slot.den ? &slot.den[row - base] : nullptr);
    if (n == 1) last_aggregate_ = {acc.count, acc.overflow, acc.unknown};
  }
  NoteOverflow(node_index, overflow);
  return Vec{slot.num, slot.den};
}

Vec BatchEvaluator::EvalSignalAggregate(int node_index, uint32_t base, const uint32_t* sel,
                                        size_t n) {
  const Node& node = nodes_[node_index];
  Slot& slot = SlotFor(node_index, node.type.exact);
  const SignalIndex& index = c_.signals;
  const int64_t* filter = node.filter >= 0 ? (*c_.columns[node.filter]).num.data() : nullptr;
  const int64_t* value = node.value >= 0 ? (*c_.columns[node.value]).num.data() : nullptr;
  const int64_t* in_set =
      node.member_set >= 0 ? (*c_.columns[node.member_set]).num.data() : nullptr;
  const Days upper = c_.as_of - node.window_to;
  const Days lower =
      node.window_from < 0 ? std::numeric_limits<Days>::min() : c_.as_of - node.window_from;
  const SignalType type = node.signal_type;
  bool overflow = false;

  // Reads the type and date kept in the index (in order), the signal's own row only when it counts.
  auto scan = [&](bool persons, uint32_t begin, uint32_t end, Accumulator& acc) {
    const uint32_t* rows = (persons ? index.person_rows() : index.elderly_rows()).data();
    const SignalType* types = (persons ? index.person_types() : index.elderly_types()).data();
    const Days* dates = (persons ? index.person_dates() : index.elderly_dates()).data();
    for (uint32_t s = begin; s < end; ++s) {
      if (types[s] != type) {
        if (types[s] > type) break;  // sorted by type
        continue;
      }
      const Days date = dates[s];
      if (date <= lower || date > upper) continue;
      const uint32_t signal = rows[s];
      if (filter && !acc.Counts(filter[signal])) continue;
      if (node.aggregate == Aggregate::kAny && value && !acc.Counts(value[signal])) continue;
      acc.Add(value ? value[signal] : 1);
    }
  };
  for (size_t k = 0; k < n; ++k) {
    uint32_t row = sel[k];
    Accumulator acc{node.aggregate};
    switch (entity_) {
      case Entity::kPerson:
        scan(true, index.PersonBegin(row), index.PersonEnd(row), acc);
        break;
      case Entity::kElderly:
        scan(false, index.ElderlyBegin(row), index.ElderlyEnd(row), acc);
        break;
      default: {
        const std::vector<uint32_t>& member_begin = c_.data.households.member_begin;
        for (uint32_t m = member_begin[row]; m < member_begin[row + 1]; ++m) {
          if (in_set && !acc.Counts(in_set[m])) continue;
          scan(true, index.PersonBegin(m), index.PersonEnd(m), acc);
        }
      }
    }
    overflow = overflow || acc.overflow;
    acc.Result(slot.num[row - base], slot.den ? &slot.den[row - base] : nullptr);
    if (n == 1) last_aggregate_ = {acc.count, acc.overflow, acc.unknown};
  }
  NoteOverflow(node_index, overflow);
  return Vec{slot.num, slot.den};
}

}  // namespace safetynet::exec
