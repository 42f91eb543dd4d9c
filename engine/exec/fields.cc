#include "engine/exec/fields.h"

#include "engine/common/exact_arithmetic.h"
#include "engine/common/huge_pages.h"

namespace safetynet::exec {
namespace {

// A column's values as rules read them: an empty date, or the code 0 of a
// code set whose code 0 is no code (TEKUN_MODE), is kEmpty.
template <typename T>
ColumnValues Widen(const std::vector<T>& values, const ColumnInfo& info) {
  const bool dates = info.kind == ColumnKind::kDate || info.kind == ColumnKind::kBirthDate;
  const bool zero_is_none = info.kind == ColumnKind::kCode && CodeNames(info.codes)[0].empty();
  ColumnValues out;
  ReserveHuge(out.num, values.size());
  out.num.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const auto value = static_cast<int64_t>(values[i]);
    const bool empty = dates ? value == kNoDate : zero_is_none && value == 0;
    out.num[i] = empty ? kEmpty : value;
  }
  return out;
}

}  // namespace

ColumnValues FieldValues(const Dataset& d, lang::Field field) {
  const lang::FieldInfo& wanted = lang::FieldOf(field);
  ColumnValues out;
  ForEachTable(d, [&](Entity entity, const auto& table) {
    if (entity != wanted.entity) return;
    ForEachColumn(table, [&](const ColumnInfo& info, const auto& column) {
      if constexpr (!std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
        if (info.name == wanted.name) out = Widen(column, info);
      }
    });
  });
  return out;
}

}  // namespace safetynet::exec
