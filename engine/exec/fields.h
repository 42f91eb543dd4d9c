// The fields rules read, as int64 columns: codes as their numbers, bools as
// 0/1, dates as days, money as fen; an empty date or an absent tekun mode
// is kEmpty. Pure; thread-safe.
#pragma once

#include "engine/exec/context.h"
#include "engine/lang/schema.h"

namespace safetynet::exec {

ColumnValues FieldValues(const Dataset& data, lang::Field field);

}  // namespace safetynet::exec
