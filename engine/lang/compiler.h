// The checker and compiler: parsed rule files (and the standards) into a
// Program. Resolves every name (fields, lets, parameters, codes, with "did
// you mean" hints), checks types (money against dates, ratios where a bool is
// needed, ...), finds cycles among derived values, duplicate rule ids, and
// aggregates over the wrong entity. Every error goes to Diagnostics with
// file:line:column; compilation goes on to report them all.
// One compiler per rule set; not thread-safe.
#pragma once

#include <vector>

#include "engine/lang/ast.h"
#include "engine/lang/program.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

// Compiles `files` into `program` (whose standards are already parsed).
void Compile(const std::vector<RuleFile>& files, Program& program, Diagnostics& diagnostics);

}  // namespace safetynet::lang
