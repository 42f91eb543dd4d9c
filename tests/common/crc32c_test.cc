#include "engine/common/crc32c.h"

#include <gtest/gtest.h>

#include <string>

namespace safetynet {
namespace {

TEST(Crc32c, KnownValues) {
  // The check value of CRC-32C (RFC 3720): "123456789" -> 0xE3069283.
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(Crc32c("", 0), 0u);
  std::string zeros(32, '\0');
  EXPECT_EQ(Crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);  // RFC 3720 B.4
}

TEST(Crc32c, AFlippedBitChangesIt) {
  std::string text(1000, 'a');
  uint32_t before = Crc32c(text.data(), text.size());
  text[517] ^= 0x04;
  EXPECT_NE(Crc32c(text.data(), text.size()), before);
}

}  // namespace
}  // namespace safetynet
