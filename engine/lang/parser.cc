#include "engine/lang/parser.h"

#include <charconv>

#include "engine/common/text.h"
#include "engine/lang/builtins.h"
#include "engine/lang/lexer.h"

namespace safetynet::lang {
namespace {

// Thrown to abandon the current statement after an error has been recorded.
struct SyntaxError {};

class Parser {
 public:
  Parser(const SourceFile& file, Diagnostics& diagnostics)
      : file_(file), diagnostics_(diagnostics), tokens_(Lex(file, diagnostics)) {}
  Parser(const SourceFile& file, Diagnostics& diagnostics, std::vector<Token> tokens)
      : file_(file), diagnostics_(diagnostics), tokens_(std::move(tokens)) {}

  // A whole expression and nothing after it; null after an error.
  std::unique_ptr<Expr> ParseWholeExpression() {
    try {
      auto expr = ParseExpr();
      if (!AtEnd()) Fail("unexpected text after the formula");
      return expr;
    } catch (SyntaxError&) {
      return nullptr;
    }
  }

  RuleFile Parse() {
    RuleFile result;
    result.file = &file_;
    while (!AtEnd()) {
      if (!IsWord("for")) {
        ErrorHere("expected 'for household:', 'for person:' or 'for elderly:'");
        Next();
        while (!AtEnd() && !IsWord("for")) Next();
        continue;
      }
      Block block;
      block.where = Here();
      Next();
      try {
        const Token& entity = ExpectIdentifier("an entity (household, person or elderly)");
        block.entity = entity.text;
        block.where = At(entity);
        ExpectPunct(":");
      } catch (SyntaxError&) {
        SkipToStatement();
      }
      while (!AtEnd() && !IsWord("for")) {
        try {
          block.statements.push_back(ParseStatement());
        } catch (SyntaxError&) {
          SkipToStatement();
        }
      }
      result.blocks.push_back(std::move(block));
    }
    return result;
  }

 private:
  // ---- tokens ----
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Next() {
    const Token& token = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    last_end_ = token.offset + static_cast<uint32_t>(token.text.size());
    return token;
  }
  // Records the text an expression spans: from `begin` to the last token read.
  std::unique_ptr<Expr> Spanned(std::unique_ptr<Expr> expr, uint32_t begin) {
    expr->span_begin = begin;
    expr->span_end = last_end_;
    return expr;
  }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsWord(std::string_view word, size_t ahead = 0) const {
    return Peek(ahead).kind == TokenKind::kIdentifier && Peek(ahead).text == word;
  }
  bool IsPunct(std::string_view punct) const {
    return Peek().kind == TokenKind::kPunct && Peek().text == punct;
  }
  Location At(const Token& token) const {
    return TokenLocation(file_, token, static_cast<uint32_t>(token.text.size()));
  }
  Location Here() const { return At(Peek()); }

