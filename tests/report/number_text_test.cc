// Numbers on the pages (engine/report/number_text.h): fixed decimals without
// a locale or "-0", and 万元 rounded half away from zero on the boundaries.
#include "engine/report/number_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace safetynet::report {
namespace {

TEST(FormatWanYuan, RoundsOnTheBoundaries) {
  EXPECT_EQ(FormatWanYuan(0), "0.00");
  EXPECT_EQ(FormatWanYuan(4999), "0.00");
  EXPECT_EQ(FormatWanYuan(5000), "0.01");
  EXPECT_EQ(FormatWanYuan(9999), "0.01");
  EXPECT_EQ(FormatWanYuan(10000), "0.01");
  EXPECT_EQ(FormatWanYuan(15000), "0.02");  // 0.015: a double would round it down
  EXPECT_EQ(FormatWanYuan(994999), "0.99");
  EXPECT_EQ(FormatWanYuan(995000), "1.00");
  EXPECT_EQ(FormatWanYuan(1000000), "1.00");
  EXPECT_EQ(FormatWanYuan(123456789), "123.46");
  EXPECT_EQ(FormatWanYuan(-4999), "0.00");
  EXPECT_EQ(FormatWanYuan(-5000), "-0.01");
  EXPECT_EQ(FormatWanYuan(std::numeric_limits<int64_t>::max()), "9223372036854.78");
  EXPECT_EQ(FormatWanYuan(std::numeric_limits<int64_t>::min()), "-9223372036854.78");
}

TEST(FixedDecimal, NoLocaleNoNegativeZero) {
  EXPECT_EQ(FixedDecimal(1234.5, 2), "1234.50");
  EXPECT_EQ(FixedDecimal(0.30000000000000004, 1), "0.3");
  EXPECT_EQ(FixedDecimal(-0.001, 2), "0.00");
  EXPECT_EQ(FixedDecimal(-1.5, 0), "-2");
  EXPECT_EQ(FixedDecimal(1e6, 0), "1000000");
  EXPECT_EQ(FixedDecimal(std::numeric_limits<double>::quiet_NaN(), 2), "-");
}

}  // namespace
}  // namespace safetynet::report
