// Source text of rule and standards files, locations in it, and diagnostics
// (errors that point at file:line:column with the offending text).
//
// A SourceFile owns its text; Locations and Tokens refer to it by offset.
// Diagnostics collects all errors of a check so that a person sees them at
// once. Not thread-safe; one per check.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet::lang {

struct SourceFile {
  std::string path;  // as given, e.g. "rules/weihai/household.rules"
  std::string text;
};

struct Location {
  const SourceFile* file = nullptr;
  uint32_t offset = 0;  // byte offset of the first character
  uint32_t length = 0;  // bytes of the offending text
  uint32_t line = 0;    // 1-based
  uint32_t column = 0;  // 1-based, in characters (UTF-8 aware)
};

struct Diagnostic {
  Location where;
  std::string message;
  std::string Format() const;  // "file:line:column: error: message\n  <line>\n  ^~~~"
};

// The errors a Diagnostics keeps (docs/rule-language.md, "Limits"): the
// first ones; later ones are only counted, so that a file of a million
// mistakes costs no more time or memory than one of a hundred.
inline constexpr size_t kMaxErrors = 100;

class Diagnostics {
 public:
  void Error(const Location& where, std::string message);
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }  // every error, kept or not
  // Whether later errors are only counted: their hints need not be looked for.
  bool full() const { return errors_.size() == kMaxErrors; }
  const std::vector<Diagnostic>& errors() const { return errors_; }  // the first kMaxErrors
  std::string Format() const;  // the errors kept, in order, and how many more there are

 private:
  std::vector<Diagnostic> errors_;
  size_t count_ = 0;
};

// The hint every error that suggests a name ends with: " (did you mean
// 'income'?)" for the one of `candidates` closest to `name` (edit distance;
// the first of equally close ones), if close enough to be a likely typo;
// "" otherwise.
std::string DidYouMean(std::string_view name, const std::vector<std::string_view>& candidates);

// "unknown WHAT 'NAME'" and its DidYouMean hint, e.g. "unknown parameter
// 'diboa' (did you mean 'dibao'?)".
std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string_view>& candidates);

}  // namespace safetynet::lang
