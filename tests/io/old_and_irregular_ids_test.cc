// Old and irregular resident ids at import (docs/import.md, "Old and
// irregular ids"; docs/exchange-format.md, clarification 12): 15-digit ids
// converted, irregular check characters accepted from a hand-checked list,
// both noted in the rejects report without being rejects.
#include <gtest/gtest.h>

#include <string>

#include "engine/common/text.h"
#include "engine/io/accepted_ids.h"
#include "engine/io/exchange_export.h"
#include "engine/io/import.h"
#include "engine/io/snapshot.h"
#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace testing;  // NOLINT: the exchange rows

// Case 03's resident: old form 371002380808014, new 371002193808080148
// (the check worked by hand in tests/common/resident_id_test.cc).
constexpr const char* kOldId = "371002380808014";
constexpr const char* kNewId = "371002193808080148";
// Case 02's spouse: a check character that is not the MOD 11-2 one.
constexpr const char* kIrregularId = "371002194303030243";

PackedId Packed(const char* id) { return ParseResidentId(id).packed; }

ImportResult ImportWith(const ExchangeFiles& files, const AcceptedIds& accepted) {
  ImportOptions options;
  options.accepted_ids = accepted;
  auto result = ImportExchangeFiles(files, options);
  EXPECT_TRUE(result.ok()) << result.status();
  return std::move(*result);
}

ExchangeFiles WithOldIdEverywhere() {
  ExchangeFiles files = GoodFiles();
  files.persons += Cat(kOldId, ",H1,丁三,M,1938-08-08,SPOUSE,0,FULL,0,0,0,NONE\n");
  files.elderly +=
      Cat(kOldId, ",丁三,1938-08-08,371002,鲸园街道,东城社区,URBAN,ALONE,0,0,500,1,\n");
  files.signals += Cat("S2,FUNERAL,DEATH,", kOldId, ",2025-05-01,,,火化\n");
  return files;
}

TEST(OldIds, AreConvertedImportedAndNoted) {
  ImportResult result = MustImport(WithOldIdEverywhere());
  EXPECT_TRUE(result.rejects.empty());
  const Dataset& d = *result.dataset;
  ASSERT_TRUE(d.person_row_of.contains(Packed(kNewId)));
  ASSERT_TRUE(d.elderly_row_of.contains(Packed(kNewId)));
  ASSERT_EQ(d.signals.size(), 2u);
  EXPECT_EQ(d.signals.person_id[1], Packed(kNewId));
  ASSERT_EQ(result.notes.size(), 3u);
  const char* files[] = {"persons.csv", "elderly.csv", "signals.csv"};
  for (size_t i = 0; i < 3; ++i) {
    const ImportNote& note = result.notes[i];
    EXPECT_EQ(note.file, files[i]);
    EXPECT_EQ(note.line, 3u);
    EXPECT_EQ(note.column, "person_id");
    EXPECT_EQ(note.kind, NoteKind::kIdConverted);
    EXPECT_EQ(note.reason.find("3710"), std::string::npos) << note.reason;  // no id repeated
  }
  for (size_t f = 0; f < 4; ++f) {
    const FileCounts& counts = result.files[f];
    EXPECT_EQ(counts.converted_ids, f == 0 ? 0u : 1u) << counts.file;
    EXPECT_EQ(counts.accepted_ids, 0u);
    EXPECT_EQ(counts.rejected, 0u);  // a note is not a reject
    EXPECT_EQ(counts.imported, f == 0 ? 1u : 2u);
  }
}

TEST(OldIds, TheBirthDateIsCheckedAgainstTheConvertedId) {
  ExchangeFiles files = GoodFiles();
  files.persons += Cat(kOldId, ",H1,丁三,M,1938-08-09,SPOUSE,0,FULL,0,0,0,NONE\n");
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 1u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kBirthMismatch);
  EXPECT_TRUE(result.notes.empty());  // a rejected row has no note
  EXPECT_EQ(result.files[1].converted_ids, 0u);
}

