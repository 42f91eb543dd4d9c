// Damage a spreadsheet does, at import (docs/import.md "Spreadsheet damage";
// clarification 13 of docs/exchange-format.md): each damaged field rejected
// with a reason that names the damage, and the whole-file diagnosis when most
// rows of a file share one -- in the result, the refusal, the rejects report
// and the snapshot.
#include <gtest/gtest.h>

#include <string>

#include "engine/io/diagnosis.h"
#include "engine/io/import.h"
#include "engine/io/snapshot.h"
#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace testing;  // NOLINT: the exchange rows

// The resident id 371082199601070013 in full-width digits (U+FF10-FF19).
constexpr std::string_view kFullWidthId =
    "\xEF\xBC\x93\xEF\xBC\x97\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x98\xEF\xBC\x92\xEF\xBC\x91\xEF"
    "\xBC\x99\xEF\xBC\x99\xEF\xBC\x96\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x97\xEF\xBC"
    "\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x93";

struct DamagedRow {
  const char* name;
  int file;  // 0 households, 1 persons, 2 elderly, 3 signals
  std::string row;
  RejectKind kind;
  const char* column;
  const char* reason;
};

void PrintTo(const DamagedRow& c, std::ostream* out) { *out << c.name; }

class DamagedRows : public ::testing::TestWithParam<DamagedRow> {};

