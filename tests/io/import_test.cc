#include "engine/io/import.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace std::literals;

using namespace testing;  // NOLINT: the exchange rows

TEST(Import, GoodRowsBecomeTables) {
  ImportResult result = MustImport(GoodFiles());
  EXPECT_TRUE(result.rejects.empty());
  const Dataset& d = *result.dataset;
  ASSERT_EQ(d.households.size(), 1u);
  EXPECT_EQ(d.households.household_id[0], "H1");
  EXPECT_EQ(d.households.district[0], 371002);
  EXPECT_EQ(d.households.town[0], "竹岛街道");
  EXPECT_EQ(d.households.category[0], Category::kDibao);
  EXPECT_EQ(d.households.tekun_mode[0], TekunMode::kNone);
  EXPECT_EQ(d.households.current_payment[0], 69000);
  ASSERT_EQ(d.persons.size(), 1u);
  EXPECT_EQ(d.persons.declared_income[0], 160800);
  EXPECT_EQ(d.persons.household_row[0], 0u);
  EXPECT_EQ(d.households.member_begin, (std::vector<uint32_t>{0, 1}));
  ASSERT_EQ(d.elderly.size(), 1u);
  EXPECT_EQ(d.elderly.pension[0], 62666);
  EXPECT_EQ(d.elderly.last_visit[0], DaysFromCivil({2025, 6, 28}));
  ASSERT_EQ(d.signals.size(), 1u);
  EXPECT_EQ(d.signals.amount[0], 200975);
  EXPECT_EQ(d.signals.type[0], SignalType::kIncome);
  EXPECT_EQ(d.signals.detail[0], "工资");
  for (const FileCounts& file : result.files) {
    EXPECT_EQ(file.rows, 1u) << file.file;
    EXPECT_EQ(file.imported, 1u) << file.file;
  }
}

TEST(Import, AFileWithTooManyRejectedRowsIsRefusedWithItsMostCommonReason) {
  ExchangeFiles files = GoodFiles();
  // Four more signals, three of them with an id a spreadsheet shortened: 3 of 5 rejected.
  files.signals +=
      "S2,HRSS,INCOME,3.71082E+17,2025-05-22,10,,\n"
      "S3,HRSS,INCOME,3.71082E+17,2025-05-22,10,,\n"
      "S4,HRSS,INCOME,371082199601070013,2025-05-22,-10,,\n"
      "S5,HRSS,INCOME,3.71082E+17,2025-05-22,10,,\n";
  ImportResult result = MustImport(files);
  EXPECT_TRUE(CheckRejectRates(result, 100).ok());
  EXPECT_TRUE(CheckRejectRates(result, 80).ok());  // 4 of 5 = 80%: not more than 80
  absl::Status refused = CheckRejectRates(result, 5);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  const std::string message(refused.message());
  EXPECT_EQ(message.rfind("signals.csv: 80.0% of its 5 rows were rejected, more than 5%; most "
                          "often BAD_ID (3 rows), e.g. line 3, column person_id: ",
                          0),
            0u)
      << message;
  EXPECT_TRUE(CheckRejectRates(MustImport(GoodFiles()), 0).ok());  // none rejected
}

TEST(Import, OversizeRowsAreRejectedAndTheNextRowsImported) {
  ExchangeFiles files = GoodFiles();
  files.households += std::string(2000000, ',') + "\n";                   // 2,000,001 fields
  files.households += "H2,371002," + std::string(1100000, 't') + ",v\n";  // over 1 MiB
  files.households += "H3,371002,t,v,URBAN,DIBAO,,2020-01-01,690\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.rejects[0].line, 3u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kMalformedCsv);
  EXPECT_EQ(result.rejects[0].column, "");
  EXPECT_EQ(result.rejects[0].reason, "the record has more than 1024 fields (the limit)");
  EXPECT_EQ(result.rejects[1].line, 4u);
  EXPECT_EQ(result.rejects[1].reason, "the record is longer than 1048576 bytes (the limit)");
  ASSERT_EQ(result.dataset->households.size(), 2u);
  EXPECT_EQ(result.dataset->households.household_id[1], "H3");
  EXPECT_EQ(result.files[0].rows, 4u);
  EXPECT_EQ(result.files[0].rejected, 2u);
}