TEST(OldIds, WithoutARealBirthDateOrWithALetterAreBadIds) {
  ExchangeFiles files = GoodFiles();
  files.signals +=
      "S2,FUNERAL,DEATH,371002380230014,2025-05-01,,,\n"   // 1938-02-30
      "S3,FUNERAL,DEATH,37100238080801X,2025-05-01,,,\n";  // a letter
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kBadId);
  EXPECT_EQ(result.rejects[0].column, "person_id");
  EXPECT_EQ(result.rejects[0].reason,
            "15-digit resident id (the old form) whose birth date digits 7-12 are not a real "
            "date (the value: 15 characters, digits)");
  EXPECT_EQ(result.rejects[1].kind, RejectKind::kBadId);
  EXPECT_EQ(result.rejects[1].reason,
            "15-character resident id (the old form) has a character other than a digit (the "
            "value: 15 characters, letters and digits)");
  EXPECT_TRUE(result.notes.empty());
}

TEST(OldIds, AreTheSameKeyAsTheirNewForm) {
  ExchangeFiles files = GoodFiles();
  // kPerson's id 371082199601070013 in its old form; kElderly's likewise.
  files.persons += "371082960107001,H1,胡海,M,1996-01-07,HEAD,0,FULL,0,0,1608,NONE\n";
  files.elderly +=
      "371003410111001,贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,EMPTY_NEST,2,0,626.66,1,\n";
  ImportResult result = MustImport(files);
  ASSERT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kDuplicateKey);
  EXPECT_EQ(result.rejects[1].kind, RejectKind::kDuplicateKey);
  // The repeated member row is counted on the person (by the converted id).
  EXPECT_EQ(result.dataset->persons.rejected_person_rows, std::vector<uint32_t>{1});
}

TEST(OldIds, ARejectedRowWithAnOldIdIsCountedOnThePerson) {
  ExchangeFiles files = WithOldIdEverywhere();
  files.signals +=
      Cat("S3,CIVIL,DEATH,", kOldId, ",2025-05-01,-5,,\n")   // a negative amount
      + "S4,CIVIL,DEATH, 371082960107001 ,2025-13-01,,,\n";  // blanks around; no such month
  ImportResult result = MustImport(files);
  const Dataset& d = *result.dataset;
  EXPECT_EQ(result.files[3].rejected, 2u);
  EXPECT_EQ(result.files[3].attributed, 2u);
  const uint32_t spouse = d.person_row_of.at(Packed(kNewId));
  const uint32_t head = d.person_row_of.at(Packed("371082199601070013"));
  EXPECT_EQ(d.persons.rejected_death_reports[spouse], 1u);
  EXPECT_EQ(d.persons.rejected_death_reports[head], 1u);
  EXPECT_EQ(d.elderly.rejected_death_reports[d.elderly_row_of.at(Packed(kNewId))], 1u);
}

ExchangeFiles WithIrregularSpouse() {
  ExchangeFiles files = GoodFiles();
  files.persons += Cat(kIrregularId, ",H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n");
  files.signals += Cat("S2,MEDICAL_INSURANCE,MEDICAL,", kIrregularId, ",2025-06-20,8000,1,\n");
  return files;
}

TEST(IrregularIds, OnTheListAreImportedAsWrittenAndNoted) {
  ImportResult result = ImportWith(WithIrregularSpouse(), {Packed(kIrregularId)});
  EXPECT_TRUE(result.rejects.empty());
  const Dataset& d = *result.dataset;
  ASSERT_TRUE(d.person_row_of.contains(Packed(kIrregularId)));
  EXPECT_EQ(FormatResidentId(d.persons.person_id[d.person_row_of.at(Packed(kIrregularId))]),
            kIrregularId);
  ASSERT_EQ(result.notes.size(), 2u);
  EXPECT_EQ(result.notes[0].kind, NoteKind::kIdAccepted);
  EXPECT_EQ(result.notes[0].file, "persons.csv");
  EXPECT_EQ(result.notes[1].file, "signals.csv");
  EXPECT_EQ(result.files[1].accepted_ids, 1u);
  EXPECT_EQ(result.files[3].accepted_ids, 1u);
  EXPECT_EQ(result.files[1].rejected, 0u);
}

