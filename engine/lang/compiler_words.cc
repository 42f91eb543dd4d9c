// Words for people (docs/rule-language.md, "Labels and reasons"): the label
// and reason sentence of an alert or entitlement, and `label` statements that
// give a value its label and the words its values are shown with. Everything
// is checked here, before any data is read: each `{name}` of a sentence is a
// value of the rule's block (with a "did you mean"), braces and escapes are
// well formed, `true`/`false` words label bools, code words name codes of
// the value's code set, nothing is given twice.
#include "engine/common/text.h"
#include "engine/lang/compiler_internal.h"

namespace safetynet::lang::compiler_internal {
namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNamePart(char c) { return IsNameStart(c) || (c >= '0' && c <= '9'); }

// The location of raw[at, at + length) of a string literal (one line: the
// column counts the characters before it, after the opening quote).
Location Inside(const StringLiteral& literal, size_t at, size_t length) {
  Location where = literal.where;
  uint32_t characters = 0;
  for (size_t i = 0; i < at; ++i) {
    if ((static_cast<unsigned char>(literal.raw[i]) & 0xC0) != 0x80) ++characters;
  }
  where.offset += static_cast<uint32_t>(1 + at);
  where.column += 1 + characters;
  where.length = static_cast<uint32_t>(length);
  return where;
}

}  // namespace

std::optional<std::string> Compiler::Unescape(const StringLiteral& literal) {
  if (literal.raw.empty()) {
    d_.Error(literal.where, "an empty string: give the words, or leave the clause out");
    return std::nullopt;
  }
  std::string text;
  const std::string_view raw = literal.raw;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      text += raw[i];
      continue;
    }
    if (i + 1 < raw.size() && (raw[i + 1] == '"' || raw[i + 1] == '\\')) {
      text += raw[++i];
      continue;
    }
    d_.Error(Inside(literal, i, 1),
             "a backslash in a string is written \\\\ (and a quote \\\"): nothing else follows it");
    return std::nullopt;
  }
  return text;
}

bool Compiler::CompileReason(const StringLiteral& literal, Entity entity,
                             std::vector<ReasonPiece>& out) {
  std::optional<std::string> text = Unescape(literal);
  if (!text) return false;
  // Braces are found in the raw text (for their locations); escapes never
  // produce one, so the pieces' text is taken from the raw text unescaped.
  const std::string_view raw = literal.raw;
  std::vector<ReasonPiece> pieces(1);
  bool ok = true;
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\\' && i + 1 < raw.size()) {
      pieces.back().text += raw[++i];
    } else if ((c == '{' || c == '}') && i + 1 < raw.size() && raw[i + 1] == c) {
      pieces.back().text += c;  // {{ and }} are a brace
      ++i;
    } else if (c == '}') {
      d_.Error(Inside(literal, i, 1), "a '}' without its '{': write }} for a brace");
      ok = false;
    } else if (c == '{') {
      size_t end = i + 1;
      while (end < raw.size() && IsNamePart(raw[end])) ++end;
      const std::string_view name = raw.substr(i + 1, end - i - 1);
      if (end == raw.size() || raw[end] != '}' || name.empty() || !IsNameStart(name[0])) {
        const size_t close = raw.find('}', i);
        d_.Error(Inside(literal, i, close == std::string_view::npos ? 1 : close - i + 1),
                 close == std::string_view::npos
                     ? "a '{' without its '}': write {{ for a brace"
                     : "expected the name of a value between '{' and '}', such as {income_pc}");
        ok = false;
        if (close == std::string_view::npos) break;
        i = close;
        continue;
      }
      const int column =
          NamedColumn(entity, name, Inside(literal, i + 1, name.size()), " in the reason");
      if (column < 0) {
        ok = false;
      } else {
        pieces.back().column = column;
        pieces.emplace_back();
      }
      i = end;
    } else {
      pieces.back().text += c;
    }
  }
  // `｛name｝` (full-width braces, typed with a Chinese input method) would
  // be shown as text: an error where `name` is a value of the block.
  static constexpr std::string_view kOpen = "\uFF5B", kClose = "\uFF5D";
  for (size_t at = raw.find(kOpen); at != std::string_view::npos; at = raw.find(kOpen, at + 1)) {
    const size_t begin = at + kOpen.size();
    size_t end = begin;
    while (end < raw.size() && IsNamePart(raw[end])) ++end;
    if (end == begin || raw.substr(end, kClose.size()) != kClose) continue;
    const std::string_view name = raw.substr(begin, end - begin);
    bool failed = false;
    if (Lookup(entity, name, failed) < 0 && !failed) continue;
    d_.Error(Inside(literal, at, end + kClose.size() - at),
             Cat("'", raw.substr(at, end + kClose.size() - at),
                 "' has full-width braces and would be shown as it is: write {", name, "}"));
    ok = false;
  }
  if (ok) out = std::move(pieces);
  return ok;
}

bool Compiler::CompileWords(const Statement& statement, Entity entity, std::string& label,
                            std::vector<ReasonPiece>& reason) {
  bool ok = true;
  if (statement.label.present()) {
    std::optional<std::string> text = Unescape(statement.label);
    ok = text.has_value();
    if (text) label = std::move(*text);
  }
  if (statement.reason.present()) ok = CompileReason(statement.reason, entity, reason) && ok;
  return ok;
}

void Compiler::CompileLabel(const Statement& statement, Entity entity) {
  const int column = NamedColumn(entity, statement.name, statement.where, " to label");
  if (column < 0) return;
  auto [first, inserted] = labelled_.try_emplace(column, &statement);
  if (!inserted) {
    d_.Error(statement.where,
             Cat(EntityName(entity), " value '", statement.name, "' is labelled twice (first at ",
                 Where(first->second->where), ")"));
    return;
  }
  ValueWords words;
  std::optional<std::string> label = Unescape(statement.label);
  if (!label) return;
  words.label = std::move(*label);
  const Type type = p_.columns[column].type;
  std::vector<std::string_view> keys_seen;
  for (const LabelWord& word : statement.words) {
    std::optional<std::string> text = Unescape(word.word);
    if (!text) continue;
    if (std::find(keys_seen.begin(), keys_seen.end(), word.key) != keys_seen.end()) {
      d_.Error(word.key_where, Cat("the word for '", word.key, "' is given twice"));
      continue;
    }
    keys_seen.push_back(word.key);
    if (word.key == "empty") {
      words.empty = std::move(*text);
    } else if (word.key == "true" || word.key == "false") {
      if (type.base != BaseType::kBool) {
        d_.Error(word.key_where, Cat("'", word.key, "' words are for bool values, and '",
                                     statement.name, "' is ", TypeName(type)));
        continue;
      }
      (word.key == "true" ? words.yes : words.no) = std::move(*text);
    } else if (type.base == BaseType::kCode) {
      std::optional<int64_t> code = CodeValue(type.codes, word.key);
      if (!code) {
        d_.Error(word.key_where, UnknownNameMessage(Cat(CodeSetName(type.codes), " code"), word.key,
                                                    CodeCandidates(type.codes)));
        continue;
      }
      if (words.codes.size() <= static_cast<size_t>(*code)) words.codes.resize(*code + 1);
      words.codes[*code] = std::move(*text);
    } else {
      d_.Error(word.key_where,
               Cat("expected 'empty', 'true', 'false' or a code before a word; '", statement.name,
                   "' is ", TypeName(type), ", and '", word.key, "' is none of these"));
    }
  }
  p_.columns[column].words = std::move(words);
}

}  // namespace safetynet::lang::compiler_internal
