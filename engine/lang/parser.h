// The parser of rule files: tokens into a RuleFile (engine/lang/ast.h).
// Errors go to Diagnostics with file:line:column; after an error the parser
// skips to the next statement, so one run reports all errors of a file.
// Pure; one call per file.
#pragma once

#include <memory>

#include "engine/lang/ast.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

RuleFile ParseRuleFile(const SourceFile& file, Diagnostics& diagnostics);

// One expression from the bytes [begin, end) of `file` (a standards
// formula); null after an error.
std::unique_ptr<Expr> ParseExpressionAt(const SourceFile& file, uint32_t begin, uint32_t end,
                                        Diagnostics& diagnostics);

}  // namespace safetynet::lang