TEST(Import, DefaultsForEmptyOptionalFields) {
  ExchangeFiles files = GoodFiles();
  files.persons =
      std::string(kPersonHeader) + "371082199601070013,H1,胡海,M,1996-01-07,HEAD,,,,,0,\n";
  files.elderly = std::string(kElderlyHeader) +
                  "371003194101110017,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,ALONE,2,,0,,\n";
  ImportResult result = MustImport(files);
  ASSERT_TRUE(result.rejects.empty());
  const Dataset& d = *result.dataset;
  EXPECT_EQ(d.persons.disability_grade[0], 0);
  EXPECT_EQ(d.persons.self_care[0], SelfCare::kFull);
  EXPECT_EQ(d.persons.serious_illness[0], 0);
  EXPECT_EQ(d.persons.child_status[0], ChildStatus::kNone);
  EXPECT_EQ(d.elderly.shidu[0], 0);
  EXPECT_EQ(d.elderly.age_allowance[0], 0);
  EXPECT_EQ(d.elderly.last_visit[0], kNoDate);
}

TEST(Import, ColumnsByNameInAnyOrderUnknownOnesIgnored) {
  ExchangeFiles files = GoodFiles();
  files.households =
      "extra,current_payment,category,area,village,town,district,household_id\n"
      "whatever,690,DIBAO,URBAN,光明社区,竹岛街道,371002,H1\n";
  ImportResult result = MustImport(files);
  EXPECT_TRUE(result.rejects.empty());
  EXPECT_EQ(result.dataset->households.current_payment[0], 69000);
  EXPECT_EQ(result.dataset->persons.size(), 1u);
}