TEST_P(DamagedRows, AreRejectedNamingTheDamageWithoutTheValue) {
  const DamagedRow& c = GetParam();
  ExchangeFiles files = GoodFiles();
  std::string* file[] = {&files.households, &files.persons, &files.elderly, &files.signals};
  *file[c.file] += c.row;
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 1u) << c.name;
  const Reject& reject = result.rejects[0];
  EXPECT_EQ(reject.line, 3u);
  EXPECT_EQ(reject.kind, c.kind) << RejectKindName(reject.kind);
  EXPECT_EQ(reject.column, c.column);
  EXPECT_EQ(reject.reason, c.reason);
  // One damaged row of two is not most of the file.
  EXPECT_TRUE(result.diagnoses.empty()) << result.diagnoses[0].sentence;
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, DamagedRows,
    ::testing::Values(
        DamagedRow{"id_scientific", 1, "3.71082E+17,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadId, "person_id",
                   "looks like it was saved as a number by a spreadsheet (scientific notation) "
                   "(the value: 11 characters, mixed)"},
        DamagedRow{"id_cut_to_15_digits", 1,
                   "371082199501190000,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadChecksum, "person_id",
                   "looks like it was saved as a number by a spreadsheet (cut to 15 significant "
                   "digits, the rest zeros) (the value: 18 characters, digits)"},
        DamagedRow{"id_trailing_point_zero", 3,
                   "S2,HRSS,INCOME,371082199601070013.0,2025-05-22,1,,\n", RejectKind::kBadId,
                   "person_id",
                   "looks like it was saved as a number by a spreadsheet (a trailing .0) (the "
                   "value: 20 characters, digits and punctuation)"},
        DamagedRow{"id_apostrophe", 2,
                   "'371003194505310007,何洁,1945-05-31,371003,界,程,URBAN,ALONE,2,0,1,1,\n",
                   RejectKind::kBadId, "person_id",
                   "carries a spreadsheet's keep-as-text mark (a leading ' mark) (the value: 19 "
                   "characters, digits and punctuation)"},
        DamagedRow{"id_leading_tab", 1, "\t37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadId, "person_id",
                   "carries a spreadsheet's keep-as-text mark (a leading tab) (the value: 19 "
                   "characters, mixed)"},
        DamagedRow{"id_trailing_tab", 1, "37108219950119000X\t,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadId, "person_id",
                   "carries a spreadsheet's keep-as-text mark (a trailing tab) (the value: 19 "
                   "characters, mixed)"},
        DamagedRow{"id_equals_quoted", 1,
                   "\"=\"\"37108219950119000X\"\"\",H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadId, "person_id",
                   "carries a spreadsheet's keep-as-text mark (the form =\"...\") (the value: 21 "
                   "characters, mixed)"},
        DamagedRow{"district_point_zero", 0, "H2,371002.0,t,v,URBAN,NONE,,,0\n",
                   RejectKind::kUnknownCode, "district",
                   "looks like it was saved as a number by a spreadsheet (a trailing .0) (the "
                   "value: 8 characters, digits and punctuation)"},
        DamagedRow{"date_slashes", 3, "S2,HRSS,INCOME,371082199601070013,2025/5/22,1,,\n",
                   RejectKind::kBadDate, "event_date",
                   "a date of the form YYYY/M/DD; the format needs YYYY-MM-DD and never guesses "
                   "another form (the value: 9 characters, digits and punctuation)"},
        DamagedRow{"date_serial", 0, "H2,371002,t,v,URBAN,NONE,,45809,0\n", RejectKind::kBadDate,
                   "enrolled_date",
                   "a spreadsheet serial day number (days since 1899-12-30); the format needs "
                   "YYYY-MM-DD and never guesses another form (the value: 5 characters, digits)"},
        DamagedRow{"date_chinese", 1, "37108219950119000X,H1,万,F,1995年1月19日,SPOUSE,,,,,0,\n",
                   RejectKind::kBadDate, "birth_date",
                   "a date of the form YYYY年M月DD日; the format needs YYYY-MM-DD and never "
                   "guesses another form (the value: 10 characters, mixed)"},
        DamagedRow{
            "date_with_time", 2,
            "371003194505310007,何洁,1945-05-31 00:00:00,371003,界,程,URBAN,ALONE,2,0,1,1,\n",
            RejectKind::kBadDate, "birth_date",
            "a date with a time of day, of the form YYYY-MM-DD hh:mm:ss; the format needs "
            "YYYY-MM-DD and never guesses another form (the value: 19 characters, digits "
            "and punctuation)"},
        // Clarification 13: an id of 18 full-width digits is not "not 18 characters".
        DamagedRow{"id_full_width", 3,
                   "S2,HRSS,INCOME," + std::string(kFullWidthId) + ",2025-05-22,1,,\n",
                   RejectKind::kBadId, "person_id",
                   "person_id holds U+FF13 FULLWIDTH DIGIT THREE (and 17 more such characters): "
                   "not converted to a plain character (clarification 13); retype the value (the "
                   "value: 18 characters, mixed)"},
        DamagedRow{"amount_full_width", 3,
                   "S2,HRSS,INCOME,371082199601070013,2025-05-22,\xEF\xBC\x95\xEF\xBC\x90,,\n",
                   RejectKind::kBadNumber, "amount",
                   "amount holds U+FF15 FULLWIDTH DIGIT FIVE (and 1 more such character): not "
                   "converted to a plain character (clarification 13); retype the value (the "
                   "value: 2 characters, mixed)"},
        DamagedRow{"code_full_width", 0, "H2,371002,t,v,\xEF\xBC\xB5RBAN,NONE,,,0\n",
                   RejectKind::kUnknownCode, "area",
                   "area holds U+FF35 FULLWIDTH LATIN CAPITAL LETTER U: not converted to a plain "
                   "character (clarification 13); retype the value (the value: 5 characters, "
                   "mixed)"},
        DamagedRow{"name_no_break_space", 1,
                   "37108219950119000X,H1,万\xC2\xA0小,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadText, "name",
                   "name holds U+00A0 NO-BREAK SPACE: not converted to a plain character "
                   "(clarification 13); retype the value (the value: 3 characters, mixed)"},
        DamagedRow{"village_ideographic_space", 0,
                   "H2,371002,t,光明\xE3\x80\x80社区,URBAN,NONE,,,0\n", RejectKind::kBadText,
                   "village",
                   "village holds U+3000 IDEOGRAPHIC SPACE: not converted to a plain character "
                   "(clarification 13); retype the value (the value: 5 characters, mixed)"},
        DamagedRow{"detail_zero_width", 3,
                   "S2,HRSS,INCOME,371082199601070013,2025-05-22,1,,工\xE2\x80\x8B资\n",
                   RejectKind::kBadText, "detail",
                   "detail holds U+200B ZERO WIDTH SPACE: not converted to a plain character "
                   "(clarification 13); retype the value (the value: 3 characters, mixed)"},
        DamagedRow{"household_id_byte_order_mark", 0, "H2\xEF\xBB\xBF,371002,t,v,URBAN,NONE,,,0\n",
                   RejectKind::kBadText, "household_id",
                   "household_id holds U+FEFF ZERO WIDTH NO-BREAK SPACE: not converted to a plain "
                   "character (clarification 13); retype the value (the value: 3 characters, "
                   "mixed)"}),
    [](const ::testing::TestParamInfo<DamagedRow>& info) { return std::string(info.param.name); });