TEST(IrregularIds, OffTheListAreRejectedAsBefore) {
  // An accept list of another id changes nothing for this one.
  ImportResult result = ImportWith(WithIrregularSpouse(), {Packed("371002194303030234")});
  ASSERT_EQ(result.rejects.size(), 2u);
  EXPECT_EQ(result.rejects[0].kind, RejectKind::kBadChecksum);
  EXPECT_EQ(result.rejects[1].kind, RejectKind::kBadChecksum);
  EXPECT_TRUE(result.notes.empty());
}

TEST(IrregularIds, ARejectedRowWithAnAcceptedIdIsCountedOnThePerson) {
  ExchangeFiles files = WithIrregularSpouse();
  files.signals += Cat("S3,CIVIL,DEATH,", kIrregularId, ",2025-02-30,,,\n");
  ImportResult result = ImportWith(files, {Packed(kIrregularId)});
  const Dataset& d = *result.dataset;
  const uint32_t spouse = d.person_row_of.at(Packed(kIrregularId));
  EXPECT_EQ(d.persons.rejected_death_reports[spouse], 1u);
  EXPECT_EQ(result.files[3].attributed, 1u);
}

TEST(ImportReport, NotesAndRejectsAreInFileAndLineOrder) {
  ExchangeFiles files = WithOldIdEverywhere();
  files.persons += "371082199601070021,H9,某,M,1996-01-07,CHILD,0,FULL,0,0,0,NONE\n";  // line 4
  files.persons += Cat(kIrregularId, ",H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n");
  files.households += "H2,371002,t,v,URBAN,DIBAO,,2020-01-01,-1\n";  // line 3
  ImportResult result = ImportWith(files, {Packed(kIrregularId)});
  EXPECT_EQ(RejectsCsv(result),
            "file,line,column,kind,reason\n"
            "households.csv,3,current_payment,NEGATIVE_AMOUNT,"
            "\"negative amount (the value: 2 characters, digits and punctuation)\"\n"
            "persons.csv,3,person_id,ID_CONVERTED,\"an old 15-digit resident id, converted to "
            "its 18-character form (19 inserted before the birth year, the check character "
            "appended)\"\n"
            "persons.csv,4,household_id,UNKNOWN_HOUSEHOLD,no imported household has this "
            "household_id\n"
            "persons.csv,5,person_id,ID_ACCEPTED,the check character is not the MOD 11-2 "
            "one; imported as written: the id is on the --accept-ids list\n"
            "elderly.csv,3,person_id,ID_CONVERTED,\"an old 15-digit resident id, converted to "
            "its 18-character form (19 inserted before the birth year, the check character "
            "appended)\"\n"
            "signals.csv,3,person_id,ID_CONVERTED,\"an old 15-digit resident id, converted to "
            "its 18-character form (19 inserted before the birth year, the check character "
            "appended)\"\n");
}

TEST(ImportRecord, TheSnapshotKeepsTheConvertedAndAcceptedCounts) {
  ExchangeFiles files = WithOldIdEverywhere();
  files.persons += Cat(kIrregularId, ",H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n");
  ImportResult result = ImportWith(files, {Packed(kIrregularId)});
  SnapshotSummary summary;
  auto loaded = ParseSnapshot(SerializeSnapshot(*result.dataset), "t.snap", &summary);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  ASSERT_EQ(summary.info.imported_files.size(), 4u);
  EXPECT_EQ(summary.info.imported_files[1].converted_ids, 1u);
  EXPECT_EQ(summary.info.imported_files[1].accepted_ids, 1u);
  EXPECT_EQ(summary.info.imported_files[3].converted_ids, 1u);
  // The accepted id is read back as written.
  EXPECT_TRUE((*loaded)->person_row_of.contains(Packed(kIrregularId)));
}

