#include "tests/exec/reference_interpreter.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "engine/common/exact_arithmetic.h"
#include "engine/exec/fields.h"

namespace safetynet::testing {

using lang::Aggregate;
using lang::Builtin;
using lang::Entity;
using lang::Op;

namespace {

constexpr __int128 kMax = std::numeric_limits<int64_t>::max();

RefValue Empty() { return RefValue{}; }

__int128 Gcd(__int128 a, __int128 b) {
  if (a < 0) a = -a;
  while (b != 0) {
    __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Reduces; a value beyond int64 (num or den) becomes empty, as the engine's overflow rule says.
RefValue Make(__int128 num, __int128 den) {
  if (den < 0) num = -num, den = -den;
  __int128 g = Gcd(num, den);
  if (g > 1) num /= g, den /= g;
  if (num > kMax || num <= -kMax - 1 || den > kMax) return Empty();
  return RefValue{false, num, den};
}

RefValue Whole(__int128 value) { return Make(value, 1); }

// A truth value: true, false, or unknown (nullopt) for an empty value.
std::optional<bool> Truth(const RefValue& v) {
  if (v.empty) return std::nullopt;
  return v.num != 0;
}

RefValue FromTruth(std::optional<bool> truth) { return truth ? Whole(*truth) : Empty(); }

int Compare(const RefValue& a, const RefValue& b) {
  __int128 left = a.num * b.den, right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

}  // namespace

ReferenceInterpreter::ReferenceInterpreter(const lang::Program& program, const Dataset& data,
                                           const lang::ResolvedStandards& standards, Days as_of)
    : program_(program),
      data_(data),
      standards_(standards),
      as_of_(as_of),
      fields_(program.columns.size()) {
  for (size_t c = 0; c < program.columns.size(); ++c) {
    if (program.columns[c].is_field) fields_[c] = exec::FieldValues(data, program.columns[c].field);
  }
  for (uint32_t s = 0; s < data.signals.size(); ++s)
    signals_by_person_.emplace(data.signals.person_id[s], s);
}

std::vector<uint32_t> ReferenceInterpreter::SignalsOf(PackedId id) const {
  std::vector<uint32_t> rows;
  auto [begin, end] = signals_by_person_.equal_range(id);
  for (auto it = begin; it != end; ++it) {
    if (data_.signals.event_date[it->second] <= as_of_) rows.push_back(it->second);
  }
  return rows;
}

bool ReferenceInterpreter::Rural(Entity entity, uint32_t row) const {
  switch (entity) {
    case Entity::kHousehold:
      return data_.households.area[row] == Area::kRural;
    case Entity::kPerson:
      return data_.households.area[data_.persons.household_row[row]] == Area::kRural;
    case Entity::kElderly:
      return data_.elderly.area[row] == Area::kRural;
    default:
      return false;
  }
}

RefValue ReferenceInterpreter::Column(int column, uint32_t row) {
  const lang::ColumnDef& def = program_.columns[column];
  if (def.is_field) {
    int64_t value = fields_[column].num[row];
    return value == kEmpty ? Empty() : Whole(value);
  }
  auto found = memo_.find({column, row});
  if (found != memo_.end()) return found->second;
  RefValue value = Eval(def.root, def.entity, row);
  memo_[{column, row}] = value;
  return value;
}

std::optional<bool> ReferenceInterpreter::Condition(int alert, uint32_t row) {
  const lang::AlertDef& def = program_.alerts[alert];
  const std::optional<bool> holds = def.when < 0 ? true : Truth(Eval(def.when, def.entity, row));
  if (holds != true) return holds;
  if (Eval(def.severity, def.entity, row).empty) return std::nullopt;
  if (def.score >= 0 && Eval(def.score, def.entity, row).empty) return std::nullopt;
  return true;
}

bool ReferenceInterpreter::Fires(int alert, uint32_t row) { return Condition(alert, row) == true; }

RefValue ReferenceInterpreter::Eval(int index, Entity entity, uint32_t row) {
  const lang::Node& node = program_.nodes[index];
  auto arg = [&](int i) { return Eval(node.args[i], entity, row); };
  switch (node.op) {
    case Op::kConst:
      return Make(node.constant.num, node.constant.den);
    case Op::kAsOf:
      return Whole(as_of_);
    case Op::kColumn:
      return Column(node.column, row);
    case Op::kGather: {
      uint32_t target = kNoRow;
      if (node.link == lang::Link::kPersonHousehold) target = data_.persons.household_row[row];
      if (node.link != lang::Link::kPersonHousehold) {
        auto person = data_.person_row_of.find(data_.elderly.person_id[row]);
        if (person != data_.person_row_of.end()) {
          target = node.link == lang::Link::kElderlyPerson
                       ? person->second
                       : data_.persons.household_row[person->second];
        }
      }
      return target == kNoRow ? Empty() : Column(node.column, target);
    }
    case Op::kParam: {
      lang::Value value = standards_.Get(node.param, Rural(entity, row));
      return Make(value.num, value.den);
    }
    case Op::kAnd:
    case Op::kOr: {  // as in SQL: false and unknown = false, true or unknown = true
      const bool decisive = node.op == Op::kOr;
      const std::optional<bool> a = Truth(arg(0));
      if (a == decisive) return Whole(decisive);
      const std::optional<bool> b = Truth(arg(1));
      if (b == decisive) return Whole(decisive);
      return a && b ? Whole(!decisive) : Empty();
    }
    case Op::kNot: {
      const std::optional<bool> a = Truth(arg(0));
      return a ? Whole(!*a) : Empty();
    }
    case Op::kIf: {
      const std::optional<bool> c = Truth(arg(0));
      if (!c) return Empty();
      return *c ? arg(1) : arg(2);
    }
    case Op::kCoalesce: {
      RefValue first = arg(0);
      return first.empty ? arg(1) : first;
    }
    case Op::kInSet: {
      RefValue v = arg(0);
      if (v.empty) return Empty();
      return Whole(std::find(node.set.begin(), node.set.end(), static_cast<int64_t>(v.num)) !=
                   node.set.end());
    }
    case Op::kBuiltin:
      return CallBuiltin(node, entity, row);
    case Op::kMemberAggregate:
    case Op::kSignalAggregate:
      return Aggregate(node, entity, row);
    default:
      break;
  }
  if (node.args.size() == 2) {
    RefValue a = arg(0), b = arg(1);
    if (a.empty || b.empty) return Empty();  // arithmetic empty, a comparison unknown
    switch (node.op) {
      case Op::kAdd:
        return Make(a.num * b.den + b.num * a.den, a.den * b.den);
      case Op::kSub:
        return Make(a.num * b.den - b.num * a.den, a.den * b.den);
      case Op::kMul:
        return Make(a.num * b.num, a.den * b.den);
      case Op::kDiv:
        return b.num == 0 ? Empty() : Make(a.num * b.den, a.den * b.num);
      case Op::kEq:
        return Whole(Compare(a, b) == 0);
      case Op::kNe:
        return Whole(Compare(a, b) != 0);
      case Op::kLt:
        return Whole(Compare(a, b) < 0);
      case Op::kLe:
        return Whole(Compare(a, b) <= 0);
      case Op::kGt:
        return Whole(Compare(a, b) > 0);
      default:
        return Whole(Compare(a, b) >= 0);
    }
  }
  RefValue v = arg(0);  // kNeg
  return v.empty ? v : Make(-v.num, v.den);
}

RefValue ReferenceInterpreter::CallBuiltin(const lang::Node& node, Entity entity, uint32_t row) {
  auto arg = [&](int i) { return Eval(node.args[i], entity, row); };
  // A builtin of one value, which leaves an empty value empty.
  auto of_value = [&](auto kernel) {
    RefValue v = arg(0);
    return v.empty ? v : kernel(v);
  };
  switch (node.builtin) {
    case Builtin::kRound:  // half away from zero
      return of_value([](const RefValue& v) {
        __int128 magnitude = v.num < 0 ? -v.num : v.num;
        __int128 q = magnitude / v.den;
        if ((magnitude % v.den) * 2 >= v.den) ++q;
        return Whole(v.num < 0 ? -q : q);
      });
    case Builtin::kCeil10:
    case Builtin::kCeil1:
      return of_value([&](const RefValue& v) {
        __int128 step = node.builtin == Builtin::kCeil10 ? 1000 : 100;
        __int128 q = v.num / (v.den * step);
        if (q * v.den * step < v.num) ++q;
        return Whole(q * step);
      });
    case Builtin::kMin:
    case Builtin::kMax: {
      RefValue best = arg(0);
      for (size_t i = 1; i < node.args.size(); ++i) {
        RefValue v = arg(static_cast<int>(i));
        if (best.empty || v.empty) return Empty();
        int order = Compare(v, best);
        if (node.builtin == Builtin::kMin ? order < 0 : order > 0) best = v;
      }
      return best;
    }
    case Builtin::kAbs:
      return of_value([](const RefValue& v) { return Make(v.num < 0 ? -v.num : v.num, v.den); });
    case Builtin::kAge:
      return of_value([&](const RefValue& v) {
        CivilDate born = CivilFromDays(static_cast<Days>(v.num));
        CivilDate today = CivilFromDays(as_of_);
        int age = today.year - born.year;
        if (today.month * 100 + today.day < born.month * 100 + born.day) --age;
        return Whole(age);
      });
    case Builtin::kDaysSince:
      return of_value([&](const RefValue& v) { return Whole(as_of_ - v.num); });
    case Builtin::kHas:
      return Whole(!arg(0).empty);
  }
  return Empty();  // not reached: every Builtin returns above
}

RefValue ReferenceInterpreter::Aggregate(const lang::Node& node, Entity entity, uint32_t row) {
  // The items aggregated: (entity of the item, row of the item).
  std::vector<std::pair<Entity, uint32_t>> items;
  // Whether an item's membership (member set, signal filter) was unknown.
  bool unknown = false;
  auto belongs = [&](int column, uint32_t item) {
    if (column < 0) return true;
    const std::optional<bool> in = Truth(Column(column, item));
    if (!in) unknown = true;
    return in == true;
  };
  auto members = [&](uint32_t household) {
    std::vector<uint32_t> rows;
    const auto& begin = data_.households.member_begin;
    for (uint32_t p = begin[household]; p < begin[household + 1]; ++p) {
      if (belongs(node.member_set, p)) rows.push_back(p);
    }
    return rows;
  };
  if (node.op == Op::kMemberAggregate) {
    for (uint32_t p : members(row)) items.emplace_back(Entity::kPerson, p);
  } else {
    std::vector<PackedId> ids;
    if (entity == Entity::kHousehold) {
      for (uint32_t p : members(row)) ids.push_back(data_.persons.person_id[p]);
    } else {
      ids.push_back(entity == Entity::kPerson ? data_.persons.person_id[row]
                                              : data_.elderly.person_id[row]);
    }
    for (PackedId id : ids) {
      for (uint32_t s : SignalsOf(id)) {
        Days date = data_.signals.event_date[s];
        if (data_.signals.type[s] != node.signal_type) continue;
        if (node.window_from >= 0 && !(as_of_ - node.window_from < date)) continue;
        if (!(date <= as_of_ - node.window_to)) continue;
        if (!belongs(node.filter, s)) continue;
        items.emplace_back(Entity::kSignal, s);
      }
    }
  }
  // any: true if an item surely counts and holds; all: false if one surely fails; else
  // unknown if any membership or condition is unknown.
  if (node.aggregate == Aggregate::kAny) {
    for (const auto& item : items) {
      if (belongs(node.value, item.second)) return Whole(1);
    }
    return unknown ? Empty() : Whole(0);
  }
  if (node.aggregate == Aggregate::kAll) {
    for (const auto& item : items) {
      const std::optional<bool> holds = Truth(Column(node.value, item.second));
      if (holds == false) return Whole(0);
      if (!holds) unknown = true;
    }
    return unknown ? Empty() : Whole(1);
  }
  if (unknown) return Empty();  // which items count is not known
  switch (node.aggregate) {
    case Aggregate::kCount:
      return Whole(static_cast<__int128>(items.size()));
    case Aggregate::kAny:
    case Aggregate::kAll:
    case Aggregate::kSum:
    case Aggregate::kMean:
    case Aggregate::kMin:
    case Aggregate::kMax:
      break;
  }
  std::vector<RefValue> values;
  for (const auto& item : items) values.push_back(Column(node.value, item.second));
  if (node.aggregate == Aggregate::kSum || node.aggregate == Aggregate::kMean) {
    __int128 total = 0;
    for (const RefValue& v : values) {
      if (v.empty) return Empty();
      total += v.num;
      if (total > kMax || total <= -kMax - 1) return Empty();
    }
    if (node.aggregate == Aggregate::kSum) return Whole(total);
    return values.empty() ? Empty() : Make(total, static_cast<__int128>(values.size()));
  }
  RefValue best;  // min / max over the non-empty values
  for (const RefValue& v : values) {
    if (v.empty) continue;
    if (best.empty ||
        (node.aggregate == Aggregate::kMin ? Compare(v, best) < 0 : Compare(v, best) > 0))
      best = v;
  }
  return best;
}

}  // namespace safetynet::testing