TEST(SpreadsheetDamage, FullWidthPunctuationInFreeTextIsKept) {
  ExchangeFiles files = GoodFiles();
  files.signals += "S2,HRSS,INCOME,371082199601070013,2025-05-22,1,,工资，奖金（五月）\n";
  ImportResult result = MustImport(files);
  EXPECT_TRUE(result.rejects.empty()) << result.rejects[0].reason;
}

TEST(SpreadsheetDamage, MostRowsIsMoreThanHalf) {
  EXPECT_FALSE(MostRows(0, 0));
  EXPECT_FALSE(MostRows(1, 2));
  EXPECT_TRUE(MostRows(2, 2));
  EXPECT_FALSE(MostRows(2, 4));  // exactly half
  EXPECT_TRUE(MostRows(3, 4));   // one past
  EXPECT_FALSE(MostRows(500, 1000));
  EXPECT_TRUE(MostRows(501, 1000));
}

// persons.csv of the good row, `good_more` further good rows and `damaged`
// rows whose ids a spreadsheet saved in scientific notation.
ExchangeFiles PersonsWithIdsAsNumbers(int good_more, int damaged) {
  ExchangeFiles files = GoodFiles();
  if (good_more > 0) files.persons += "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n";
  for (int i = 0; i < damaged; ++i) {
    files.persons += "3.71082E+17,H1,万,F,1995-01-19,CHILD,,,,,0,\n";
  }
  return files;
}

constexpr std::string_view kIdsAsNumbers =
    "column person_id looks like it was saved as a number by a spreadsheet in 3 of 4 rows "
    "(scientific notation); export it as text";

TEST(SpreadsheetDamage, HalfTheRowsDamagedIsNoDiagnosis) {
  ImportResult result = MustImport(PersonsWithIdsAsNumbers(1, 2));  // 2 of 4
  EXPECT_EQ(result.files[1].rejected, 2u);
  EXPECT_TRUE(result.diagnoses.empty());
  EXPECT_TRUE(result.files[1].diagnoses.empty());
}

TEST(SpreadsheetDamage, MostRowsDamagedTheSameWayIsOneDiagnosis) {
  ImportResult result = MustImport(PersonsWithIdsAsNumbers(0, 3));  // 3 of 4
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0],
            (Diagnosis{"persons.csv", "person_id", std::string(kIdsAsNumbers)}));
  EXPECT_EQ(result.files[1].diagnoses, std::vector<std::string>{std::string(kIdsAsNumbers)});
  EXPECT_EQ(result.dataset->info.imported_files[1].diagnoses, result.files[1].diagnoses);
  for (size_t f : {0, 2, 3}) EXPECT_TRUE(result.files[f].diagnoses.empty()) << f;
}

TEST(SpreadsheetDamage, TheDiagnosisExplainsTheRefusal) {
  ImportResult result = MustImport(PersonsWithIdsAsNumbers(0, 3));
  absl::Status refused = CheckRejectRates(result, 5);
  EXPECT_EQ(refused.message(),
            "persons.csv: 75.0% of its 4 rows were rejected, more than 5%; most often BAD_ID (3 "
            "rows), e.g. line 3, column person_id: looks like it was saved as a number by a "
            "spreadsheet (scientific notation) (the value: 11 characters, mixed)\n"
            "  persons.csv: " +
                std::string(kIdsAsNumbers));
}

