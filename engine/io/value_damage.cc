#include "engine/io/value_damage.h"

#include <array>
#include <cstdio>
#include <optional>

#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return !text.empty();
}

// Leading digits of `text` from `at`: how many.
size_t DigitRun(std::string_view text, size_t at) {
  size_t end = at;
  while (end < text.size() && IsDigit(text[end])) ++end;
  return end - at;
}

// A look-alike character's Unicode name and the family it is counted under;
// an empty name if `c` is not one (clarification 13).
struct Lookalike {
  std::string name;
  std::string_view family;
};

constexpr std::string_view kFullWidthDigits = "full-width digits (U+FF10-FF19)";
constexpr std::string_view kFullWidthLetters = "full-width letters (U+FF21-FF3A, U+FF41-FF5A)";

Lookalike LookalikeOf(char32_t c) {
  static constexpr std::array<std::string_view, 10> kDigitNames = {
      "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};
  if (c >= 0xFF10 && c <= 0xFF19) {
    return {Cat("FULLWIDTH DIGIT ", kDigitNames[c - 0xFF10]), kFullWidthDigits};
  }
  if (c >= 0xFF21 && c <= 0xFF3A) {
    return {
        Cat("FULLWIDTH LATIN CAPITAL LETTER ", std::string(1, static_cast<char>('A' + c - 0xFF21))),
        kFullWidthLetters};
  }
  if (c >= 0xFF41 && c <= 0xFF5A) {
    return {
        Cat("FULLWIDTH LATIN SMALL LETTER ", std::string(1, static_cast<char>('A' + c - 0xFF41))),
        kFullWidthLetters};
  }
  constexpr std::string_view kNoBreak = "no-break spaces (U+00A0, U+202F, U+2007)";
  constexpr std::string_view kZeroWidth = "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)";
  switch (c) {
    case 0x3000:
      return {"IDEOGRAPHIC SPACE", "ideographic spaces (U+3000)"};
    case 0x00A0:
      return {"NO-BREAK SPACE", kNoBreak};
    case 0x202F:
      return {"NARROW NO-BREAK SPACE", kNoBreak};
    case 0x2007:
      return {"FIGURE SPACE", kNoBreak};
    case 0x200B:
      return {"ZERO WIDTH SPACE", kZeroWidth};
    case 0x200C:
      return {"ZERO WIDTH NON-JOINER", kZeroWidth};
    case 0x200D:
      return {"ZERO WIDTH JOINER", kZeroWidth};
    case 0x2060:
      return {"WORD JOINER", kZeroWidth};
    case 0xFEFF:
      return {"ZERO WIDTH NO-BREAK SPACE", kZeroWidth};
    default:
      return {};
  }
}

// "U+FF11": four hex digits or more.
std::string CodePointName(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
  return buffer;
}

ValueDamage Damage(DamageKind kind, std::string form, std::string family) {
  ValueDamage damage;
  damage.kind = kind;
  damage.form = std::move(form);
  damage.family = std::move(family);
  return damage;
}

// `^[0-9]+([.,][0-9]+)?[Ee][+-]?[0-9]+$`: how a spreadsheet writes a large
// number (a decimal comma in some locales).
bool IsScientific(std::string_view text) {
  size_t at = DigitRun(text, 0);
  if (at == 0) return false;
  if (at < text.size() && (text[at] == '.' || text[at] == ',')) {
    const size_t fraction = DigitRun(text, at + 1);
    if (fraction == 0) return false;
    at += 1 + fraction;
  }
  if (at >= text.size() || (text[at] != 'E' && text[at] != 'e')) return false;
  ++at;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) ++at;
  return DigitRun(text, at) > 0 && at + DigitRun(text, at) == text.size();
}

// "M" or "MM" for a run of one or two digits.
std::string Letters(char letter, size_t digits) { return std::string(digits, letter); }

