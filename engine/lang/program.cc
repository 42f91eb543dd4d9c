// The queries of a compiled program (program.h): a visible column by name,
// and the columns that depend on the standards.
#include "engine/lang/program.h"

#include <functional>

namespace safetynet::lang {

std::vector<bool> Program::StandardsDependentColumns() const {
  std::vector<bool> column_depends(columns.size(), false);
  std::vector<int8_t> node_depends(nodes.size(), -1);  // -1 unknown
  std::function<bool(int)> depends = [&](int index) -> bool {
    if (node_depends[index] >= 0) return node_depends[index];
    const Node& node = nodes[index];
    bool result = node.op == Op::kParam;
    for (int column : {node.column, node.member_set, node.filter, node.value}) {
      if (column >= 0 && (node.op == Op::kColumn || node.op == Op::kGather ||
                          node.op == Op::kMemberAggregate || node.op == Op::kSignalAggregate)) {
        result = result || column_depends[column];
      }
    }
    for (int arg : node.args) result = depends(arg) || result;
    node_depends[index] = result;
    return result;
  };
  for (size_t c = 0; c < columns.size(); ++c) {  // in evaluation order: inputs first
    column_depends[c] = !columns[c].is_field && depends(columns[c].root);
  }
  return column_depends;
}

int Program::FindColumn(Entity entity, std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].entity == entity && columns[i].name == name && !columns[i].hidden)
      return static_cast<int>(i);
  }
  return -1;
}

}  // namespace safetynet::lang