  [[noreturn]] void ErrorAt(const Token& token, std::string message) {
    diagnostics_.Error(At(token), std::move(message));
    throw SyntaxError{};
  }
  void ErrorHere(std::string message) {
    std::string found = AtEnd() ? "the end of the file" : Cat("'", Peek().text, "'");
    diagnostics_.Error(Here(), Cat(message, ", found ", found));
  }
  [[noreturn]] void Fail(std::string message) {
    ErrorHere(std::move(message));
    throw SyntaxError{};
  }
  const Token& ExpectIdentifier(std::string_view what) {
    if (Peek().kind != TokenKind::kIdentifier) Fail(Cat("expected ", what));
    return Next();
  }
  void ExpectWord(std::string_view word) {
    if (!IsWord(word)) Fail(Cat("expected '", word, "'"));
    Next();
  }
  void ExpectPunct(std::string_view punct) {
    if (!IsPunct(punct)) Fail(Cat("expected '", punct, "'"));
    Next();
  }
  bool AtStatementStart() const {
    return IsWord("let") || IsWord("alert") || IsWord("entitlement") || IsWord("eligibility") ||
           IsWord("deceased") || IsWord("for") || IsLabelStatement();
  }
  // `label NAME "..."` starts a statement; `label "..."` is a clause of an
  // alert or entitlement.
  bool IsLabelStatement() const {
    return IsWord("label") && Peek(1).kind == TokenKind::kIdentifier;
  }
  StringLiteral ExpectString(std::string_view what) {
    if (Peek().kind != TokenKind::kString) Fail(Cat("expected ", what, " in quotes"));
    const Token& token = Next();
    // Without its closing quote (reported by the lexer) it runs to the line's end.
    const bool closed = token.text.size() >= 2 && token.text.back() == '"';
    return {token.text.substr(1, token.text.size() - (closed ? 2 : 1)), At(token)};
  }
  // The `label "..."` and `reason "..."` clauses of an alert or entitlement.
  bool ParseWordsClause(Statement& statement) {
    if (IsLabelStatement() || !(IsWord("label") || IsWord("reason"))) return false;
    const Token& keyword = Next();
    const std::string_view clause = keyword.text;
    StringLiteral& into = clause == "label" ? statement.label : statement.reason;
    if (into.present()) {
      ErrorAt(keyword, Cat(Article(KindName(statement.kind)), " ", KindName(statement.kind),
                           " has one '", clause, "'"));
    }
    into = ExpectString(clause == "label" ? "the label" : "the reason sentence");
    return true;
  }
  static std::string_view KindName(StatementKind kind) {
    return kind == StatementKind::kAlert ? "alert" : "entitlement";
  }
  // After an error: on to the next statement (staying put if the error was
  // found at a statement's first word, which starts a statement of its own).
  void SkipToStatement() {
    if (!AtEnd() && !AtStatementStart()) Next();
    while (!AtEnd() && !AtStatementStart()) Next();
  }

  // ---- statements ----
  Statement ParseStatement() {
    Statement statement;
    if (IsWord("let")) {
      Next();
      statement.kind = StatementKind::kLet;
      const Token& name = ExpectIdentifier("a name after 'let'");
      statement.name = name.text;
      statement.where = At(name);
      ExpectPunct("=");
      statement.value = ParseExpr();
    } else if (IsWord("entitlement")) {
      Next();
      statement.kind = StatementKind::kEntitlement;
      const Token& name = ExpectIdentifier("an entitlement kind after 'entitlement'");
      statement.name = name.text;
      statement.where = At(name);
      ExpectPunct("=");
      statement.value = ParseExpr();
      while (ParseWordsClause(statement)) {
      }
    } else if (IsWord("alert")) {
      Next();
      statement.kind = StatementKind::kAlert;
      const Token& name = ExpectIdentifier("an alert id after 'alert'");
      statement.name = name.text;
      statement.where = At(name);
      ExpectWord("severity");
      statement.severity = ParseExpr();
      while (IsWord("when") || IsWord("score") || IsWord("show") || IsWord("label") ||
             IsWord("reason")) {
        if (ParseWordsClause(statement)) continue;
        if (IsWord("label")) break;  // `label NAME ...`: the next statement
        std::string_view clause = Next().text;
        if (clause == "when") {
          if (statement.when) Fail("an alert has one 'when'");
          statement.when = ParseExpr();
        } else if (clause == "score") {
          if (statement.score) Fail("an alert has one 'score'");
          statement.score = ParseExpr();
        } else {
          do {
            const Token& shown = ExpectIdentifier("a name to show");
            if (IsPunct(".")) Fail("'show' takes names of this block's values; add a 'let' for it");
            statement.show.emplace_back(shown.text, At(shown));
          } while (IsPunct(",") && (Next(), true));
        }
      }
    } else if (IsWord("eligibility") || IsWord("deceased")) {
      const std::string_view keyword = Next().text;
      statement.kind =
          keyword == "eligibility" ? StatementKind::kEligibility : StatementKind::kDeceased;
      ExpectPunct("=");
      const Token& name = ExpectIdentifier(Cat("the name of a value after '", keyword, " ='"));
      statement.name = name.text;
      statement.where = At(name);
      if (!AtEnd() && !AtStatementStart()) {
        Fail(Cat("'", keyword, "' names one value of this block; add a 'let' for an expression"));
      }
    } else if (IsWord("label")) {
      Next();
      statement.kind = StatementKind::kLabel;
      const Token& name = ExpectIdentifier("the name of a value after 'label'");
      statement.name = name.text;
      statement.where = At(name);
      statement.label = ExpectString("the label");
      while (Peek().kind == TokenKind::kIdentifier && Peek(1).kind == TokenKind::kString) {
        const Token& key = Next();
        statement.words.push_back({key.text, At(key), ExpectString("the word")});
      }
    } else {
      Fail("expected 'let', 'alert', 'entitlement', 'eligibility', 'deceased', 'label' or 'for'");
    }
    if (!AtEnd() && !AtStatementStart()) Fail("unexpected text after the statement");
    return statement;
  }

