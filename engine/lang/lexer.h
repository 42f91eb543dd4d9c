// The lexer of the rule and standards languages: identifiers (keywords are
// identifiers the parser recognises), numbers, dates (YYYY-MM-DD),
// punctuation; `#` starts a comment to the end of the line. Newlines are
// white space. Pure; one lexer per file.
#pragma once

#include <string_view>
#include <vector>

#include "engine/lang/source.h"

namespace safetynet::lang {

enum class TokenKind {
  kIdentifier,  // also keywords
  kNumber,      // 12, 1.5
  kDate,        // 2025-07-01
  kPunct,       // ( ) { } , : . = == != < <= > >= + - * / ??
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string_view text;
  uint32_t offset;
};

// Splits the file into tokens; an unknown character is an error (and skipped).
std::vector<Token> Lex(const SourceFile& file, Diagnostics& diagnostics);

}  // namespace safetynet::lang