TEST(SpreadsheetDamage, TheDiagnosisExplainsAnEmptyImport) {
  ExchangeFiles files = GoodFiles();
  files.elderly = std::string(kElderlyHeader) +
                  "371003194101110017,贺利,1941/1/11,371003,界,程,URBAN,ALONE,2,0,1,1,\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(CheckImportNotEmpty(result).message(),
            "elderly.csv had all its 1 rows rejected (no elderly residents): the snapshot would "
            "replace the last one with an empty one\n"
            "  elderly.csv: column birth_date holds dates of the form YYYY/M/D in 1 of 1 rows; "
            "the format needs YYYY-MM-DD");
}

TEST(SpreadsheetDamage, DifferentFormsOfOneDamageAddUpAndTheMostCommonIsNamed) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,HRSS,INCOME,371082199601070013,2025/5/22,1,,\n"
      "S3,HRSS,INCOME,371082199601070013,2025/05/22,1,,\n"
      "S4,HRSS,INCOME,371082199601070013,20250522,1,,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0].sentence,
            "column event_date holds dates in forms other than YYYY-MM-DD in 3 of 4 rows (most "
            "often dates of the form YYYY/M/D, 2 rows); the format needs YYYY-MM-DD");
}

TEST(SpreadsheetDamage, FullWidthDigitsInMostRowsAreDiagnosed) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,HRSS,INCOME,371082199601070013,2025-05-22,\xEF\xBC\x95,,\n"
      "S3,HRSS,INCOME,371082199601070013,2025-05-22,1\xEF\xBC\x90,,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.diagnoses.size(), 1u);
  EXPECT_EQ(result.diagnoses[0].column, "amount");
  EXPECT_EQ(result.diagnoses[0].sentence,
            "column amount holds full-width digits (U+FF10-FF19) in 2 of 3 rows; they are not "
            "converted (clarification 13): replace them with plain half-width characters and "
            "export again");
}

TEST(SpreadsheetDamage, DamageInDifferentColumnsIsNotAddedUp) {
  // Of five rows, two with their ids and two with their dates damaged: no
  // column has most rows damaged.
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,HRSS,INCOME,3.71082E+17,2025-05-22,1,,\n"
      "S3,HRSS,INCOME,3.71082E+17,2025-05-22,1,,\n"
      "S4,HRSS,INCOME,371082199601070013,2025/5/22,1,,\n"
      "S5,HRSS,INCOME,371082199601070013,2025/5/22,1,,\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.files[3].rejected, 4u);
  EXPECT_TRUE(result.diagnoses.empty()) << result.diagnoses[0].sentence;
}

TEST(SpreadsheetDamage, RejectsForOtherReasonsAreNoDiagnosis) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,HRSS,INCOME,371082199601070014,2025-05-22,1,,\n"  // a wrong check digit
      "S3,HRSS,INCOME,371082199601070014,2025-05-22,1,,\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.files[3].rejected, 2u);
  EXPECT_TRUE(result.diagnoses.empty()) << result.diagnoses[0].sentence;
}

TEST(SpreadsheetDamage, DiagnosesComeFirstInTheRejectsReport) {
  ImportResult result = MustImport(PersonsWithIdsAsNumbers(0, 3));
  const std::string report = RejectsCsv(result);
  const std::string reason =
      "looks like it was saved as a number by a spreadsheet (scientific notation) (the value: "
      "11 characters, mixed)";
  // The reason holds a comma, so it is quoted.
  EXPECT_EQ(report,
            "file,line,column,kind,reason\n"
            "persons.csv,,person_id,DIAGNOSIS," +
                std::string(kIdsAsNumbers) +
                "\n"
                "persons.csv,3,person_id,BAD_ID,\"" +
                reason + "\"\npersons.csv,4,person_id,BAD_ID,\"" + reason +
                "\"\npersons.csv,5,person_id,BAD_ID,\"" + reason + "\"\n");
}

TEST(SpreadsheetDamage, TheSnapshotKeepsTheDiagnoses) {
  ImportResult result = MustImport(PersonsWithIdsAsNumbers(0, 3));
  SnapshotSummary summary;
  auto loaded = ParseSnapshot(SerializeSnapshot(*result.dataset), "t.snap", &summary);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(summary.info.imported_files[1].diagnoses,
            std::vector<std::string>{std::string(kIdsAsNumbers)});
}

}  // namespace
}  // namespace safetynet
