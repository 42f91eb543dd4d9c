// What a spreadsheet (or an input method) did to a field that the importer
// could not read: a resident id saved as a number or with a "keep as text"
// mark, a date in another form, a look-alike character of clarification 13
// (docs/exchange-format.md; docs/import.md "Spreadsheet damage"). The
// importer still rejects such a field, never guesses what it meant; these
// functions only find words for the reject reason and for the whole-file
// diagnosis (engine/io/diagnosis.h).
//
// Every name they return describes the value without repeating it (a date's
// form "YYYY/M/D", never its digits; a character's code point, never a run
// of them): docs/privacy.md. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace safetynet {

// The damages told apart; the whole-file diagnosis groups a file's rejected
// rows by column and kind.
enum class DamageKind : uint8_t {
  kNone,
  kLookalikeCharacter,  // clarification 13: full-width, no-break, ideographic, zero-width
  kSavedAsNumber,       // 3.71002E+17, 371002194506300000 (15 significant digits), a trailing .0
  kKeepAsTextMark,      // a leading ', a leading or trailing tab, ="..."
  kDateForm,            // 2025/6/1, 6/1/2025, 20250601, 2025年6月1日, 45809, a time of day
};

struct ValueDamage {
  DamageKind kind = DamageKind::kNone;
  // This value's damage, for its reject reason: "U+FF11 FULLWIDTH DIGIT ONE",
  // "scientific notation", "a leading ' mark", "YYYY/M/D".
  std::string form;
  // What rows of one file are counted under in the diagnosis, a noun phrase:
  // "full-width digits (U+FF10-FF19)", "scientific notation",
  // "dates of the form YYYY/M/D" (M, D: one or two digits).
  std::string family;
  // For kLookalikeCharacter: how many look-alike characters the value holds.
  size_t count = 0;
  bool found() const { return kind != DamageKind::kNone; }
};

// The first character of `text` that clarification 13 forbids, with its code
// point and Unicode name: full-width digits U+FF10-FF19 and letters
// U+FF21-FF3A, U+FF41-FF5A; the ideographic space U+3000; the no-break spaces
// U+00A0, U+202F, U+2007; the zero-width characters U+200B-U+200D, U+2060,
// U+FEFF. kNone if it holds none (other full-width forms, such as the
// full-width comma of Chinese text, are allowed). Bytes that are not UTF-8
// are skipped.
ValueDamage FindLookalikeCharacter(std::string_view text);

// A spreadsheet's "keep as text" mark on any value: a leading `'`, a leading
// or trailing tab, or the form `="..."`. kNone if none of these.
ValueDamage FindKeepAsTextMark(std::string_view text);

// A field of digits (a resident id, a district code, a grade) as a
// spreadsheet writes a number or marks one as text: a keep-as-text mark
// (FindKeepAsTextMark), scientific notation (`3.71002E+17`, also with a
// decimal comma), a trailing `.0` after digits. kNone if none of these.
ValueDamage FindNumberDamage(std::string_view text);

// An 18-digit resident id whose last three digits are 0 and whose checksum
// fails: a number a spreadsheet kept to 15 significant digits. kNone
// otherwise. The caller has found that the checksum fails.
ValueDamage FindCutResidentId(std::string_view text);

// A date not of the form YYYY-MM-DD, named by its form: year, month and day
// in any order the separators `/`, `-`, `.` allow ("YYYY/M/D", "YYYY.MM.DD",
// "M/D/YYYY", "D/M/YYYY", "M/D/YYYY or D/M/YYYY" when either could be meant),
// eight digits "YYYYMMDD", "YYYY年M月D日", any of these followed by a time of
// day ("YYYY-MM-DD hh:mm:ss", also with a `T`), and a spreadsheet serial day
// number (1 to 5 digits, perhaps with a fraction: days since 1899-12-30);
// first, a keep-as-text mark (FindKeepAsTextMark) on any value.
// M and D stand for one digit, MM and DD for two, hh and h likewise. kNone
// for anything else, and for the form YYYY-MM-DD itself (a day that is not
// real, such as 2025-02-30, is no damage).
ValueDamage FindDateDamage(std::string_view text);

// The reject reason of a damaged value of `column`, without the value:
//   "person_id holds U+FF13 FULLWIDTH DIGIT THREE (and 17 more such
//    characters): not converted to a plain character (clarification 13);
//    retype the value"
//   "looks like it was saved as a number by a spreadsheet (scientific notation)"
//   "carries a spreadsheet's keep-as-text mark (a leading ' mark)"
//   "a date of the form YYYY/M/D; the format needs YYYY-MM-DD and never
//    guesses another form"
// `damage` must be found().
std::string DamageReason(const ValueDamage& damage, std::string_view column);

}  // namespace safetynet
