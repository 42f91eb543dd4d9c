#include "engine/lang/standards.h"

#include <charconv>
#include <numeric>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/lang/ast.h"
#include "engine/lang/lexer.h"
#include "engine/lang/parser.h"

namespace safetynet::lang {
namespace {}  // namespace

std::optional<Value> ParseDecimal(std::string_view text) {
  Value value{0, 1};
  size_t dot = text.find('.');
  std::string digits(text.substr(0, dot));
  if (dot != std::string_view::npos) {
    std::string_view fraction = text.substr(dot + 1);
    if (fraction.size() > 9) return std::nullopt;
    digits += fraction;
    for (size_t i = 0; i < fraction.size(); ++i) value.den *= 10;
  }
  if (digits.size() > 17) return std::nullopt;
  std::from_chars(digits.data(), digits.data() + digits.size(), value.num);
  int64_t common = std::gcd(value.num, value.den);
  if (common > 1) {
    value.num /= common;
    value.den /= common;
  }
  return value;
}

namespace {

class StandardsParser {
 public:
  StandardsParser(const SourceFile& file, Diagnostics& diagnostics, std::vector<ParamDef>& params)
      : file_(file), diagnostics_(diagnostics), tokens_(Lex(file, diagnostics)), params_(params) {
    for (const ParamDef& def : params_) defined_.emplace(def.name, def.where);
  }

