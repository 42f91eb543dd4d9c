// The fields rules read, as int64 columns: codes as their numbers, bools as
// 0/1, dates as days, money as fen; an empty date or an absent tekun mode
// is kEmpty. Computed in parallel (the caller's oneTBB arena). Pure;
// thread-safe.
#pragma once

#include "engine/exec/context.h"
#include "engine/lang/schema.h"

namespace safetynet::exec {

// The field's column of `data`; with `measure`, its range (MeasureRange)
// too, else the range is left as ValueRange's default.
ColumnValues FieldValues(const Dataset& data, lang::Field field, bool measure = false);

}  // namespace safetynet::exec
