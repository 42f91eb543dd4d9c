#include "engine/common/byte_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace safetynet {
namespace {

bool CsvSpecial(unsigned char c) { return c == ',' || c == '"' || c == '\n' || c == '\r'; }
bool JsonSpecial(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

bool CsvScan(std::string_view text) {
  return AnyWord(text, [](uint64_t word) {
    return HasByte(word, ',') || HasByte(word, '"') || HasByte(word, '\n') || HasByte(word, '\r');
  });
}
bool JsonScan(std::string_view text) {
  return AnyWord(text, [](uint64_t word) {
    return HasByteBelow(word, 0x20) || HasByte(word, '"') || HasByte(word, '\\');
  });
}

// Every byte value at every position of texts of 0 to 24 bytes, in a
// background of plain ASCII and of UTF-8 (bytes >= 0x80), against a byte-by-byte scan.
TEST(ByteScan, FindsEveryByteAtEveryPosition) {
  for (const char* background : {"a", "\xE5"}) {
    for (size_t length = 0; length <= 24; ++length) {
      const std::string plain(length, background[0]);
      EXPECT_FALSE(CsvScan(plain)) << length;
      EXPECT_FALSE(JsonScan(plain)) << length;
      for (size_t at = 0; at < length; ++at) {
        for (int byte = 0; byte < 256; ++byte) {
          std::string text = plain;
          text[at] = static_cast<char>(byte);
          ASSERT_EQ(CsvScan(text), CsvSpecial(byte)) << length << " " << at << " " << byte;
          ASSERT_EQ(JsonScan(text), JsonSpecial(byte)) << length << " " << at << " " << byte;
        }
      }
    }
  }
}

TEST(ByteScan, WordTests) {
  EXPECT_TRUE(HasByte(0x4142434445464748ull, 0x41));
  EXPECT_FALSE(HasByte(0x4142434445464748ull, 0x49));
  EXPECT_TRUE(HasByteBelow(0x2020202020201f20ull, 0x20));
  EXPECT_FALSE(HasByteBelow(0xFF80202020202020ull, 0x20));  // high bytes are not below
  EXPECT_TRUE(HasByte(0x0000000000000000ull, 0));
}

}  // namespace
}  // namespace safetynet
