#include "engine/common/describe_value.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/common/utf8.h"

namespace safetynet {
namespace {

using namespace std::literals;

TEST(DescribeValue, LengthInCharactersAndKind) {
  EXPECT_EQ(DescribeValue(""), "empty");
  EXPECT_EQ(DescribeValue("371082199601070013"), "18 characters, digits");
  EXPECT_EQ(DescribeValue("5"), "1 character, digits");
  EXPECT_EQ(DescribeValue("dibao"), "5 characters, letters");
  EXPECT_EQ(DescribeValue("欧阳娜娜"), "4 characters, Chinese text");
  EXPECT_EQ(DescribeValue("阿不都·热合曼"), "7 characters, Chinese text");
  EXPECT_EQ(DescribeValue("37108219950119000X"), "18 characters, letters and digits");
  EXPECT_EQ(DescribeValue("2025/06/01"), "10 characters, digits and punctuation");
  EXPECT_EQ(DescribeValue("-"), "1 character, punctuation");
  EXPECT_EQ(DescribeValue("竹岛街道1号"), "6 characters, mixed");
  EXPECT_EQ(DescribeValue("a\0b"sv), "3 characters, mixed");
  EXPECT_EQ(DescribeValue("\xC3\x28"), "2 bytes, not UTF-8");
}

TEST(DescribeValue, NeverRepeatsTheValue) {
  for (std::string_view value : {"欧阳娜娜"sv, "371082199601070013"sv, "1945-05-31"sv, "H1"sv}) {
    EXPECT_EQ(DescribeValue(value).find(value), std::string::npos) << value;
  }
}

TEST(Utf8, ValidUtf8ReplacesWhatIsNotWithTheReplacementCharacter) {
  EXPECT_EQ(ValidUtf8("威海 ok"), "威海 ok");
  EXPECT_EQ(ValidUtf8("a\xC3\x28"
                      "b"),
            "a\xEF\xBF\xBD(b");  // a broken sequence: its first byte
  EXPECT_EQ(ValidUtf8("a\0b"sv),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(ValidUtf8("\xE5\xA8"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // cut short: each byte
  EXPECT_TRUE(IsCleanUtf8(ValidUtf8("\xFF\xFE\xC0\xAF 威")));
}

TEST(Utf8, CleanTextAndItsCodePoints) {
  EXPECT_TRUE(IsCleanUtf8("威海 ok"));
  EXPECT_FALSE(IsCleanUtf8("a\0b"sv));            // a NUL byte
  EXPECT_FALSE(IsCleanUtf8("\xC3\x28"));          // a broken sequence
  EXPECT_FALSE(IsCleanUtf8("\xE5\xA8"));          // cut short
  EXPECT_FALSE(IsCleanUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(IsCleanUtf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(IsCleanUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  const std::string_view text = "a威";
  size_t at = 0;
  EXPECT_EQ(NextCodePoint(text, at), U'a');
  EXPECT_EQ(NextCodePoint(text, at), U'威');
  EXPECT_EQ(at, text.size());
}

}  // namespace
}  // namespace safetynet
