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

TEST(ResidentId, PackedOrderIsStringOrder) {
  std::string a = "37108219950119000X", b = "371082199601070013";
  EXPECT_LT(a, b);
  EXPECT_LT(ParseResidentId(a).packed, ParseResidentId(b).packed);
}

}  // namespace
}  // namespace safetynet