  void Parse() {
    while (Peek().kind != TokenKind::kEnd) {
      if (!ParseParam()) {
        // Skip to the next 'param'.
        Next();
        while (Peek().kind != TokenKind::kEnd && !IsWord("param")) Next();
      }
    }
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool IsWord(std::string_view word) const {
    return Peek().kind == TokenKind::kIdentifier && Peek().text == word;
  }
  bool IsPunct(std::string_view punct) const {
    return Peek().kind == TokenKind::kPunct && Peek().text == punct;
  }
  Location At(const Token& token) const {
    return TokenLocation(file_, token, static_cast<uint32_t>(token.text.size()));
  }
  bool Error(std::string message) {
    std::string found =
        Peek().kind == TokenKind::kEnd ? "the end of the file" : Cat("'", Peek().text, "'");
    diagnostics_.Error(At(Peek()), Cat(message, ", found ", found));
    return false;
  }

  bool ParseParam() {
    if (!IsWord("param")) return Error("expected 'param NAME: money|ratio|int [per area]'");
    Next();
    if (Peek().kind != TokenKind::kIdentifier) return Error("expected a parameter name");
    ParamDef def;
    const Token& first = Next();
    uint32_t end = first.offset + static_cast<uint32_t>(first.text.size());
    while (IsPunct(".")) {
      Next();
      if (Peek().kind != TokenKind::kIdentifier && Peek().kind != TokenKind::kNumber) {
        return Error("expected a name part after '.'");
      }
      const Token& part = Next();
      end = part.offset + static_cast<uint32_t>(part.text.size());
    }
    def.name = file_.text.substr(first.offset, end - first.offset);
    def.where = TokenLocation(file_, first, end - first.offset);
    if (auto other = defined_.find(def.name); other != defined_.end()) {
      diagnostics_.Error(def.where, Cat("parameter ", def.name, " is defined twice (also at line ",
                                        other->second.line, " of ", other->second.file->path, ")"));
    }
    if (!IsPunct(":")) return Error("expected ':' and a unit (money, ratio or int)");
    Next();
    if (IsWord("money")) {
      def.type = Type::Money();
    } else if (IsWord("ratio")) {
      def.type = Type::Ratio();
    } else if (IsWord("int")) {
      def.type = Type::Int();
    } else {
      return Error("expected a unit: money (yuan), ratio or int");
    }
    Next();
    if (IsWord("per")) {
      Next();
      if (!IsWord("area")) return Error("expected 'per area'");
      Next();
      def.per_area = true;
    }
    if (IsPunct("=")) {  // a derived parameter: the formula runs to the next 'param NAME'
      Next();
      const size_t begin = pos_;
      while (Peek().kind != TokenKind::kEnd &&
             !(IsWord("param") && tokens_[pos_ + 1].kind == TokenKind::kIdentifier)) {
        Next();
      }
      std::vector<Token> tokens(tokens_.begin() + begin, tokens_.begin() + pos_);
      tokens.push_back(Peek());
      tokens.back().kind = TokenKind::kEnd;
      tokens.back().text = {};
      auto formula = ParseExpression(file_, std::move(tokens), diagnostics_);
      if (!formula) return true;  // reported; go on with the next parameter
      def.formula = std::move(formula);
      Keep(std::move(def));
      return true;
    }
    while (Peek().kind == TokenKind::kDate) {
      if (!ParseEntry(def)) return false;
    }
    if (def.entries.empty()) {
      return Error(Cat("parameter ", def.name,
                       " needs dated values ('2025-07-01: ...') or a formula ('= ...')"));
    }
    Keep(std::move(def));
    return true;
  }

  void Keep(ParamDef def) {
    defined_.emplace(def.name, def.where);
    params_.push_back(std::move(def));
  }

  bool ParseEntry(ParamDef& def) {
    const Token& date = Next();
    ParamEntry entry;
    entry.where = At(date);
    std::optional<Days> effective = ParseIsoDate(date.text);
    if (!effective) {
      diagnostics_.Error(entry.where, Cat("'", date.text, "' is not a real date"));
      return false;
    }
    entry.effective = *effective;
    if (!def.entries.empty() && def.entries.back().effective >= entry.effective) {
      diagnostics_.Error(entry.where, "effective dates must increase down the list");
      return false;
    }
    if (!IsPunct(":")) return Error("expected ':' after the effective date");
    Next();
    if (def.per_area) {
      if (!IsWord("urban"))
        return Error("expected 'urban VALUE, rural VALUE' (a per-area parameter)");
      Next();
      if (!ParseValue(def.type, entry.urban)) return false;
      if (!IsPunct(",")) return Error("expected ', rural VALUE'");
      Next();
      if (!IsWord("rural")) return Error("expected 'rural VALUE'");
      Next();
      if (!ParseValue(def.type, entry.rural)) return false;
    } else {
      if (!ParseValue(def.type, entry.urban)) return false;
      entry.rural = entry.urban;
    }
    def.entries.push_back(entry);
    return true;
  }

  bool ParseValue(Type type, Value& value) {
    if (Peek().kind != TokenKind::kNumber)
      return Error(Cat("expected a value (", TypeName(type), ")"));
    const Token& number = Next();
    std::optional<Value> parsed = ParseDecimal(number.text);
    if (!parsed) {
      diagnostics_.Error(At(number), "number too long");
      return false;
    }
    if (IsPunct("/")) {
      if (type.base != BaseType::kRatio) return Error("only a ratio can be a fraction like 1/6");
      Next();
      if (Peek().kind != TokenKind::kNumber) return Error("expected the denominator");
      std::optional<Value> denominator = ParseDecimal(Next().text);
      if (!denominator || denominator->den != 1 || denominator->num == 0) {
        diagnostics_.Error(At(number), "the denominator must be a whole number above 0");
        return false;
      }
      parsed->den *= denominator->num;
      int64_t common = std::gcd(parsed->num, parsed->den);
      parsed->num /= common;
      parsed->den /= common;
    }
    if (type.base == BaseType::kMoney) {
      // yuan -> fen: at most two decimals
      if (100 % parsed->den != 0) {
        diagnostics_.Error(At(number), "money has at most two decimals (fen)");
        return false;
      }
      value = Value{parsed->num * (100 / parsed->den), 1};
    } else if (type.base == BaseType::kInt) {
      if (parsed->den != 1) {
        diagnostics_.Error(At(number), "an int parameter takes a whole number");
        return false;
      }
      value = *parsed;
    } else {
      value = *parsed;
    }
    return true;
  }

  const SourceFile& file_;
  Diagnostics& diagnostics_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  std::vector<ParamDef>& params_;
  absl::flat_hash_map<std::string, Location> defined_;  // the parameters of params_ by name
};

}  // namespace

void Standards::Parse(const SourceFile& file, Diagnostics& diagnostics) {
  size_t before = params_.size();
  StandardsParser(file, diagnostics, params_).Parse();
  for (size_t i = before; i < params_.size(); ++i) {
    index_[params_[i].name] = static_cast<int>(i);
    if (params_[i].per_area) {
      area_names_.push_back(params_[i].name + ".urban");
      area_names_.push_back(params_[i].name + ".rural");
    }
  }
}

std::optional<ParamRef> Standards::Find(std::string_view name) const {
  auto found = index_.find(std::string(name));
  if (found != index_.end()) return ParamRef{found->second, AreaChoice::kSubject};
  for (auto [suffix, area] : {std::pair{std::string_view(".urban"), AreaChoice::kUrban},
                              std::pair{std::string_view(".rural"), AreaChoice::kRural}}) {
    if (name.ends_with(suffix)) {
      auto base = index_.find(std::string(name.substr(0, name.size() - suffix.size())));
      if (base != index_.end() && params_[base->second].per_area)
        return ParamRef{base->second, area};
    }
  }
  return std::nullopt;
}

std::vector<std::string_view> Standards::Names() const {
  std::vector<std::string_view> names;
  for (const ParamDef& def : params_) names.push_back(def.name);
  for (const std::string& name : area_names_) names.push_back(name);
  return names;
}

absl::StatusOr<ResolvedStandards> Resolve(const Standards& standards, Days as_of,
                                          const std::vector<Override>& overrides) {
  ResolvedStandards out;
  out.as_of = as_of;
  out.version = kNoDate;
  out.urban.assign(standards.params().size(), Value{});
  out.rural.assign(standards.params().size(), Value{});
  for (size_t i = 0; i < standards.params().size(); ++i) {
    const ParamDef& def = standards.params()[i];
    if (def.formula) continue;
    const ParamEntry* in_force = nullptr;
    for (const ParamEntry& entry : def.entries) {
      if (entry.effective <= as_of) in_force = &entry;
    }
    if (!in_force) {
      return absl::FailedPreconditionError(
          Cat(def.where.file->path, ":", def.where.line, ": parameter ", def.name,
              " has no value in force on ", FormatIsoDate(as_of), " (its first is ",
              FormatIsoDate(def.entries.front().effective), ")"));
    }
    out.urban[i] = in_force->urban;
    out.rural[i] = in_force->rural;
    if (out.version == kNoDate || in_force->effective > out.version)
      out.version = in_force->effective;
  }
  SAFETYNET_RETURN_IF_ERROR(ApplyOverridesAndFormulas(standards, overrides, out));
  return out;
}

std::vector<NamedParameterValue> NamedValues(const Standards& standards,
                                             const ResolvedStandards& values) {
  std::vector<NamedParameterValue> named;
  for (size_t i = 0; i < standards.params().size(); ++i) {
    const ParamDef& def = standards.params()[i];
    if (def.per_area) {
      named.push_back({def.name + ".urban", &def, values.urban[i]});
      named.push_back({def.name + ".rural", &def, values.rural[i]});
    } else {
      named.push_back({def.name, &def, values.urban[i]});
    }
  }
  return named;
}

absl::StatusOr<std::vector<Override>> ParseOverrides(const Standards& standards, Days as_of,
                                                     std::span<const std::string> texts,
                                                     std::string_view option) {
  std::vector<Override> overrides;
  for (const std::string& text : texts) {
    absl::StatusOr<Override> change = ParseOverride(standards, text);
    if (!change.ok()) {
      return absl::InvalidArgumentError(Cat(option, std::string(change.status().message())));
    }
    const std::string name = text.substr(0, text.find('='));
    for (const Override& earlier : overrides) {
      if (Overlap(earlier.ref, change->ref)) {
        return absl::InvalidArgumentError(
            Cat(option, name, " is given more than once: set it once"));
      }
    }
    SAFETYNET_RETURN_IF_ERROR(
        CheckOverrideResolves(standards, as_of, overrides, *change, Cat(option, text)));
    overrides.push_back(*change);
  }
  return overrides;
}

}  // namespace safetynet::lang
