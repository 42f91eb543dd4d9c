#include "engine/exec/why_unknown.h"

#include "engine/common/exact_arithmetic.h"
#include "engine/common/text.h"
#include "engine/table/links.h"

namespace safetynet::exec {

using lang::Entity;
using lang::Node;
using lang::Op;

namespace {

// Causes are followed this deep (lets of lets); beyond, the value is named only.
constexpr int kMaxDepth = 12;

std::string Quoted(const Node& node) { return Cat("`", std::string(node.source), "`"); }

// "unknown" for a truth value, "empty" for the others.
std::string_view Missing(const lang::Type& type) {
  return type.base == lang::BaseType::kBool ? "unknown" : "empty";
}

}  // namespace

WhyUnknown::WhyUnknown(const EvalContext& context) : c_(context), evaluator_(context) {}

std::string WhyUnknown::Of(int node, Entity entity, uint32_t row) {
  if (Value(node, entity, row) != kEmpty) return "";
  return Cause(node, entity, row, 0);
}

int64_t WhyUnknown::Value(int node, Entity entity, uint32_t row) {
  evaluator_.SetEntity(entity);
  return evaluator_.Eval(node, row, &row, 1).num[0];
}

std::string WhyUnknown::ColumnCause(int column, Entity entity, uint32_t row, int depth) {
  const lang::ColumnDef& def = c_.program.columns[column];
  if (def.is_field) return Cat(def.name, " is empty");
  const std::string cause = Cause(def.root, entity, row, depth + 1);
  if (def.hidden) return cause;
  return Cat(def.name, " is ", Missing(def.type), ": ", cause);
}

std::string WhyUnknown::Cause(int index, Entity entity, uint32_t row, int depth) {
  const Node& node = c_.program.nodes[index];
  if (depth > kMaxDepth) return Cat(Quoted(node), " is ", Missing(node.type));
  auto empty = [&](int arg) { return Value(node.args[arg], entity, row) == kEmpty; };
  auto cause_of = [&](int arg) { return Cause(node.args[arg], entity, row, depth + 1); };
  switch (node.op) {
    case Op::kColumn:
      return ColumnCause(node.column, entity, row, depth);
    case Op::kGather: {
      uint32_t target = kNoRow;
      Entity linked = Entity::kHousehold;
      if (node.link == lang::Link::kPersonHousehold) {
        target = c_.data.persons.household_row[row];
      } else if (node.link == lang::Link::kElderlyPerson) {
        target = c_.data.elderly_person_row[row];
        linked = Entity::kPerson;
      } else {
        target = c_.ElderlyHousehold(row);
      }
      if (target == kNoRow) {
        return node.link == lang::Link::kPersonHousehold
                   ? "no household record"
                   : "no person record with this resident's id (member.)";
      }
      return ColumnCause(node.column, linked, target, depth);
    }
    case Op::kDiv:
      if (!empty(0) && !empty(1)) {
        return Value(node.args[1], entity, row) == 0
                   ? Cat("division by zero in ", Quoted(node))
                   : Cat(Quoted(node), " overflows 64-bit integers");
      }
      return cause_of(empty(0) ? 0 : 1);
    case Op::kIf: {
      const int64_t condition = Value(node.args[0], entity, row);
      return cause_of(condition == kEmpty ? 0 : condition == 1 ? 1 : 2);
    }
    case Op::kCoalesce:
      return cause_of(1);
    case Op::kMemberAggregate:
    case Op::kSignalAggregate: {
      Value(index, entity, row);  // leaves its trace
      const BatchEvaluator::AggregateTrace trace = evaluator_.last_aggregate();
      if (trace.overflow) return Cat(Quoted(node), " overflows 64-bit integers");
      if (trace.unknown) {
        return Cat("whether an item counts in ", Quoted(node), " is unknown");
      }
      if (trace.items == 0) return Cat(Quoted(node), " has no items");
      return Cat(Quoted(node), " reads an empty value");
    }
    default:
      break;
  }
  for (size_t arg = 0; arg < node.args.size(); ++arg) {
    if (empty(static_cast<int>(arg))) return cause_of(static_cast<int>(arg));
  }
  // Every operand has a value: the operation itself overflowed (+ - * round ceil).
  return Cat(Quoted(node), " overflows 64-bit integers");
}

}  // namespace safetynet::exec