TEST(Import, MissingRequiredColumnIsFatalAndNamesFileAndColumn) {
  ExchangeFiles files = GoodFiles();
  files.signals = "signal_id,source,type,event_date\nS1,HRSS,INCOME,2025-05-22\n";
  auto result = ImportExchangeFiles(files, {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("signals.csv"), std::string::npos);
  EXPECT_NE(result.status().message().find("person_id"), std::string::npos);
}

TEST(Import, EmptyFileIsFatal) {
  ExchangeFiles files = GoodFiles();
  files.elderly = "";
  auto result = ImportExchangeFiles(files, {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("elderly.csv"), std::string::npos);
}

// Files are read and decoded on the tasks that import them, but a fatal
// error is the one of a run that decoded every file first, in file order,
// and then imported the tables.
TEST(Import, FatalErrorsComeAsIfEveryFileWereDecodedFirstInFileOrder) {
  const std::string undecodable("household_id\0,district\n", 23);  // UTF-16 without a mark?
  ExchangeFiles files = GoodFiles();
  files.households = "household_id,district\nH1,371002\n";  // required columns missing
  files.elderly = undecodable;
  files.signals = undecodable;
  auto result = ImportExchangeFiles(files, {});
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(
      std::string(result.status().message()).starts_with("elderly.csv: the first line holds a NUL"))
      << result.status().message();

  files.persons = undecodable;
  result = ImportExchangeFiles(files, {});
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(
      std::string(result.status().message()).starts_with("persons.csv: the first line holds a NUL"))
      << result.status().message();
}

TEST(Import, MissingDirectoryIsFatalAndNamesTheFile) {
  auto result = ImportExchangeDirectory("/nonexistent/folder", {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("households.csv"), std::string::npos);
}

struct BadRowCase {
  const char* name;
  int file;  // 0 households, 1 persons, 2 elderly, 3 signals
  std::string_view row;
  RejectKind kind;
  const char* column;
  std::string_view reason;  // describes the bad value, never repeats it
};

void PrintTo(const BadRowCase& c, std::ostream* out) { *out << c.name; }

class BadRows : public ::testing::TestWithParam<BadRowCase> {};

TEST_P(BadRows, AreRejectedWithFileLineColumnKindAndReason) {
  const BadRowCase& c = GetParam();
  ExchangeFiles files = GoodFiles();
  std::string* file[] = {&files.households, &files.persons, &files.elderly, &files.signals};
  *file[c.file] += c.row;
  // Read as UTF-8 whatever the bytes (--encoding utf-8): by default a file
  // that is not UTF-8 is converted from GB18030 or refused whole
  // (tests/io/encoding_test.cc).
  ImportResult result = MustImport(files, {.encoding = EncodingChoice::kUtf8});
  ASSERT_EQ(result.rejects.size(), 1u) << c.name;
  const Reject& reject = result.rejects[0];
  const char* names[] = {"households.csv", "persons.csv", "elderly.csv", "signals.csv"};
  EXPECT_EQ(reject.file, names[c.file]);
  EXPECT_EQ(reject.line, 3u);
  EXPECT_EQ(reject.kind, c.kind) << RejectKindName(reject.kind) << ": " << reject.reason;
  EXPECT_EQ(reject.column, c.column);
  EXPECT_EQ(reject.reason, c.reason);
  // The good rows are still imported, and the counts add up.
  EXPECT_EQ(result.files[c.file].rows, 2u);
  EXPECT_EQ(result.files[c.file].imported, 1u);
  EXPECT_EQ(result.files[c.file].rejected, 1u);
}

INSTANTIATE_TEST_SUITE_P(
    EveryKind, BadRows,
    ::testing::Values(
        BadRowCase{"household_wrong_count", 0, "H2,371002,t,v,URBAN,NONE,,\n",
                   RejectKind::kWrongColumnCount, "", "8 fields where the header has 9"},
        BadRowCase{"household_too_many", 0, "H2,371002,t,v,URBAN,NONE,,,0,x\n",
                   RejectKind::kWrongColumnCount, "", "10 fields where the header has 9"},
        BadRowCase{"household_bad_number", 0, "H2,371002,t,v,URBAN,NONE,,,1.234\n",
                   RejectKind::kBadNumber, "current_payment",
                   "not a number of the form 1234 or 1234.56 (the value: 5 characters, digits and "
                   "punctuation)"},
        BadRowCase{"household_negative", 0, "H2,371002,t,v,URBAN,NONE,,,-1\n",
                   RejectKind::kNegativeAmount, "current_payment",
                   "negative amount (the value: 2 characters, digits and punctuation)"},
        BadRowCase{"household_bad_date", 0, "H2,371002,t,v,URBAN,NONE,,2025-02-30,0\n",
                   RejectKind::kBadDate, "enrolled_date",
                   "not a real date of the form YYYY-MM-DD (the value: 10 characters, digits and "
                   "punctuation)"},
        BadRowCase{"household_lower_case_code", 0, "H2,371002,t,v,URBAN,dibao,,,0\n",
                   RejectKind::kUnknownCode, "category",
                   "not one of NONE, DIBAO, TEKUN, MARGINAL, MONITORED (the value: 5 characters, "
                   "letters)"},
        BadRowCase{"household_district", 0, "H2,37100,t,v,URBAN,NONE,,,0\n",
                   RejectKind::kUnknownCode, "district",
                   "not a 6-digit district code (the value: 5 characters, digits)"},
        BadRowCase{"household_tekun_mode", 0, "H2,371002,t,v,URBAN,TEKUN,HOME,,0\n",
                   RejectKind::kUnknownCode, "tekun_mode",
                   "not one of CONCENTRATED, DISPERSED (the value: 4 characters, letters)"},
        BadRowCase{"household_empty_required", 0, "H2,371002,,v,URBAN,NONE,,,0\n",
                   RejectKind::kMissingValue, "town", "required value is empty"},
        BadRowCase{"household_id_too_long", 0,
                   "H234567890123456789012345678901234,371002,t,v,URBAN,NONE,,,0\n",
                   RejectKind::kBadText, "household_id",
                   "longer than 32 bytes (the value: 34 characters, letters and digits)"},
        BadRowCase{"household_duplicate", 0, "H1,371002,t,v,URBAN,NONE,,,0\n",
                   RejectKind::kDuplicateKey, "household_id", "household_id of an earlier row"},
        BadRowCase{"person_checksum", 1, "371082199501190001,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadChecksum, "person_id",
                   "resident id fails its MOD 11-2 checksum (the value: 18 characters, digits)"},
        BadRowCase{"person_bad_id", 1, "3710821995011900,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kBadId, "person_id",
                   "resident id is not 18 characters (the value: 16 characters, digits)"},
        BadRowCase{"person_birth_mismatch", 1,
                   "37108219950119000X,H1,万,F,1995-01-20,SPOUSE,,,,,0,\n",
                   RejectKind::kBirthMismatch, "birth_date",
                   "birth_date disagrees with the resident id's digits 7-14"},
        BadRowCase{"person_unknown_household", 1,
                   "37108219950119000X,H9,万,F,1995-01-19,SPOUSE,,,,,0,\n",
                   RejectKind::kUnknownHousehold, "household_id",
                   "no imported household has this household_id"},
        BadRowCase{"person_duplicate", 1, "371082199601070013,H1,胡,M,1996-01-07,HEAD,,,,,0,\n",
                   RejectKind::kDuplicateKey, "person_id", "person_id of an earlier row"},
        BadRowCase{"person_grade", 1, "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,5,,,,0,\n",
                   RejectKind::kUnknownCode, "disability_grade",
                   "not a digit 0-4 (the value: 1 character, digits)"},
        BadRowCase{"person_flag", 1, "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,2,,0,\n",
                   RejectKind::kUnknownCode, "serious_illness",
                   "not a digit 0-1 (the value: 1 character, digits)"},
        BadRowCase{"person_negative_income", 1,
                   "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,-5,\n",
                   RejectKind::kNegativeAmount, "declared_income",
                   "negative amount (the value: 2 characters, digits and punctuation)"},
        BadRowCase{"person_child_status", 1,
                   "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,0,ORPHAN\n",
                   RejectKind::kUnknownCode, "child_status",
                   "not one of NONE, ORPHAN_CONCENTRATED, ORPHAN_DISPERSED, DE_FACTO_UNSUPPORTED, "
                   "KEY_VULNERABLE (the value: 6 characters, letters)"},
        BadRowCase{
            "elderly_checksum", 2,
            "371003194505310008,何洁,1945-05-31,371003,界石镇,程家洼村,URBAN,ALONE,2,0,1,1,\n",
            RejectKind::kBadChecksum, "person_id",
            "resident id fails its MOD 11-2 checksum (the value: 18 characters, digits)"},
        BadRowCase{"elderly_duplicate", 2,
                   "371003194101110017,贺利,1941-01-11,371003,界,程,URBAN,ALONE,2,0,1,1,\n",
                   RejectKind::kDuplicateKey, "person_id", "person_id of an earlier row"},
        BadRowCase{
            "elderly_ability", 2,
            "371003194505310007,何洁,1945-05-31,371003,界石镇,程家洼村,URBAN,ALONE,5,0,1,1,\n",
            RejectKind::kUnknownCode, "ability_level",
            "not a digit 0-4 (the value: 1 character, digits)"},
        BadRowCase{
            "elderly_living", 2,
            "371003194505310007,何洁,1945-05-31,371003,界石镇,程家洼村,URBAN,alone,2,0,1,1,\n",
            RejectKind::kUnknownCode, "living",
            "not one of ALONE, EMPTY_NEST, LEFT_BEHIND, WITH_FAMILY (the value: 5 characters, "
            "letters)"},
        BadRowCase{
            "elderly_visit_date", 2,
            "371003194505310007,何洁,1945-05-31,371003,界,程,URBAN,ALONE,2,0,1,1,2025/06/01\n",
            RejectKind::kBadDate, "last_visit",
            "a date of the form YYYY/MM/DD; the format needs YYYY-MM-DD and never guesses another "
            "form (the value: 10 characters, digits and punctuation)"},
        BadRowCase{"elderly_birth_mismatch", 2,
                   "371003194505310007,何洁,1945-05-30,371003,界,程,URBAN,ALONE,2,0,1,1,\n",
                   RejectKind::kBirthMismatch, "birth_date",
                   "birth_date disagrees with the resident id's digits 7-14"},
        BadRowCase{"signal_duplicate", 3, "S1,HRSS,INCOME,371082199601070013,2025-05-22,1,,\n",
                   RejectKind::kDuplicateKey, "signal_id", "signal_id of an earlier row"},
        BadRowCase{"signal_checksum", 3, "S2,HRSS,INCOME,371082199601070014,2025-05-22,1,,\n",
                   RejectKind::kBadChecksum, "person_id",
                   "resident id fails its MOD 11-2 checksum (the value: 18 characters, digits)"},
        BadRowCase{"signal_type", 3, "S2,HRSS,income,371082199601070013,2025-05-22,1,,\n",
                   RejectKind::kUnknownCode, "type",
                   "not one of INCOME, MEDICAL, DISASTER, DEATH, VEHICLE, PROPERTY, BUSINESS, "
                   "UNEMPLOYMENT (the value: 6 characters, letters)"},
        BadRowCase{"signal_date", 3, "S2,HRSS,INCOME,371082199601070013,20250522,1,,\n",
                   RejectKind::kBadDate, "event_date",
                   "a date of the form YYYYMMDD; the format needs YYYY-MM-DD and never guesses "
                   "another form (the value: 8 characters, digits)"},
        BadRowCase{"signal_amount_required", 3,
                   "S2,HRSS,MEDICAL,371082199601070013,2025-05-22,,1,\n", RejectKind::kMissingValue,
                   "amount", "a MEDICAL signal needs an amount"},
        BadRowCase{"signal_income_amount_required", 3,
                   "S2,HRSS,INCOME,371082199601070013,2025-05-22,,,\n", RejectKind::kMissingValue,
                   "amount", "an INCOME signal needs an amount"},
        BadRowCase{"signal_negative", 3, "S2,HRSS,DISASTER,371082199601070013,2025-05-22,-1,,\n",
                   RejectKind::kNegativeAmount, "amount",
                   "negative amount (the value: 2 characters, digits and punctuation)"},
        BadRowCase{"signal_property_whole", 3,
                   "S2,RE,PROPERTY,371082199601070013,2025-05-22,1.5,,\n", RejectKind::kBadNumber,
                   "amount",
                   "not a whole number (the value: 3 characters, digits and punctuation)"},
        BadRowCase{"signal_death_amount_still_a_number", 3,
                   "S2,FUNERAL,DEATH,371082199601070013,2025-05-22,abc,,\n", RejectKind::kBadNumber,
                   "amount",
                   "not a number of the form 1234 or 1234.56 (the value: 3 characters, letters)"},
        BadRowCase{"signal_inpatient", 3, "S2,MI,MEDICAL,371082199601070013,2025-05-22,5,yes,\n",
                   RejectKind::kUnknownCode, "inpatient",
                   "not a digit 0-1 (the value: 3 characters, letters)"},
        BadRowCase{"signal_malformed_quotes", 3,
                   "S2,HRSS,INCOME,371082199601070013,2025-05-22,1,,\"a\"b\n",
                   RejectKind::kMalformedCsv, "", "text follows a closing quote"},
        BadRowCase{"signal_nul_byte", 3, "S2,HRSS,INCOME,371082199601070013,2025-05-22,1,,a\0b\n"sv,
                   RejectKind::kBadText, "detail",
                   "not valid UTF-8 text (or holds a NUL byte) (the value: 3 characters, mixed)"},
        BadRowCase{"signal_invalid_utf8", 3,
                   "S2,HRSS,INCOME,371082199601070013,2025-05-22,1,,\xC3\x28\n",
                   RejectKind::kBadText, "detail",
                   "not valid UTF-8 text (or holds a NUL byte) (the value: 2 bytes, not UTF-8)"}),
    [](const ::testing::TestParamInfo<BadRowCase>& info) { return std::string(info.param.name); });

// A reason holds no personal value: ASCII only (no name), no run of five or
// more digits (no resident id, no date).
bool CouldHoldAValue(std::string_view reason) {
  int digits = 0;
  for (char c : reason) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
    digits = c >= '0' && c <= '9' ? digits + 1 : 0;
    if (digits >= 5) return true;
  }
  return false;
}

// Values shifted into the wrong column -- a name where the sex is, resident
// ids where codes, digits, dates and numbers are -- are described in the
// reason, never repeated (docs/privacy.md).
TEST(Import, ReasonsDescribeShiftedValuesWithoutRepeatingThem) {
  ExchangeFiles files = GoodFiles();
  files.households +=
      "H2,371082199601070013,t,v,URBAN,NONE,,,0\n"  // a resident id as the district
      "H3,371002,t,v,欧阳娜娜,NONE,,,0\n"           // a name as the area
      "H4,371002,t,v,URBAN,371002500101123,,,0\n";  // an old 15-digit id as the category
  files.persons +=
      "37108219950119000X,H1,F,欧阳娜娜,1995-01-19,SPOUSE,,,,,0,\n"  // name and sex swapped
      "37108219950119000X,H1,万,F,371082199601070013,SPOUSE,,,,,0,\n"
      "37108219950119000X,H1,万,F,1995-01-19,371082199601070013,,,,,0,\n"
      "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,371082199601070013,,,,0,\n"
      "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,欧阳娜娜,\n"
      "欧阳娜娜,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n";
  files.elderly +=
      "371003194505310007,何洁,1945-05-31,371003194505310007,界,程,URBAN,ALONE,2,0,1,1,\n"
      "371003194505310007,何洁,1945-05-31,371003,界,程,URBAN,欧阳娜娜,2,0,1,1,\n"
      "371003194505310007,何洁,1945-05-31,371003,界,程,URBAN,ALONE,2,0,1,1,371002500101123\n";
  files.signals +=
      "S2,HRSS,371082199601070013,371082199601070013,2025-05-22,1,,\n"
      "S3,HRSS,INCOME,371082199601070013,2025-05-22,37108219960107001X,,\n"
      "S4,HRSS,MEDICAL,371082199601070013,2025-05-22,1,欧阳娜娜,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 15u);
  for (const Reject& reject : result.rejects) {
    EXPECT_FALSE(CouldHoldAValue(reject.reason))
        << reject.file << ":" << reject.line << " " << reject.column << ": " << reject.reason;
  }
  EXPECT_EQ(result.rejects[0].reason,
            "not a 6-digit district code (the value: 18 characters, digits)");
  EXPECT_EQ(result.rejects[1].reason,
            "not one of URBAN, RURAL (the value: 4 characters, Chinese text)");
  EXPECT_EQ(result.rejects[3].column, "sex");
  EXPECT_EQ(result.rejects[3].reason, "not one of M, F (the value: 4 characters, Chinese text)");
  EXPECT_EQ(result.rejects[8].column, "person_id");
  EXPECT_EQ(result.rejects[8].reason,
            "resident id is not 18 characters (the value: 4 characters, Chinese text)");
  EXPECT_EQ(
      result.rejects[13].reason,
      "not a number of the form 1234 or 1234.56 (the value: 18 characters, letters and digits)");
}

// A file whose header line is missing (a data row in its place) or broken:
// the message names the file and what is wrong, never a value of the row.
TEST(Import, FatalHeaderErrorsNeverRepeatAValue) {
  for (std::string persons : {std::string(kPerson), "\"371082199601070013\"x,胡海\n"s}) {
    ExchangeFiles files = GoodFiles();
    files.persons = persons;
    auto result = ImportExchangeFiles(files, {});
    ASSERT_FALSE(result.ok());
    const std::string message(result.status().message());
    EXPECT_NE(message.find("persons.csv"), std::string::npos) << message;
    EXPECT_EQ(message.find("371082199601070013"), std::string::npos) << message;
    EXPECT_EQ(message.find("胡海"), std::string::npos) << message;
  }
}

TEST(Import, PersonOfARejectedHouseholdIsRejected) {
  ExchangeFiles files = GoodFiles();
  files.households += "H2,371002,t,v,URBAN,NONE,,,-1\n";
  files.persons += "37108219950119000X,H2,万,F,1995-01-19,SPOUSE,,,,,0,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.rejects[1].file, "persons.csv");
  EXPECT_EQ(result.rejects[1].kind, RejectKind::kUnknownHousehold);
}

// Regression (found by AddressSanitizer): names with doubled quotes are
// unescaped into the reader's buffer, which the next row reuses; persons are
// stored after all rows are read, so they must keep copies.
TEST(Import, QuotedNamesSurviveTheRegrouping) {
  ExchangeFiles files = GoodFiles();
  files.households += "H2,371003,t,v,RURAL,NONE,,,0\n";
  files.persons = std::string(kPersonHeader) +
                  "37108219950119000X,H2,\"万\"\"小\"\"\",F,1995-01-19,SPOUSE,,,,,0,\n"
                  "371082199601070013,H1,\"胡,海\",M,1996-01-07,HEAD,,,,,0,\n"
                  "371003194101110017,H2,\"贺\"\"利\",M,1941-01-11,PARENT,,,,,0,\n";
  ImportResult result = MustImport(files);
  ASSERT_TRUE(result.rejects.empty());
  const PersonTable& p = result.dataset->persons;
  EXPECT_EQ(p.name[0], "胡,海");
  EXPECT_EQ(p.name[1], "万\"小\"");
  EXPECT_EQ(p.name[2], "贺\"利");
}

TEST(Import, LowerCaseXIsTheSameIdForDuplicates) {
  ExchangeFiles files = GoodFiles();
  files.persons +=
      "37108219950119000X,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n"
      "37108219950119000x,H1,万,F,1995-01-19,SPOUSE,,,,,0,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 1u);
  EXPECT_EQ(result.rejects[0].line, 4u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kDuplicateKey);
}

TEST(Import, DeathAndUnemploymentAmountsMayBeEmptyOrAnyNumber) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,FUNERAL,DEATH,371082199601070013,2025-05-22,,,\n"
      "S3,HRSS,UNEMPLOYMENT,371082199601070013,2025-05-22,12.5,,\n"
      "S4,RE,PROPERTY,371082199601070013,2025-05-22,2,,\n";
  ImportResult result = MustImport(files);
  EXPECT_TRUE(result.rejects.empty());
  EXPECT_EQ(result.dataset->signals.amount[1], 0);
  EXPECT_EQ(result.dataset->signals.amount[2], 0);
  EXPECT_EQ(result.dataset->signals.amount[3], 2);  // PROPERTY counts units, not fen
}

TEST(Import, MembersAreGroupedByHouseholdWhateverTheFileOrder) {
  ExchangeFiles files = GoodFiles();
  files.households += "H2,371003,t,v,RURAL,NONE,,,0\n";
  files.persons = std::string(kPersonHeader) +
                  "37108219950119000X,H2,万,F,1995-01-19,SPOUSE,,,,,0,\n" + kPerson +
                  "371003194101110017,H2,贺,M,1941-01-11,PARENT,,,,,0,\n";
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  EXPECT_EQ(d.households.member_begin, (std::vector<uint32_t>{0, 1, 3}));
  EXPECT_EQ(FormatResidentId(d.persons.person_id[0]), "371082199601070013");
  EXPECT_EQ(FormatResidentId(d.persons.person_id[1]), "37108219950119000X");
  EXPECT_EQ(FormatResidentId(d.persons.person_id[2]), "371003194101110017");
  EXPECT_EQ(d.person_row_of.at(ParseResidentId("37108219950119000x").packed), 1u);
}

}  // namespace
}  // namespace safetynet
