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
  kString,      // "人均收入 {income_pc} 元": text holds the quotes; escapes not undone
  kPunct,       // ( ) { } , : . = == != < <= > >= + - * / ??
  kEnd,
};

struct Token {
  TokenKind kind;
  std::string_view text;
  uint32_t offset;
  uint32_t line = 1;    // 1-based, as in Location
  uint32_t column = 1;  // 1-based, in characters (UTF-8 aware)
};

// Splits the file into tokens, each with its line and column (found in one
// pass over the file, so that a location costs nothing however long the
// file is); an unknown character is an error (and skipped).
std::vector<Token> Lex(const SourceFile& file, Diagnostics& diagnostics);

// The location of `length` bytes of `file` from the start of `token`.
Location TokenLocation(const SourceFile& file, const Token& token, uint32_t length);

}  // namespace safetynet::lang