  // ---- expressions ----
  std::unique_ptr<Expr> Make(ExprKind kind, const Token& token) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->where = At(token);
    expr->text = token.text;
    return expr;
  }
  [[noreturn]] void TooDeep(const Token& token) {
    ErrorAt(token, Cat("expression nested deeper than ", kMaxExpressionDepth,
                       " levels (a chain of operators counts one level each: split it with lets)"));
  }
  // Makes `child` the next argument of `parent`; an error at `parent` if the
  // tree grows higher than kMaxExpressionDepth.
  void Adopt(Expr& parent, std::unique_ptr<Expr> child, const Token& token) {
    if (child) parent.height = std::max(parent.height, child->height + 1);
    parent.args.push_back(std::move(child));
    if (parent.height > kMaxExpressionDepth) TooDeep(token);
  }
  std::unique_ptr<Expr> Binary(const Token& op, std::unique_ptr<Expr> left,
                               std::unique_ptr<Expr> right) {
    auto expr = Make(ExprKind::kBinary, op);
    Adopt(*expr, std::move(left), op);
    Adopt(*expr, std::move(right), op);
    return expr;
  }

  // Bounds the parser's own recursion (parentheses, `not`, `if`), which
  // happens before the tree it builds is there to measure.
  struct DepthGuard {
    Parser* parser;
    explicit DepthGuard(Parser* p) : parser(p) {
      if (++parser->depth_ > kMaxExpressionDepth) {
        --parser->depth_;
        parser->TooDeep(parser->Peek());
      }
    }
    ~DepthGuard() { --parser->depth_; }
  };

