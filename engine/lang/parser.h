// The parser of rule files: tokens into a RuleFile (engine/lang/ast.h).
// Errors go to Diagnostics with file:line:column; after an error the parser
// skips to the next statement, so one run reports all errors of a file.
// Expressions nest at most kMaxExpressionDepth levels (ast.h): the parser
// refuses deeper ones, so later passes may recurse over the tree. Pure; one
// call per file.
#pragma once

#include <memory>

#include "engine/lang/ast.h"
#include "engine/lang/lexer.h"
#include "engine/lang/source.h"

namespace safetynet::lang {

RuleFile ParseRuleFile(const SourceFile& file, Diagnostics& diagnostics);

// One expression of `file` (a standards formula) from its tokens, which end
// with a kEnd token where the expression must end; null after an error.
std::unique_ptr<Expr> ParseExpression(const SourceFile& file, std::vector<Token> tokens,
                                      Diagnostics& diagnostics);

}  // namespace safetynet::lang