// A time of day after a date: h:mm, hh:mm:ss, perhaps with a fraction of a
// second; its form ("hh:mm:ss"), or nullopt.
std::optional<std::string> TimeForm(std::string_view text) {
  const size_t hours = DigitRun(text, 0);
  if (hours < 1 || hours > 2 || hours >= text.size() || text[hours] != ':') return std::nullopt;
  std::string form = Cat(Letters('h', hours), ":mm");
  size_t at = hours + 1;
  if (DigitRun(text, at) != 2) return std::nullopt;
  at += 2;
  if (at < text.size() && text[at] == ':') {
    if (DigitRun(text, at + 1) != 2) return std::nullopt;
    form += ":ss";
    at += 3;
    if (at < text.size() && text[at] == '.' && DigitRun(text, at + 1) > 0) {
      at += 1 + DigitRun(text, at + 1);
      form += ".fff";
    }
  }
  return at == text.size() ? std::optional<std::string>(form) : std::nullopt;
}

// The form of a date without a time: exact ("YYYY/MM/D") and of its family
// (one letter for a month or day of one or two digits: "YYYY/M/D"); nullopt
// if it is no form we name. YYYY-MM-DD itself is named too (the caller
// decides whether it is damage).
struct DateForm {
  std::string exact;
  std::string family;
};

std::optional<DateForm> DatePartForm(std::string_view text) {
  if (text.size() == 8 && AllDigits(text)) return DateForm{"YYYYMMDD", "YYYYMMDD"};
  const size_t first = DigitRun(text, 0);
  if (first == 0 || first >= text.size()) return std::nullopt;
  // 2025年6月1日
  constexpr std::string_view kYear = "年", kMonth = "月", kDay = "日";
  if (first == 4 && text.substr(first, kYear.size()) == kYear) {
    size_t at = first + kYear.size();
    const size_t month = DigitRun(text, at);
    at += month;
    if (month < 1 || month > 2 || text.substr(at, kMonth.size()) != kMonth) return std::nullopt;
    at += kMonth.size();
    const size_t day = DigitRun(text, at);
    at += day;
    if (day < 1 || day > 2 || text.substr(at) != kDay) return std::nullopt;
    return DateForm{Cat("YYYY年", Letters('M', month), "月", Letters('D', day), "日"),
                    "YYYY年M月D日"};
  }
  // Three runs of digits with one separator between them: / - .
  const char separator = text[first];
  if (separator != '/' && separator != '-' && separator != '.') return std::nullopt;
  const size_t second = DigitRun(text, first + 1);
  const size_t second_end = first + 1 + second;
  if (second == 0 || second_end >= text.size() || text[second_end] != separator) {
    return std::nullopt;
  }
  const size_t third = DigitRun(text, second_end + 1);
  if (second_end + 1 + third != text.size()) return std::nullopt;
  const std::string sep(1, separator);
  if (first == 4 && second <= 2 && third >= 1 && third <= 2) {
    return DateForm{Cat("YYYY", sep, Letters('M', second), sep, Letters('D', third)),
                    Cat("YYYY", sep, "M", sep, "D")};
  }
  if (third == 4 && first <= 2 && second >= 1 && second <= 2) {
    // Month first or day first: said only when a number over 12 tells.
    const int a = std::stoi(std::string(text.substr(0, first)));
    const int b = std::stoi(std::string(text.substr(first + 1, second)));
    const std::string month_first =
        Cat(Letters('M', first), sep, Letters('D', second), sep, "YYYY");
    const std::string day_first = Cat(Letters('D', first), sep, Letters('M', second), sep, "YYYY");
    const std::string family = Cat("M", sep, "D", sep, "YYYY or D", sep, "M", sep, "YYYY");
    if (a > 12 && b <= 12) return DateForm{day_first, family};
    if (b > 12 && a <= 12) return DateForm{month_first, family};
    return DateForm{Cat(month_first, " or ", day_first), family};
  }
  return std::nullopt;
}

}  // namespace

ValueDamage FindLookalikeCharacter(std::string_view text) {
  ValueDamage damage;
  for (size_t at = 0; at < text.size();) {
    // Every look-alike's UTF-8 form starts with one of these bytes; other
    // bytes (ASCII, most Chinese text, continuation bytes) are passed over.
    const unsigned char lead = static_cast<unsigned char>(text[at]);
    if (lead != 0xC2 && lead != 0xE2 && lead != 0xE3 && lead != 0xEF) {
      ++at;
      continue;
    }
    size_t next = at;
    const std::optional<char32_t> code = NextCodePoint(text, next);
    if (!code) {
      ++at;
      continue;
    }
    at = next;
    Lookalike lookalike = LookalikeOf(*code);
    if (lookalike.name.empty()) continue;
    if (damage.count++ == 0) {
      damage.kind = DamageKind::kLookalikeCharacter;
      damage.form = Cat(CodePointName(*code), " ", lookalike.name);
      damage.family = std::string(lookalike.family);
    }
  }
  return damage;
}

