#include "engine/common/resident_id.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

// Ids from the reference data set (tests/data/tiny/persons.csv).
constexpr const char* kValid = "371082199601070013";
constexpr const char* kValidX = "37108219950119000X";

TEST(ResidentId, ValidIdsPackAndFormatBack) {
  ParsedId id = ParseResidentId(kValid);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(FormatResidentId(id.packed), kValid);
  ParsedId x = ParseResidentId(kValidX);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(FormatResidentId(x.packed), kValidX);
}

TEST(ResidentId, LowerCaseXIsTheSameId) {
  ParsedId lower = ParseResidentId("37108219950119000x");
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower.packed, ParseResidentId(kValidX).packed);
  EXPECT_EQ(FormatResidentId(lower.packed), kValidX);
}

TEST(ResidentId, Rejections) {
  EXPECT_EQ(ParseResidentId("371082199601070014").error, IdError::kChecksum);
  EXPECT_EQ(ParseResidentId("371082199501190001").error, IdError::kChecksum);
  EXPECT_EQ(ParseResidentId("37108219960107001").error, IdError::kLength);
  EXPECT_EQ(ParseResidentId("3710821996010700133").error, IdError::kLength);
  EXPECT_EQ(ParseResidentId("37108219960107001Y").error, IdError::kCharacter);
  EXPECT_EQ(ParseResidentId("3710821996O1070013").error, IdError::kCharacter);
  EXPECT_EQ(ParseResidentId("").error, IdError::kLength);
}

TEST(ResidentId, BirthDateFromDigits7To14) {
  EXPECT_EQ(BirthDateOfId(ParseResidentId(kValid).packed), DaysFromCivil({1996, 1, 7}));
  // A checksum-valid id whose digits 7-14 are not a real day.
  std::string digits = "37108219960231001";
  std::string id = digits + "0123456789X"[ResidentIdCheck(digits)];
  ParsedId parsed = ParseResidentId(id);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(BirthDateOfId(parsed.packed), kNoDate);
}

TEST(ResidentId, Masking) {
  std::string id = "371082199601070013";
  MaskResidentIdInPlace(id.data());
  EXPECT_EQ(id, "371082********0013");
  std::string old_id = "371002450630001";
  MaskOldResidentIdInPlace(old_id.data());
  EXPECT_EQ(old_id, "371002******001");
}

TEST(ResidentId, MaskingEveryIdInAText) {
  EXPECT_EQ(MaskResidentIds("371082199601070013"), "371082********0013");
  EXPECT_EQ(MaskResidentIds("37108219950119000X"), "371082********000X");
  EXPECT_EQ(MaskResidentIds("37108219950119000x"), "371082********000x");
  EXPECT_EQ(MaskResidentIds("371002450630001"), "371002******001");  // the old 15-digit form
  // Inside other text, letters and punctuation around it or not.
  EXPECT_EQ(MaskResidentIds("MI-371082199601070013-01"), "MI-371082********0013-01");
  EXPECT_EQ(MaskResidentIds("SIG371082199601070013"), "SIG371082********0013");
  EXPECT_EQ(MaskResidentIds("371082199601070013/371002450630001,37108219950119000X"),
            "371082********0013/371002******001,371082********000X");
  EXPECT_EQ(MaskResidentIds("户主371082199601070013"), "户主371082********0013");
  // Not an id: another length of digits, or part of a longer run of digits.
  EXPECT_EQ(MaskResidentIds("HH37100200000080"), "HH37100200000080");
  EXPECT_EQ(MaskResidentIds("3710821996010700131"), "3710821996010700131");
  EXPECT_EQ(MaskResidentIds("37108219960107001"), "37108219960107001");
  EXPECT_EQ(MaskResidentIds("3710024506300012"), "3710024506300012");
  EXPECT_EQ(MaskResidentIds("1234.56, 2025-06-30"), "1234.56, 2025-06-30");
  EXPECT_EQ(MaskResidentIds(""), "");
}

TEST(ResidentId, TextWithoutAnIdIsNotCopied) {
  std::string scratch;
  const std::string_view text = "HH37100200000080";
  EXPECT_EQ(MaskResidentIdsInText(text, scratch).data(), text.data());
  EXPECT_TRUE(scratch.empty());
  const std::string_view with_id = "a 371082199601070013";
  EXPECT_EQ(MaskResidentIdsInText(with_id, scratch), "a 371082********0013");
  EXPECT_EQ(with_id, "a 371082199601070013");  // the input is left as it was
}

TEST(ResidentId, AChecksumFailureKeepsTheIdAsWritten) {
  // Case 02's spouse: her card's check character is 3, MOD 11-2 gives another.
  ParsedId id = ParseResidentId("371002194303030243");
  EXPECT_EQ(id.error, IdError::kChecksum);
  EXPECT_EQ(FormatResidentId(id.packed), "371002194303030243");
  EXPECT_EQ(ParseResidentId("37100219430303024x").packed,
            ParseResidentId("37100219430303024X").packed);
}