  // expr := coalesce [where expr]
  std::unique_ptr<Expr> ParseExpr() {
    DepthGuard guard(this);
    const uint32_t begin = Peek().offset;
    auto expr = ParseCoalesce();
    if (IsWord("where")) {
      const Token& where = Next();
      auto filtered = Make(ExprKind::kWhere, where);
      Adopt(*filtered, std::move(expr), where);
      Adopt(*filtered, ParseExpr(), where);
      return Spanned(std::move(filtered), begin);
    }
    return expr;
  }
  std::unique_ptr<Expr> ParseCoalesce() {
    const uint32_t begin = Peek().offset;
    auto left = ParseOr();
    while (IsPunct("??")) {
      const Token& op = Next();
      left = Spanned(Binary(op, std::move(left), ParseOr()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseOr() {
    const uint32_t begin = Peek().offset;
    auto left = ParseAnd();
    while (IsWord("or")) {
      const Token& op = Next();
      left = Spanned(Binary(op, std::move(left), ParseAnd()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseAnd() {
    const uint32_t begin = Peek().offset;
    auto left = ParseNot();
    while (IsWord("and")) {
      const Token& op = Next();
      left = Spanned(Binary(op, std::move(left), ParseNot()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseNot() {
    if (IsWord("not")) {
      DepthGuard guard(this);
      const Token& op = Next();
      auto expr = Make(ExprKind::kUnary, op);
      Adopt(*expr, ParseNot(), op);
      return Spanned(std::move(expr), op.offset);
    }
    return ParseComparison();
  }
  std::unique_ptr<Expr> ParseComparison() {
    const uint32_t begin = Peek().offset;
    auto left = ParseAdditive();
    static constexpr std::string_view kComparisons[] = {"==", "!=", "<", "<=", ">", ">="};
    for (std::string_view op : kComparisons) {
      if (IsPunct(op)) {
        const Token& token = Next();
        left = Spanned(Binary(token, std::move(left), ParseAdditive()), begin);
        if (Peek().kind == TokenKind::kPunct &&
            (Peek().text == "<" || Peek().text == ">" || Peek().text == "<=" ||
             Peek().text == ">=" || Peek().text == "==" || Peek().text == "!=")) {
          Fail("comparisons do not chain; write 'a <= b and b <= c'");
        }
        return left;
      }
    }
    if (IsWord("in")) {
      const Token& token = Next();
      if (!IsPunct("{")) Fail("expected a set such as {DIBAO, TEKUN} after 'in'");
      return Spanned(Binary(token, std::move(left), ParsePrimary()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseAdditive() {
    const uint32_t begin = Peek().offset;
    auto left = ParseMultiplicative();
    while (IsPunct("+") || IsPunct("-")) {
      const Token& op = Next();
      left = Spanned(Binary(op, std::move(left), ParseMultiplicative()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseMultiplicative() {
    const uint32_t begin = Peek().offset;
    auto left = ParseUnary();
    while (IsPunct("*") || IsPunct("/")) {
      const Token& op = Next();
      left = Spanned(Binary(op, std::move(left), ParseUnary()), begin);
    }
    return left;
  }
  std::unique_ptr<Expr> ParseUnary() {
    if (IsPunct("-")) {
      DepthGuard guard(this);
      const Token& op = Next();
      auto expr = Make(ExprKind::kUnary, op);
      Adopt(*expr, ParseUnary(), op);
      return Spanned(std::move(expr), op.offset);
    }
    return ParsePrimary();
  }

  int ParseDays() {
    const Token& token = Peek();
    int value = 0;
    if (token.kind != TokenKind::kNumber ||
        std::from_chars(token.text.data(), token.text.data() + token.text.size(), value).ec !=
            std::errc() ||
        value > 100000) {
      Fail("expected a whole number of days");
    }
    Next();
    return value;
  }

  std::unique_ptr<Expr> ParsePrimary() {
    DepthGuard guard(this);
    const uint32_t begin = Peek().offset;
    return Spanned(ParsePrimaryBody(), begin);
  }

  std::unique_ptr<Expr> ParsePrimaryBody() {
    const Token& token = Peek();
    if (token.kind == TokenKind::kNumber) {
      Next();
      if (IsWord("yuan")) {
        Next();
        return Make(ExprKind::kMoney, token);
      }
      return Make(ExprKind::kNumber, token);
    }
    if (token.kind == TokenKind::kDate) {
      ErrorAt(token, "date literals are not part of rules; dates come from fields and as_of");
    }
    if (IsPunct("(")) {
      Next();
      auto inner = ParseExpr();
      ExpectPunct(")");
      return inner;
    }
    if (IsPunct("{")) {
      auto set = Make(ExprKind::kSet, Next());
      if (!IsPunct("}")) {
        do {
          const Token& element = Peek();
          if (element.kind != TokenKind::kIdentifier && element.kind != TokenKind::kNumber) {
            Fail("expected a code or a number in the set");
          }
          Next();
          Adopt(*set,
                Make(element.kind == TokenKind::kNumber ? ExprKind::kNumber : ExprKind::kName,
                     element),
                element);
        } while (IsPunct(",") && (Next(), true));
      }
      ExpectPunct("}");
      return set;
    }
    if (token.kind != TokenKind::kIdentifier) Fail("expected a value");
    if (token.text == "if") {
      auto expr = Make(ExprKind::kIf, Next());
      Adopt(*expr, ParseExpr(), token);
      ExpectWord("then");
      Adopt(*expr, ParseExpr(), token);
      ExpectWord("else");
      Adopt(*expr, ParseExpr(), token);
      return expr;
    }
    if (token.text == "true" || token.text == "false") return Make(ExprKind::kBool, Next());
    if (token.text == "members") return Make(ExprKind::kMembers, Next());
    if (token.text == "signals") return ParseSignals();
    static constexpr std::string_view kReserved[] = {
        "let", "alert", "entitlement", "for",      "then",  "else",  "and",  "or",
        "not", "in",    "where",       "severity", "when",  "score", "show", "within",
        "of",  "days",  "to",          "yuan",     "label", "reason"};
    for (std::string_view word : kReserved) {
      if (token.text == word) Fail("expected a value");
    }
    Next();
    if (IsPunct("(")) return ParseCall(token);
    if (IsPunct(".")) {
      auto path = Make(ExprKind::kPath, token);
      path->parts.push_back(token.text);
      uint32_t end = token.offset + static_cast<uint32_t>(token.text.size());
      while (IsPunct(".")) {
        Next();
        const Token& part = ExpectIdentifier("a name after '.'");
        path->parts.push_back(part.text);
        end = part.offset + static_cast<uint32_t>(part.text.size());
      }
      path->where = TokenLocation(file_, token, end - token.offset);
      return path;
    }
    return Make(ExprKind::kName, token);
  }

  std::unique_ptr<Expr> ParseCall(const Token& name) {
    auto call = Make(ExprKind::kCall, name);
    Next();  // (
    if (name.text == kParamFunction) {
      const Token& first = ExpectIdentifier("a parameter name");
      call->parts.push_back(first.text);
      uint32_t end = first.offset + static_cast<uint32_t>(first.text.size());
      while (IsPunct(".")) {
        Next();
        const Token& part = Peek();
        if (part.kind != TokenKind::kIdentifier && part.kind != TokenKind::kNumber) {
          Fail("expected a name after '.'");
        }
        Next();
        end = part.offset + static_cast<uint32_t>(part.text.size());
      }
      call->where = TokenLocation(file_, first, end - first.offset);
      call->text = std::string_view(file_.text).substr(first.offset, end - first.offset);
      ExpectPunct(")");
      return call;
    }
    if (!IsPunct(")")) {
      do {
        Adopt(*call, ParseExpr(), name);
      } while (IsPunct(",") && (Next(), true));
    }
    ExpectPunct(")");
    return call;
  }

  // signals(TYPE) [of SET] [within N days | within N to M days]
  std::unique_ptr<Expr> ParseSignals() {
    auto signals = Make(ExprKind::kSignals, Next());
    ExpectPunct("(");
    const Token& type = ExpectIdentifier("a signal type such as INCOME");
    signals->parts.push_back(type.text);
    ExpectPunct(")");
    std::unique_ptr<Expr> of;
    if (IsWord("of")) {
      Next();
      const Token& set = Peek();
      if (set.kind != TokenKind::kIdentifier) Fail("expected 'members' or a member set after 'of'");
      Next();
      of = Make(set.text == "members" ? ExprKind::kMembers : ExprKind::kName, set);
    }
    Adopt(*signals, std::move(of), type);
    if (IsWord("within")) {
      Next();
      signals->window_from = ParseDays();
      if (IsWord("to")) {
        Next();
        signals->window_to = ParseDays();
        if (signals->window_to >= signals->window_from) {
          Fail("'within A to B days' needs A > B: the window is (as_of - A, as_of - B]");
        }
      }
      ExpectWord("days");
    }
    return signals;
  }

  const SourceFile& file_;
  Diagnostics& diagnostics_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  uint32_t last_end_ = 0;  // where the last token read ends
};

}  // namespace

RuleFile ParseRuleFile(const SourceFile& file, Diagnostics& diagnostics) {
  return Parser(file, diagnostics).Parse();
}

std::unique_ptr<Expr> ParseExpression(const SourceFile& file, std::vector<Token> tokens,
                                      Diagnostics& diagnostics) {
  return Parser(file, diagnostics, std::move(tokens)).ParseWholeExpression();
}

}  // namespace safetynet::lang
