// The parser of rule files: tokens into a RuleFile (engine/lang/ast.h).
// Errors go to Diagnostics with file:line:column; after an error the parser
// skips to the next statement, so one run reports all errors of a file.
// Pure; one call per file.
#pragma once

#include "engine/lang/ast.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

RuleFile ParseRuleFile(const SourceFile& file, Diagnostics& diagnostics);

}  // namespace safetynet::lang