// ISO 7064 MOD 11-2 from its definition, not from the code's weight table:
// with the 18 characters numbered from the right (the check character is 1),
// the sum of a_i * 2^(i-1) is 1 modulo 11, a check X counting 10.
bool SatisfiesMod11_2(std::string_view id) {
  int sum = 0;
  for (size_t k = 0; k < 18; ++k) {
    const int value = id[k] == 'X' ? 10 : id[k] - '0';
    sum += value * static_cast<int>((uint64_t{1} << (17 - k)) % 11);
  }
  return sum % 11 == 1;
}

TEST(OldResidentId, TheDefinitionHoldsForKnownIds) {  // the check of the test itself
  EXPECT_TRUE(SatisfiesMod11_2(kValid));
  EXPECT_TRUE(SatisfiesMod11_2(kValidX));
  EXPECT_FALSE(SatisfiesMod11_2("371082199601070014"));
}

TEST(OldResidentId, NineteenIsInsertedAndTheCheckCharacterAppended) {
  // Case 03, worked by hand: 37100219380808014 weighted 7 9 10 5 8 4 2 1 6 3
  // 7 9 10 5 8 4 2 sums to 279 = 25 * 11 + 4; the check is (12 - 4) mod 11 = 8.
  ParsedId id = ConvertOldResidentId("371002380808014");
  ASSERT_TRUE(id.ok()) << IdErrorName(id.error);
  EXPECT_TRUE(id.converted);
  EXPECT_EQ(FormatResidentId(id.packed), "371002193808080148");
  EXPECT_TRUE(SatisfiesMod11_2("371002193808080148"));
  EXPECT_EQ(id.packed, ParseResidentId("371002193808080148").packed);
  EXPECT_EQ(BirthDateOfId(id.packed), DaysFromCivil({1938, 8, 8}));
  ParsedId any = ParseAnyResidentId("371002380808014");
  EXPECT_TRUE(any.ok() && any.converted);
  EXPECT_EQ(any.packed, id.packed);
  ParsedId eighteen = ParseAnyResidentId("371002193808080148");
  EXPECT_TRUE(eighteen.ok());
  EXPECT_FALSE(eighteen.converted);
}

TEST(OldResidentId, EverySequenceGivesAnIdOfTheDefinitionSomeWithX) {
  int with_x = 0;
  for (int sequence = 0; sequence < 1000; ++sequence) {
    const std::string digits = std::to_string(1000 + sequence).substr(1);
    const std::string old_id = "371002450630" + digits;
    ParsedId id = ConvertOldResidentId(old_id);
    ASSERT_TRUE(id.ok()) << old_id;
    const std::string converted = FormatResidentId(id.packed);
    EXPECT_EQ(converted.substr(0, 17), "37100219450630" + digits);
    EXPECT_TRUE(SatisfiesMod11_2(converted)) << converted;
    with_x += converted.back() == 'X';
  }
  EXPECT_GT(with_x, 0);  // one in eleven or so
}

TEST(OldResidentId, Rejections) {
  EXPECT_EQ(ConvertOldResidentId("371002380230014").error, IdError::kOldBirthDate);  // 02-30
  EXPECT_EQ(ConvertOldResidentId("371002001301014").error, IdError::kOldBirthDate);  // month 13
  EXPECT_EQ(ConvertOldResidentId("371002380800014").error, IdError::kOldBirthDate);  // day 0
  // 1900 was no leap year, 1904 was.
  EXPECT_EQ(ConvertOldResidentId("371002000229014").error, IdError::kOldBirthDate);
  EXPECT_TRUE(ConvertOldResidentId("371002040229014").ok());
  EXPECT_TRUE(ConvertOldResidentId("371002991231014").ok());
  EXPECT_EQ(ConvertOldResidentId("37100238080801X").error, IdError::kOldCharacter);
  EXPECT_EQ(ConvertOldResidentId("37100238O808014").error, IdError::kOldCharacter);
  EXPECT_EQ(ConvertOldResidentId("37100238080801").error, IdError::kLength);
  EXPECT_EQ(ParseAnyResidentId("37100238080801").error, IdError::kLength);    // 14
  EXPECT_EQ(ParseAnyResidentId("3710023808080140").error, IdError::kLength);  // 16
  EXPECT_EQ(ParseAnyResidentId("37100238080801X").error, IdError::kOldCharacter);
  EXPECT_EQ(ParseAnyResidentId("371002380230014").packed, 0u);
}

TEST(ResidentId, PackedOrderIsStringOrder) {
  std::string a = "37108219950119000X", b = "371082199601070013";
  EXPECT_LT(a, b);
  EXPECT_LT(ParseResidentId(a).packed, ParseResidentId(b).packed);
}

}  // namespace
}  // namespace safetynet