TEST(Export, WritesConvertedIdsInTheirNewFormAndAcceptedOnesAsWritten) {
  ExchangeFiles files = WithOldIdEverywhere();
  files.persons += Cat(kIrregularId, ",H1,乙二,F,1943-03-03,SPOUSE,0,FULL,0,0,0,NONE\n");
  const AcceptedIds accepted = {Packed(kIrregularId)};
  ImportResult first = ImportWith(files, accepted);
  const ExchangeFiles exported = ExportExchangeFiles(*first.dataset);
  EXPECT_NE(exported.persons.find(kNewId), std::string::npos);
  EXPECT_NE(exported.persons.find(kIrregularId), std::string::npos);
  EXPECT_EQ(exported.persons.find(kOldId), std::string::npos);
  // Imported again (with the list): the same tables, nothing noted but the
  // accepted id.
  ImportResult again = ImportWith(exported, accepted);
  EXPECT_TRUE(again.rejects.empty());
  EXPECT_EQ(again.dataset->persons.person_id, first.dataset->persons.person_id);
  EXPECT_EQ(again.dataset->signals.person_id, first.dataset->signals.person_id);
  ASSERT_EQ(again.notes.size(), 1u);
  EXPECT_EQ(again.notes[0].kind, NoteKind::kIdAccepted);
}

TEST(AcceptList, OneIdALineWithCommentsBlanksAHeaderAndAnyLineEnd) {
  auto list = ParseAcceptedIds("accept.txt",
                               "\xEF\xBB\xBFperson_id\r\n"
                               "# checked by hand against the cards, 2025-06\r\n"
                               "\r\n"
                               "  371002194303030243  # 乙二\r"
                               "37100219430303024x\n"  // lower case: the same as X
                               "371002194303030234");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->ids, (AcceptedIds{Packed("371002194303030243"), Packed("37100219430303024X"),
                                    Packed("371002194303030234")}));
  EXPECT_TRUE(list->warnings.empty()) << list->warnings.front();
}

TEST(AcceptList, ARightCheckCharacterOrNoIdsIsAWarning) {
  auto list = ParseAcceptedIds("accept.txt", "371002194303030243\n371082199601070013\n");
  ASSERT_TRUE(list.ok()) << list.status();
  EXPECT_EQ(list->ids.size(), 2u);
  EXPECT_EQ(list->warnings,
            std::vector<std::string>{"accept.txt line 2: this id's check character is the MOD "
                                     "11-2 one: it needs no entry (it is imported anyway)"});
  auto empty = ParseAcceptedIds("accept.txt", "# nothing yet\n");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->warnings, std::vector<std::string>{"accept.txt: the list holds no ids"});
}

TEST(AcceptList, AnyOtherLineIsAnErrorNamingTheFileAndLineNotTheValue) {
  struct Case {
    std::string content;
    std::string message;
  };
  const std::string tail =
      "; the list holds one resident id per line (blank lines and # comments ignored)";
  const Case cases[] = {
      {"371002194303030243\n37100219430303024\n",
       "a.txt line 2: not 17 digits and a check character 0-9 or X (the line: 17 characters, "
       "digits)"},
      {"37100219430303024Y\n",
       "a.txt line 1: not 17 digits and a check character 0-9 or X (the line: 18 characters, "
       "letters and digits)"},
      {"\n\n371002194303030243,乙二\n",
       "a.txt line 3: not 17 digits and a check character 0-9 or X (the line: 21 characters, "
       "mixed)"},
      {"371002194303030243\nperson_id\n",  // a header only as the first line
       "a.txt line 2: not 17 digits and a check character 0-9 or X (the line: 9 characters, "
       "mixed)"},
      {"371002380808014\n",
       "a.txt line 1: an old 15-digit id; such ids need no entry (import converts them), list "
       "the 18-character ids whose check character is irregular"},
  };
  for (const Case& c : cases) {
    auto list = ParseAcceptedIds("a.txt", c.content);
    ASSERT_FALSE(list.ok()) << c.content;
    EXPECT_EQ(list.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(list.status().message(), c.message + tail);
    EXPECT_EQ(std::string(list.status().message()).find("3710"), std::string::npos);
  }
}

TEST(AcceptList, AMissingFileIsAnErrorNamingIt) {
  auto list = ReadAcceptedIds("/nonexistent/accept.txt");
  ASSERT_FALSE(list.ok());
  EXPECT_NE(std::string(list.status().message()).find("/nonexistent/accept.txt"),
            std::string::npos);
}

}  // namespace
}  // namespace safetynet
