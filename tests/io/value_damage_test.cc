// What a spreadsheet did to a value (engine/io/value_damage.h): each form of
// damage named, and values that are not damaged left alone (docs/import.md
// "Spreadsheet damage"; clarification 13 of docs/exchange-format.md).
#include "engine/io/value_damage.h"

#include <gtest/gtest.h>

#include <string>

namespace safetynet {
namespace {

// Full-width digits 0-9 (U+FF10-FF19), each three bytes in UTF-8.
std::string FullWidth(std::string_view ascii_digits) {
  std::string out;
  for (char c : ascii_digits) {
    const char32_t code = 0xFF10 + (c - '0');
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

struct CharacterCase {
  const char* text;
  const char* form;
  const char* family;
};

TEST(ValueDamage, EachLookAlikeCharacterIsNamedByCodePointAndName) {
  const CharacterCase cases[] = {
      {"\xEF\xBC\x90", "U+FF10 FULLWIDTH DIGIT ZERO", "full-width digits (U+FF10-FF19)"},
      {"12\xEF\xBC\x99", "U+FF19 FULLWIDTH DIGIT NINE", "full-width digits (U+FF10-FF19)"},
      {"\xEF\xBC\xA1", "U+FF21 FULLWIDTH LATIN CAPITAL LETTER A",
       "full-width letters (U+FF21-FF3A, U+FF41-FF5A)"},
      {"\xEF\xBC\xBA", "U+FF3A FULLWIDTH LATIN CAPITAL LETTER Z",
       "full-width letters (U+FF21-FF3A, U+FF41-FF5A)"},
      {"\xEF\xBD\x81", "U+FF41 FULLWIDTH LATIN SMALL LETTER A",
       "full-width letters (U+FF21-FF3A, U+FF41-FF5A)"},
      {"\xEF\xBD\x9A", "U+FF5A FULLWIDTH LATIN SMALL LETTER Z",
       "full-width letters (U+FF21-FF3A, U+FF41-FF5A)"},
      {"张\xE3\x80\x80三", "U+3000 IDEOGRAPHIC SPACE", "ideographic spaces (U+3000)"},
      {"a\xC2\xA0", "U+00A0 NO-BREAK SPACE", "no-break spaces (U+00A0, U+202F, U+2007)"},
      {"\xE2\x80\xAF", "U+202F NARROW NO-BREAK SPACE", "no-break spaces (U+00A0, U+202F, U+2007)"},
      {"\xE2\x80\x87", "U+2007 FIGURE SPACE", "no-break spaces (U+00A0, U+202F, U+2007)"},
      {"1\xE2\x80\x8B", "U+200B ZERO WIDTH SPACE",
       "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)"},
      {"\xE2\x80\x8C", "U+200C ZERO WIDTH NON-JOINER",
       "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)"},
      {"\xE2\x80\x8D", "U+200D ZERO WIDTH JOINER",
       "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)"},
      {"\xE2\x81\xA0", "U+2060 WORD JOINER",
       "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)"},
      {"H1\xEF\xBB\xBF", "U+FEFF ZERO WIDTH NO-BREAK SPACE",
       "zero-width characters (U+200B-U+200D, U+2060, U+FEFF)"},
  };
  for (const CharacterCase& c : cases) {
    const ValueDamage damage = FindLookalikeCharacter(c.text);
    EXPECT_EQ(damage.kind, DamageKind::kLookalikeCharacter) << c.form;
    EXPECT_EQ(damage.form, c.form);
    EXPECT_EQ(damage.family, c.family) << c.form;
    EXPECT_EQ(damage.count, 1u) << c.form;
  }
}

TEST(ValueDamage, TheNeighboursOfTheLookAlikesAreNotDamage) {
  // U+FF0F FULLWIDTH SOLIDUS and U+FF1A FULLWIDTH COLON border the digits;
  // U+FF20 and U+FF3B, U+FF40 and U+FF5B the letters; the full-width comma
  // U+FF0C and ideographic full stop U+3002 are ordinary Chinese punctuation;
  // U+00A1, U+2006, U+2008, U+200A, U+200E, U+2061, U+FEFE are no spaces of
  // the clarification; bytes that are not UTF-8 are passed over.
  for (const char* text :
       {"\xEF\xBC\x8F", "\xEF\xBC\x9A", "\xEF\xBC\xA0", "\xEF\xBC\xBB", "\xEF\xBD\x80",
        "\xEF\xBD\x9B", "你好\xEF\xBC\x8C世界\xE3\x80\x82", "\xC2\xA1", "\xE2\x80\x86",
        "\xE2\x80\x88", "\xE2\x80\x8A", "\xE2\x80\x8E", "\xE2\x81\xA1", "\xEF\xBB\xBE",
        "371082199601070013", "\xEF\xBC", "\xC2", "\xE2\x80"}) {
    EXPECT_FALSE(FindLookalikeCharacter(text).found()) << text;
  }
}

TEST(ValueDamage, AnIdOfEighteenFullWidthDigitsIsNamedByItsFirstAndCounted) {
  const ValueDamage damage = FindLookalikeCharacter(FullWidth("371082199601070013"));
  EXPECT_EQ(damage.form, "U+FF13 FULLWIDTH DIGIT THREE");
  EXPECT_EQ(damage.count, 18u);
  EXPECT_EQ(DamageReason(damage, "person_id"),
            "person_id holds U+FF13 FULLWIDTH DIGIT THREE (and 17 more such characters): not "
            "converted to a plain character (clarification 13); retype the value");
}

struct FormCase {
  const char* text;
  DamageKind kind;
  const char* form;
  const char* family;
};

TEST(ValueDamage, EachFormOfANumberSavedBySpreadsheetIsNamed) {
  const FormCase cases[] = {
      {"3.71002E+17", DamageKind::kSavedAsNumber, "scientific notation", "scientific notation"},
      {"3.71082e17", DamageKind::kSavedAsNumber, "scientific notation", "scientific notation"},
      {"3,71082E+17", DamageKind::kSavedAsNumber, "scientific notation", "scientific notation"},
      {"4E+17", DamageKind::kSavedAsNumber, "scientific notation", "scientific notation"},
      {"371082199601070013.0", DamageKind::kSavedAsNumber, "a trailing .0", "a trailing .0"},
      {"371002.00", DamageKind::kSavedAsNumber, "a trailing .0", "a trailing .0"},
      {"'371082199601070013", DamageKind::kKeepAsTextMark, "a leading ' mark", "a leading ' mark"},
      {"\t371082199601070013", DamageKind::kKeepAsTextMark, "a leading tab", "a leading tab"},
      {"371082199601070013\t", DamageKind::kKeepAsTextMark, "a trailing tab", "a trailing tab"},
      {"=\"371082199601070013\"", DamageKind::kKeepAsTextMark, "the form =\"...\"",
       "the form =\"...\""},
  };
  for (const FormCase& c : cases) {
    const ValueDamage damage = FindNumberDamage(c.text);
    EXPECT_EQ(damage.kind, c.kind) << c.text;
    EXPECT_EQ(damage.form, c.form) << c.text;
    EXPECT_EQ(damage.family, c.family) << c.text;
  }
  EXPECT_EQ(DamageReason(FindNumberDamage("3.71002E+17"), "person_id"),
            "looks like it was saved as a number by a spreadsheet (scientific notation)");
  EXPECT_EQ(DamageReason(FindNumberDamage("'371082199601070013"), "person_id"),
            "carries a spreadsheet's keep-as-text mark (a leading ' mark)");
}

// The keep-as-text marks are named on dates and amounts too (a date of the
// right form behind a mark is not "not of the form YYYY-MM-DD").
TEST(ValueDamage, AKeepAsTextMarkIsNamedOnADateOrAnAmount) {
  EXPECT_EQ(FindDateDamage("'2025-06-01").form, "a leading ' mark");
  EXPECT_EQ(FindDateDamage("\t2025-06-01").form, "a leading tab");
  EXPECT_EQ(FindDateDamage("2025-06-01\t").form, "a trailing tab");
  EXPECT_EQ(FindDateDamage("=\"2025-06-01\"").form, "the form =\"...\"");
  EXPECT_EQ(FindKeepAsTextMark("'1500.00").kind, DamageKind::kKeepAsTextMark);
  EXPECT_EQ(FindKeepAsTextMark("1500.00").kind, DamageKind::kNone);
  EXPECT_EQ(FindKeepAsTextMark("").kind, DamageKind::kNone);
  EXPECT_EQ(FindKeepAsTextMark("=\"").kind, DamageKind::kNone);  // too short to be the form
}

TEST(ValueDamage, OtherBadNumbersAreNotNamedAsSpreadsheetDamage) {
  for (const char* text : {"", "3710821996010700", "37108219960107001Y", "3.7E", "E+17", "3.E+17",
                           "3.71082E+", "371082.5", "371082.", "1.0.0", "abc", "=371082", "=\""}) {
    EXPECT_FALSE(FindNumberDamage(text).found()) << text;
  }
}

TEST(ValueDamage, AnIdCutToFifteenSignificantDigitsIsNamed) {
  // 371082199601070013 kept to 15 significant digits; its checksum fails.
  const ValueDamage damage = FindCutResidentId("371082199601070000");
  EXPECT_EQ(damage.kind, DamageKind::kSavedAsNumber);
  EXPECT_EQ(DamageReason(damage, "person_id"),
            "looks like it was saved as a number by a spreadsheet (cut to 15 significant "
            "digits, the rest zeros)");
  EXPECT_EQ(damage.family, "cut to 15 significant digits");
  // Two zeros at the end, 17 or 19 digits, an X: no cut number.
  for (const char* text :
       {"371082199601070100", "37108219960107000", "3710821996010700000", "37108219960107000X"}) {
    EXPECT_FALSE(FindCutResidentId(text).found()) << text;
  }
}

TEST(ValueDamage, EachDateFormIsNamedAndTheExpectedOneSaid) {
  const FormCase cases[] = {
      {"2025/6/1", DamageKind::kDateForm, "a date of the form YYYY/M/D",
       "dates of the form YYYY/M/D"},
      {"2025/06/01", DamageKind::kDateForm, "a date of the form YYYY/MM/DD",
       "dates of the form YYYY/M/D"},
      {"2025/12/1", DamageKind::kDateForm, "a date of the form YYYY/MM/D",
       "dates of the form YYYY/M/D"},
      {"2025-6-1", DamageKind::kDateForm, "a date of the form YYYY-M-D",
       "dates of the form YYYY-M-D"},
      {"2025-06-1", DamageKind::kDateForm, "a date of the form YYYY-MM-D",
       "dates of the form YYYY-M-D"},
      {"2025.06.01", DamageKind::kDateForm, "a date of the form YYYY.MM.DD",
       "dates of the form YYYY.M.D"},
      {"20250601", DamageKind::kDateForm, "a date of the form YYYYMMDD",
       "dates of the form YYYYMMDD"},
      {"2025年6月1日", DamageKind::kDateForm, "a date of the form YYYY年M月D日",
       "dates of the form YYYY年M月D日"},
      {"2025年06月01日", DamageKind::kDateForm, "a date of the form YYYY年MM月DD日",
       "dates of the form YYYY年M月D日"},
      // Month or day first: said only when a number over 12 tells.
      {"6/1/2025", DamageKind::kDateForm, "a date of the form M/D/YYYY or D/M/YYYY",
       "dates of the form M/D/YYYY or D/M/YYYY"},
      {"6/13/2025", DamageKind::kDateForm, "a date of the form M/DD/YYYY",
       "dates of the form M/D/YYYY or D/M/YYYY"},
      {"13/6/2025", DamageKind::kDateForm, "a date of the form DD/M/YYYY",
       "dates of the form M/D/YYYY or D/M/YYYY"},
      {"01.06.2025", DamageKind::kDateForm, "a date of the form MM.DD.YYYY or DD.MM.YYYY",
       "dates of the form M.D.YYYY or D.M.YYYY"},
      {"45809", DamageKind::kDateForm, "a spreadsheet serial day number (days since 1899-12-30)",
       "spreadsheet serial day numbers (days since 1899-12-30)"},
      {"45809.5", DamageKind::kDateForm, "a spreadsheet serial day number (days since 1899-12-30)",
       "spreadsheet serial day numbers (days since 1899-12-30)"},
      {"2025-06-01 00:00:00", DamageKind::kDateForm,
       "a date with a time of day, of the form YYYY-MM-DD hh:mm:ss", "dates with a time of day"},
      {"2025-06-01T00:00:00.000", DamageKind::kDateForm,
       "a date with a time of day, of the form YYYY-MM-DDThh:mm:ss.fff",
       "dates with a time of day"},
      {"2025/6/1 0:00", DamageKind::kDateForm,
       "a date with a time of day, of the form YYYY/M/D h:mm", "dates with a time of day"},
  };
  for (const FormCase& c : cases) {
    const ValueDamage damage = FindDateDamage(c.text);
    EXPECT_EQ(damage.kind, c.kind) << c.text;
    EXPECT_EQ(damage.form, c.form) << c.text;
    EXPECT_EQ(damage.family, c.family) << c.text;
  }
  EXPECT_EQ(DamageReason(FindDateDamage("2025/6/1"), "event_date"),
            "a date of the form YYYY/M/D; the format needs YYYY-MM-DD and never guesses another "
            "form");
}

TEST(ValueDamage, DatesOfNoNamedFormAreNotDamage) {
  // The right form naming no real day is a plain bad date; the rest are
  // nothing a spreadsheet writes for a date.
  for (const char* text :
       {"2025-02-30", "2025-06-01", "", "2025", "4580", "458090", "2025/6", "2025/6-1",
        "2025/123/1", "25/6/1", "2025-06-01 noon", "2025-06-01 0:0", "2025-06-01 00:00:0",
        "2025年6月1", "2025年6月1日0", "1/2/3/2025", "20250601 12:00:00x", "6/1/20251"}) {
    EXPECT_FALSE(FindDateDamage(text).found()) << text;
  }
}

}  // namespace
}  // namespace safetynet
