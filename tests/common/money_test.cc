#include "engine/common/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace safetynet {
namespace {

TEST(ParseYuan, WholeAndDecimalAmounts) {
  EXPECT_EQ(ParseYuan("0").fen, 0);
  EXPECT_EQ(ParseYuan("0.07").fen, 7);
  EXPECT_EQ(ParseYuan("1234.5").fen, 123450);
  EXPECT_EQ(ParseYuan("690").fen, 69000);
  EXPECT_EQ(ParseYuan("007.10").fen, 710);
}

TEST(ParseYuan, RejectsWhatTheFormatForbids) {
  for (const char* bad :
       {"1.234", "1.", ".5", "1e3", "+5", " 5", "5 ", "1,000", "¥5", "abc", "1.2.3", "--5", "-x"}) {
    ParsedFen parsed = ParseYuan(bad);
    EXPECT_FALSE(parsed.fen.has_value()) << bad;
    EXPECT_EQ(parsed.error, NumberError::kMalformed) << bad;
  }
  EXPECT_EQ(ParseYuan("").error, NumberError::kEmpty);
  EXPECT_EQ(ParseYuan("-5").error, NumberError::kNegative);
  EXPECT_EQ(ParseYuan("-0.01").error, NumberError::kNegative);
}

TEST(ParseYuan, OverflowIsAnErrorNotAWrap) {
  // INT64_MAX fen is 92233720368547758.07 yuan.
  EXPECT_EQ(ParseYuan("92233720368547758.07").fen, INT64_MAX);
  EXPECT_EQ(ParseYuan("92233720368547758.08").error, NumberError::kOverflow);
  EXPECT_EQ(ParseYuan("92233720368547759").error, NumberError::kOverflow);
  EXPECT_EQ(ParseYuan("99999999999999999999999").error, NumberError::kOverflow);
}

TEST(ParseWholeNumber, CountsOnly) {
  EXPECT_EQ(ParseWholeNumber("2").fen, 2);
  EXPECT_EQ(ParseWholeNumber("1.5").error, NumberError::kMalformed);
  EXPECT_EQ(ParseWholeNumber("-1").error, NumberError::kNegative);
}

TEST(FormatYuan, TwoDecimals) {
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(7), "0.07");
  EXPECT_EQ(FormatYuan(123450), "1234.50");
  EXPECT_EQ(FormatYuan(-101), "-1.01");
  EXPECT_EQ(FormatYuan(INT64_MIN), "-92233720368547758.08");
}

TEST(FormatYuan, RoundTripsThroughParse) {
  for (Fen fen : {Fen{0}, Fen{1}, Fen{99}, Fen{100}, Fen{123456789}, INT64_MAX}) {
    EXPECT_EQ(ParseYuan(FormatYuan(fen)).fen, fen);
  }
}

}  // namespace
}  // namespace safetynet

namespace safetynet {
namespace {

TEST(FenTotal, FitsUpToTheEndsOfInt64AndIsAnErrorBeyond) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(*FenTotal(kMax, "t"), kMax);
  EXPECT_EQ(*FenTotal(-kMax, "t"), -kMax);
  const absl::StatusOr<Fen> over = FenTotal(static_cast<__int128>(kMax) + 1, "the city total");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(over.status().message().rfind("the city total does not fit 64-bit fen", 0), 0u)
      << over.status();
  // INT64_MIN is the rules' empty value, never a total.
  EXPECT_FALSE(FenTotal(-kMax - 1, "t").ok());
  EXPECT_FALSE(FenTotal(static_cast<__int128>(kMax) * 12, "t").ok());
}

}  // namespace
}  // namespace safetynet
