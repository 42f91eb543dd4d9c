// Rejected rows that still name someone (docs/import.md, "Rejected rows that
// name someone"), the warnings about a file's header, and the import's
// counts recorded in the snapshot (issue 14, items 1 and 2).
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "engine/io/import.h"
#include "engine/io/snapshot.h"
#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace testing;  // NOLINT: the exchange rows

TEST(RejectedRows, NoneRejectedCountsNothing) {
  ImportResult result = MustImport(GoodFiles());
  const Dataset& d = *result.dataset;
  EXPECT_EQ(d.households.rejected_member_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(d.persons.rejected_signal_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(d.persons.rejected_death_reports, std::vector<uint32_t>{0});
  EXPECT_EQ(d.elderly.rejected_elderly_rows, std::vector<uint32_t>{0});
  for (const FileCounts& file : result.files) {
    EXPECT_EQ(file.attributed, 0u) << file.file;
    EXPECT_TRUE(file.rejected_by_kind.empty()) << file.file;
    EXPECT_TRUE(file.warnings.empty()) << file.file << ": " << file.warnings.front();
  }
}

TEST(RejectedRows, AMemberRowIsCountedOnItsHouseholdIfItsHouseholdIdReads) {
  ExchangeFiles files = GoodFiles();
  files.persons +=
      // a spouse whose id's check character is not the MOD 11-2 one (case 02)
      "371002194303030243,H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n"
      // a member of a household that was not imported: nobody to count it on
      "371082199601070021,H9,某,M,1996-01-07,CHILD,0,FULL,0,0,0,NONE\n";
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  ASSERT_EQ(d.persons.size(), 1u);
  EXPECT_EQ(d.households.rejected_member_rows, std::vector<uint32_t>{1});
  EXPECT_EQ(result.files[1].rejected, 2u);
  EXPECT_EQ(result.files[1].attributed, 1u);
  EXPECT_EQ(result.files[1].rejected_by_kind, (std::vector<std::pair<std::string, size_t>>{
                                                  {"BAD_CHECKSUM", 1}, {"UNKNOWN_HOUSEHOLD", 1}}));
}

TEST(RejectedRows, ARejectedDeathReportWithAReadableIdIsCountedOnThePerson) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,CIVIL,DEATH,371082199601070013,2025-02-30,,,\n"    // not a real date
      "S3,HRSS,INCOME,371082199601070013,2025-05-22,-5,,\n"  // a negative amount
      "S4,CIVIL,DEATH,371082199601070014,2025-05-01,,,\n"    // a wrong check character
      "S5,CIVIL,DEATH,371003194101110017,2025-05-01,,9,\n";  // inpatient 9: the elderly resident
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  ASSERT_EQ(d.signals.size(), 1u);
  EXPECT_EQ(d.persons.rejected_signal_rows, std::vector<uint32_t>{2});
  EXPECT_EQ(d.persons.rejected_death_reports, std::vector<uint32_t>{1});
  EXPECT_EQ(d.elderly.rejected_signal_rows, std::vector<uint32_t>{1});
  EXPECT_EQ(d.elderly.rejected_death_reports, std::vector<uint32_t>{1});
  EXPECT_EQ(result.files[3].attributed, 3u);
}

TEST(RejectedRows, ARejectedElderlyRowIsCountedOnTheResidentOfItsId) {
  ExchangeFiles files = GoodFiles();
  files.elderly +=  // the same resident again: a repeated key
      "371003194101110017,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,ALONE,2,0,626.66,1,\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.dataset->elderly.rejected_elderly_rows, std::vector<uint32_t>{1});
  EXPECT_EQ(result.dataset->persons.rejected_elderly_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(result.files[2].attributed, 1u);
}

TEST(RejectedRows, ABrokenCsvRowNamesWhomItsFirstLineNames) {
  ExchangeFiles files = GoodFiles();
  // A stray quote in the name: the row is MALFORMED_CSV, but its first
  // physical line, split at its commas, still names household H1.
  files.persons += "371082199601070021,H1,\"unclosed,M,1996-01-07,CHILD,0,FULL,0,0,0,NONE\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.files[1].rejected, 1u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kMalformedCsv);
  EXPECT_EQ(result.files[1].attributed, 1u);
  EXPECT_EQ(result.dataset->households.rejected_member_rows, std::vector<uint32_t>{1});
}

TEST(RejectedRows, ADeathReportWithAStrayQuoteStillReachesThePerson) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      // a stray quote opening the detail, and one opening the source
      "S2,FUNERAL,DEATH,371082199601070013,2025-06-10,,,\"灵活就业\n"
      "S3,\"FUNERAL,DEATH,371003194101110017,2025-06-10,,,火化\n"
      // a quote closing a field that was never opened: line-local
      "S4,FUNERAL,DEATH,371082199601070013,2025-06-10,,,火化\"\n"
      "S5,HRSS,INCOME,371082199601070013,2025-06-01,100,,\n";
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  ASSERT_EQ(result.files[3].rejected, 3u);
  EXPECT_EQ(result.files[3].imported, 2u);  // S1 and S5
  for (const Reject& reject : result.rejects) EXPECT_EQ(reject.kind, RejectKind::kMalformedCsv);
  EXPECT_EQ(d.persons.rejected_death_reports, std::vector<uint32_t>{2});
  EXPECT_EQ(d.persons.rejected_signal_rows, std::vector<uint32_t>{2});
  EXPECT_EQ(d.elderly.rejected_death_reports, std::vector<uint32_t>{1});
  EXPECT_EQ(result.files[3].attributed, 3u);
}

TEST(RejectedRows, AShortRowNamesNoOneItsFieldsDoNotHold) {
  ExchangeFiles files = GoodFiles();
  // Right after a good row of the same person: a row of two fields has no
  // person_id, and must not read one left over from the row before.
  files.signals += "S2,FUNERAL\n";
  files.persons += "371082199601070021,H1\n";  // names its household all the same
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  EXPECT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.files[3].attributed, 0u);
  EXPECT_EQ(d.persons.rejected_signal_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(result.files[1].attributed, 1u);
  EXPECT_EQ(d.households.rejected_member_rows, std::vector<uint32_t>{1});
}

TEST(RejectedRows, IdsAreComparedLenientlyForAttribution) {
  ExchangeFiles files = GoodFiles();
  files.persons +=
      // a trailing blank and lower case: rejected (import is exact), but counted on H1
      "371002194303030235,h1 ,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n"
      // the head again with blanks around its id: counted on H1 and on the head
      " 371082199601070013 ,H1,胡海,M,1996-01-07,HEAD,0,FULL,0,0,1608,NONE\n";
  files.signals +=
      "S2,CIVIL,death,371082199601070013,2025-05-01,,,\n"
      "S3,CIVIL, DEATH ,371082199601070013,2025-05-01,,,\n";
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  ASSERT_EQ(d.persons.size(), 1u);
  EXPECT_EQ(result.files[1].rejected, 2u);
  EXPECT_EQ(d.households.rejected_member_rows, std::vector<uint32_t>{2});
  EXPECT_EQ(d.persons.rejected_person_rows, std::vector<uint32_t>{1});
  EXPECT_EQ(result.files[1].attributed, 2u);
  EXPECT_EQ(d.persons.rejected_signal_rows, std::vector<uint32_t>{2});
  EXPECT_EQ(d.persons.rejected_death_reports, std::vector<uint32_t>{2});
}

TEST(RejectedRows, ARejectedMemberRowIsCountedOnTheElderlyResidentOfItsId) {
  ExchangeFiles files = GoodFiles();
  // The elderly resident's member row, of a household that was not imported.
  files.persons += "371003194101110017,H9,贺利,F,1941-01-11,HEAD,0,FULL,0,0,0,NONE\n";
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  EXPECT_EQ(d.elderly.rejected_person_rows, std::vector<uint32_t>{1});
  EXPECT_EQ(d.persons.rejected_person_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(d.households.rejected_member_rows, std::vector<uint32_t>{0});
  EXPECT_EQ(result.files[1].attributed, 1u);
}

TEST(ImportGuards, EveryFileOverTheRejectLimitIsNamed) {
  ExchangeFiles files = GoodFiles();
  files.persons += "371082199601070021,H9,某,M,1996-01-07,CHILD,0,FULL,0,0,0,NONE\n";
  files.signals += "S2,HRSS,INCOME,371082199601070013,2025-05-22,-5,,\n";
  absl::Status refused = CheckRejectRates(MustImport(files), 40);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(std::string(refused.message()),
            "persons.csv: 50.0% of its 2 rows were rejected, more than 40%; most often "
            "UNKNOWN_HOUSEHOLD (1 rows), e.g. line 3, column household_id: no imported household "
            "has this household_id\n"
            "signals.csv: 50.0% of its 2 rows were rejected, more than 40%; most often "
            "NEGATIVE_AMOUNT (1 rows), e.g. line 3, column amount: negative amount (the value: 2 "
            "characters, digits and punctuation)");
}

TEST(ImportGuards, AnExportWithoutHouseholdsOrElderlyIsNamedEmpty) {
  ExchangeFiles files = GoodFiles();
  EXPECT_TRUE(CheckImportNotEmpty(MustImport(files)).ok());
  files.households = kHouseholdHeader;
  files.elderly = std::string(kElderlyHeader) +
                  "371003194101110017,贺利,1941-01-12,371003,界石镇," +
                  "程家洼村,URBAN,EMPTY_NEST,2,0,626.66,1,\n";  // birth date disagrees
  absl::Status refused = CheckImportNotEmpty(MustImport(files));
  EXPECT_EQ(refused.message(),
            "households.csv has no data rows (no households); persons.csv had all its 1 rows "
            "rejected (no household members: every household would look dissolved); elderly.csv "
            "had all its 1 rows rejected (no elderly residents): the snapshot would replace the "
            "last one with an empty one");
}

// Households without a member would all look dissolved (H9): an export whose
// persons.csv is its header line alone is as empty as one without households.
// A signals.csv of its header alone is imported, with a warning.
TEST(ImportGuards, AnExportWithoutMembersIsNamedEmptyOneWithoutSignalsIsWarnedOf) {
  ExchangeFiles files = GoodFiles();
  files.persons = kPersonHeader;
  files.signals = kSignalHeader;
  ImportResult result = MustImport(files);
  EXPECT_EQ(CheckImportNotEmpty(result).message(),
            "persons.csv has no data rows (no household members: every household would look "
            "dissolved): the snapshot would replace the last one with an empty one");
  EXPECT_EQ(result.files[3].warnings,
            std::vector<std::string>{"the file has no data rows: no income, death or other "
                                     "signal is read for this night"});
  EXPECT_TRUE(result.files[1].warnings.empty());
}

// A required column that looks present but is not (a no-break space after
// it, blanks around it) is named with the header name that nearly matches;
// a header that matches nothing is shown (its names, described).
TEST(HeaderErrors, AMissingColumnNamesTheHeaderNameThatNearlyMatches) {
  ExchangeFiles files = GoodFiles();
  files.persons =
      "person_id\xC2\xA0, name ,household_id,sex,birth_date,relation,disability_grade,self_care,"
      "serious_illness,student,declared_income,child_status\n" +
      std::string(kPerson);
  auto refused = ImportExchangeFiles(files, {});
  ASSERT_FALSE(refused.ok());
  const std::string message(refused.status().message());
  EXPECT_TRUE(
      message.starts_with("persons.csv: missing required columns person_id, name (the "
                          "header line names the columns). header name ("))
      << message;
  EXPECT_NE(message.find(") reads as person_id only without the blanks, invisible characters or "
                         "capitals around or in it; header name ' name ' reads as name only "
                         "without the blanks, invisible characters or capitals around or in it: "
                         "correct the header line"),
            std::string::npos)
      << message;

  files.persons = "身份证号,户号\n" + std::string(kPerson);
  refused = ImportExchangeFiles(files, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(std::string(refused.status().message()).find("The header line holds 2 names: ("),
            std::string::npos)
      << refused.status();
}

TEST(HeaderWarnings, AMisspeltColumnIsUnknownAndTheRealOneAbsent) {
  ExchangeFiles files = GoodFiles();
  files.elderly =
      "person_id,name,birth_date,district,town,village,area,living,ability_level,shidu,pension,"
      "age_allowance,last_vist\n" +
      std::string(kElderly);
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.files[2].warnings,
            (std::vector<std::string>{
                "unknown column 'last_vist' (ignored: a misspelt name?)",
                "optional column last_visit is absent: every row reads it as empty"}));
  EXPECT_EQ(result.dataset->info.imported_files[2].warnings, result.files[2].warnings);
}

TEST(HeaderWarnings, AnUnknownNameThatMayBeDataIsDescribedNotRepeated) {
  ExchangeFiles files = GoodFiles();
  files.households =
      "household_id,district,town,village,area,category,tekun_mode,enrolled_date,"
      "current_payment,371082199601070013\n"
      "H1,371002,竹岛街道,光明社区,URBAN,DIBAO,,2020-01-01,690,x\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.files[0].warnings,
            std::vector<std::string>{
                "unknown column (18 characters, digits) (ignored: a misspelt name?)"});
}

TEST(HeaderWarnings, TenUnknownNamesAreNamedAndTheRestCounted) {
  ExchangeFiles files = GoodFiles();
  std::string extra_names, extra_fields;
  for (int i = 0; i < 12; ++i) {
    extra_names += ",extra" + std::to_string(i);
    extra_fields += ",";
  }
  files.signals = "signal_id,source,type,person_id,event_date,amount,inpatient,detail" +
                  extra_names + "\n" + std::string(kSignal).substr(0, strlen(kSignal) - 1) +
                  extra_fields + "\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(result.dataset->signals.size(), 1u);
  ASSERT_EQ(result.files[3].warnings.size(), 11u);
  EXPECT_EQ(result.files[3].warnings[9], "unknown column 'extra9' (ignored: a misspelt name?)");
  EXPECT_EQ(result.files[3].warnings[10], "and 2 more unknown column names (ignored)");
}

TEST(HeaderWarnings, AColumnNamedTwiceIsAnErrorForTheFile) {
  ExchangeFiles files = GoodFiles();
  files.signals =
      "signal_id,source,type,person_id,event_date,amount,inpatient,detail,amount\n"
      "S1,HRSS,INCOME,371082199601070013,2025-05-22,2009.75,,工资,20\n";
  auto result = ImportExchangeFiles(files, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "signals.csv: column amount is named 2 times in the header (first as field 6): which "
            "one is meant cannot be told");
}

TEST(HeaderWarnings, ASignalsFileWithoutAmountsSaysTheColumnIsAbsent) {
  ExchangeFiles files = GoodFiles();
  files.signals =
      "signal_id,source,type,person_id,event_date,inpatient,detail\n"
      "S1,HRSS,MEDICAL,371082199601070013,2025-05-22,1,\n"
      "S2,HRSS,VEHICLE,371082199601070013,2025-05-22,,\n"
      "S3,CIVIL,DEATH,371082199601070013,2025-05-22,,\n";
  ImportResult result = MustImport(files);
  EXPECT_EQ(
      result.files[3].warnings,
      std::vector<std::string>{"optional column amount is absent: every row reads it as empty"});
  absl::Status refused = CheckRejectRates(result, 5);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.message(),
            "signals.csv: 66.7% of its 3 rows were rejected, more than 5%; most often "
            "MISSING_VALUE (2 rows), e.g. line 2, column amount: a MEDICAL signal needs an amount "
            "(the file has no amount column)");
}

TEST(ImportRecord, TheSnapshotKeepsTheCountsAndTheRejectedColumns) {
  ExchangeFiles files = GoodFiles();
  files.persons += "371002194303030243,H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n";
  ImportResult result = MustImport(files);
  SnapshotSummary summary;
  auto loaded = ParseSnapshot(SerializeSnapshot(*result.dataset), "t.snap", &summary);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ((*loaded)->info, result.dataset->info);
  EXPECT_EQ(summary.info.imported_files, result.files);
  EXPECT_EQ((*loaded)->households.rejected_member_rows, std::vector<uint32_t>{1});
  ASSERT_EQ(summary.info.imported_files.size(), 4u);
  EXPECT_EQ(summary.info.imported_files[1].rejected, 1u);
  EXPECT_EQ(summary.info.imported_files[1].attributed, 1u);
}

}  // namespace
}  // namespace safetynet