ValueDamage FindKeepAsTextMark(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() >= 3 && text.substr(0, 2) == "=\"" && text.back() == '"') {
    return Damage(DamageKind::kKeepAsTextMark, "the form =\"...\"", "the form =\"...\"");
  }
  if (text.front() == '\'') {
    return Damage(DamageKind::kKeepAsTextMark, "a leading ' mark", "a leading ' mark");
  }
  if (text.front() == '\t')
    return Damage(DamageKind::kKeepAsTextMark, "a leading tab", "a leading tab");
  if (text.back() == '\t') {
    return Damage(DamageKind::kKeepAsTextMark, "a trailing tab", "a trailing tab");
  }
  return {};
}

ValueDamage FindNumberDamage(std::string_view text) {
  if (ValueDamage mark = FindKeepAsTextMark(text); mark.found()) return mark;
  if (IsScientific(text)) {
    return Damage(DamageKind::kSavedAsNumber, "scientific notation", "scientific notation");
  }
  const size_t digits = DigitRun(text, 0);
  if (digits > 0 && digits + 1 < text.size() && text[digits] == '.' &&
      text.find_first_not_of('0', digits + 1) == std::string_view::npos) {
    return Damage(DamageKind::kSavedAsNumber, "a trailing .0", "a trailing .0");
  }
  return {};
}

ValueDamage FindCutResidentId(std::string_view text) {
  if (text.size() != 18 || !AllDigits(text) || text.substr(15) != "000") return {};
  return Damage(DamageKind::kSavedAsNumber, "cut to 15 significant digits, the rest zeros",
                "cut to 15 significant digits");
}

ValueDamage FindDateDamage(std::string_view text) {
  if (ValueDamage mark = FindKeepAsTextMark(text); mark.found()) return mark;
  // A spreadsheet's serial day number: 5 digits (1927-05-18 to 2173-10-14),
  // perhaps with a fraction of a day.
  const size_t whole = DigitRun(text, 0);
  if (whole == 5 &&
      (whole == text.size() || (text[whole] == '.' && DigitRun(text, whole + 1) > 0 &&
                                whole + 1 + DigitRun(text, whole + 1) == text.size()))) {
    return Damage(DamageKind::kDateForm, "a spreadsheet serial day number (days since 1899-12-30)",
                  "spreadsheet serial day numbers (days since 1899-12-30)");
  }
  std::string_view date = text;
  std::string time;  // " hh:mm:ss", or empty
  if (const size_t split = text.find_first_of(" T"); split != std::string_view::npos) {
    const std::optional<std::string> form = TimeForm(text.substr(split + 1));
    if (!form) return {};
    date = text.substr(0, split);
    time = Cat(text[split] == 'T' ? "T" : " ", *form);
  }
  const std::optional<DateForm> form = DatePartForm(date);
  if (!form || (time.empty() && form->exact == "YYYY-MM-DD")) return {};
  if (time.empty()) {
    return Damage(DamageKind::kDateForm, Cat("a date of the form ", form->exact),
                  Cat("dates of the form ", form->family));
  }
  return Damage(DamageKind::kDateForm,
                Cat("a date with a time of day, of the form ", form->exact, time),
                "dates with a time of day");
}

std::string DamageReason(const ValueDamage& damage, std::string_view column) {
  switch (damage.kind) {
    case DamageKind::kLookalikeCharacter:
      return Cat(column, " holds ", damage.form,
                 damage.count > 1 ? Cat(" (and ", damage.count - 1, " more such character",
                                        damage.count > 2 ? "s)" : ")")
                                  : "",
                 ": not converted to a plain character (clarification 13); retype the value");
    case DamageKind::kSavedAsNumber:
      return Cat("looks like it was saved as a number by a spreadsheet (", damage.form, ")");
    case DamageKind::kKeepAsTextMark:
      return Cat("carries a spreadsheet's keep-as-text mark (", damage.form, ")");
    case DamageKind::kDateForm:
      return Cat(damage.form, "; the format needs YYYY-MM-DD and never guesses another form");
    case DamageKind::kNone:
      break;
  }
  return {};
}

}  // namespace safetynet
