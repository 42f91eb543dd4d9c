#include "engine/exec/fields.h"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/huge_pages.h"

namespace safetynet::exec {
namespace {

// A column's values as rules read them: an empty date, or the code 0 of a
// code set whose code 0 is no code (TEKUN_MODE), is kEmpty. In parallel
// blocks; with `measure`, the values' range too.
template <typename T>
ColumnValues Widen(const std::vector<T>& values, const ColumnInfo& info, bool measure) {
  const bool dates = info.kind == ColumnKind::kDate || info.kind == ColumnKind::kBirthDate;
  const bool zero_is_none = info.kind == ColumnKind::kCode && CodeNames(info.codes)[0].empty();
  ColumnValues out;
  ReserveHuge(out.num, values.size());
  out.num.resize(values.size());
  constexpr size_t kBlock = 1 << 16;
  std::vector<ValueRange> ranges(measure ? (values.size() + kBlock - 1) / kBlock : 0);
  tbb::parallel_for(size_t{0}, (values.size() + kBlock - 1) / kBlock, [&](size_t block) {
    const size_t begin = block * kBlock, end = std::min(values.size(), begin + kBlock);
    for (size_t i = begin; i < end; ++i) {
      const auto value = static_cast<int64_t>(values[i]);
      const bool empty = dates ? value == kNoDate : zero_is_none && value == 0;
      out.num[i] = empty ? kEmpty : value;
    }
    if (measure) ranges[block] = MeasureRange(out.num.data() + begin, end - begin);
  });
  if (measure) {  // the union of the blocks' ranges; a column of no rows is measured as one
    out.range = ranges.empty() ? MeasureRange(out.num.data(), 0) : ranges[0];
    for (const ValueRange& range : ranges) out.range = Union(out.range, range);
  }
  return out;
}

}  // namespace

ColumnValues FieldValues(const Dataset& d, lang::Field field, bool measure) {
  const lang::FieldInfo& wanted = lang::FieldOf(field);
  ColumnValues out;
  ForEachTable(d, [&](Entity entity, const auto& table) {
    if (entity != wanted.entity) return;
    ForEachColumn(table, [&](const ColumnInfo& info, const auto& column) {
      if constexpr (!std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
        if (info.name == wanted.name) out = Widen(column, info, measure);
      }
    });
  });
  return out;
}

}  // namespace safetynet::exec
