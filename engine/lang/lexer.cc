#include "engine/lang/lexer.h"

#include <algorithm>

#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet::lang {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || IsDigit(c); }

// Is text[i..] a date YYYY-MM-DD?
bool DateAt(std::string_view text, size_t i) {
  if (i + 10 > text.size()) return false;
  for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i + k])) return false;
  }
  return text[i + 4] == '-' && text[i + 7] == '-' &&
         (i + 10 == text.size() || !IsIdentifierPart(text[i + 10]));
}

// The line and column of offsets met in increasing order, each found by
// reading on from the last: one pass over the file for all of them.
class Positions {
 public:
  Positions(std::string_view text, size_t start) : text_(text), done_(start) {}
  Token At(TokenKind kind, std::string_view token, size_t offset) {
    for (; done_ < offset; ++done_) {
      if (text_[done_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(text_[done_]) & 0xC0) != 0x80) {
        ++column_;  // count characters, not UTF-8 continuation bytes
      }
    }
    return {kind, token, static_cast<uint32_t>(offset), line_, column_};
  }

 private:
  std::string_view text_;
  size_t done_ = 0;
  uint32_t line_ = 1, column_ = 1;
};

}  // namespace

Location TokenLocation(const SourceFile& file, const Token& token, uint32_t length) {
  return Location{&file, token.offset, length, token.line, token.column};
}

std::vector<Token> Lex(const SourceFile& file, Diagnostics& diagnostics) {
  std::string_view text = file.text;
  std::vector<Token> tokens;
  // A UTF-8 byte-order mark (Windows Notepad writes one) is not text.
  size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  Positions positions(text, i);
  // Text that is not UTF-8 (a file saved as GBK, "ANSI") would reach the
  // outputs as broken bytes: the file is refused at its first such byte.
  for (size_t at = i; at < text.size();) {
    const size_t here = at;
    if (NextCodePoint(text, at)) continue;
    diagnostics.Error(TokenLocation(file, positions.At(TokenKind::kEnd, {}, here), 1),
                      "this file is not UTF-8 here (saved as GBK or \"ANSI\"?): save it as UTF-8");
    return {positions.At(TokenKind::kEnd, std::string_view(), text.size())};
  }
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    }
    const uint32_t start = static_cast<uint32_t>(i);
    if (IsIdentifierStart(c)) {
      while (i < text.size() && IsIdentifierPart(text[i])) ++i;
      tokens.push_back(positions.At(TokenKind::kIdentifier, text.substr(start, i - start), start));
      continue;
    }
    if (IsDigit(c)) {
      if (DateAt(text, i)) {
        i += 10;
        tokens.push_back(positions.At(TokenKind::kDate, text.substr(start, 10), start));
        continue;
      }
      while (i < text.size() && IsDigit(text[i])) ++i;
      if (i + 1 < text.size() && text[i] == '.' && IsDigit(text[i + 1])) {
        ++i;
        while (i < text.size() && IsDigit(text[i])) ++i;
      }
      tokens.push_back(positions.At(TokenKind::kNumber, text.substr(start, i - start), start));
      continue;
    }
    if (c == '"') {
      // A string: to the next unescaped quote on the same line.
      ++i;
      size_t control = 0;  // the first control or invisible character, if any
      while (i < text.size() && text[i] != '"' && text[i] != '\n') {
        size_t next = i;
        const std::optional<char32_t> c = NextCodePoint(text, next);  // the file is UTF-8
        if (control == 0 && c && IsControlOrInvisible(*c)) control = i;
        i = text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n' ? i + 2
                                                                          : std::max(next, i + 1);
      }
      const bool closed = i < text.size() && text[i] == '"';
      if (closed) ++i;
      const Token token = positions.At(TokenKind::kString, text.substr(start, i - start), start);
      // An unclosed string is reported and kept (to the end of its line), so
      // that the parser goes on as if it were closed.
      if (!closed) {
        diagnostics.Error(TokenLocation(file, token, 1),
                          "this string has no closing '\"' on its line");
      }
      tokens.push_back(token);
      if (control != 0) {
        diagnostics.Error(
            TokenLocation(file, positions.At(TokenKind::kString, {}, control), 1),
            "a control or invisible character in a string (a tab, a line separator, a "
            "direction mark...: it would break or disguise the lists people read): remove it");
      }
      continue;
    }
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "??"};
    bool matched = false;
    for (std::string_view two : kTwo) {
      if (text.substr(i, 2) == two) {
        tokens.push_back(positions.At(TokenKind::kPunct, text.substr(i, 2), start));
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string_view("(){},:.=<>+-*/").find(c) != std::string_view::npos) {
      tokens.push_back(positions.At(TokenKind::kPunct, text.substr(i, 1), start));
      ++i;
      continue;
    }
    // One whole UTF-8 character, for the message.
    size_t length = 1;
    while (i + length < text.size() &&
           (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80) {
      ++length;
    }
    const std::string_view character = text.substr(i, length);
    const Location where = TokenLocation(file, positions.At(TokenKind::kPunct, {}, start),
                                         static_cast<uint32_t>(length));
    if (character == "\u201C" || character == "\u201D") {
      // A string typed with a Chinese input method: one error, and on after its end.
      diagnostics.Error(where, Cat("'", character,
                                   "' is a Chinese quotation mark: a string is written in ASCII "
                                   "double quotes, \"like this\""));
      const size_t end = text.find_first_of("\n", i + length);
      const size_t close = text.substr(0, end).find("\u201D", i + length);
      i = close == std::string_view::npos ? std::min(end, text.size()) : close + length;
      continue;
    }
    diagnostics.Error(where, Cat("unexpected character '", character, "'"));
    i += length;
  }
  tokens.push_back(positions.At(TokenKind::kEnd, std::string_view(), text.size()));
  return tokens;
}

}  // namespace safetynet::lang
