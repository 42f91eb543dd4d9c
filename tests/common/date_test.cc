#include "engine/common/date.h"

#include <gtest/gtest.h>

namespace safetynet {
namespace {

Days D(int y, int m, int d) { return DaysFromCivil({y, m, d}); }

TEST(Dates, EpochAndRoundTrip) {
  EXPECT_EQ(D(1970, 1, 1), 0);
  EXPECT_EQ(D(2025, 6, 30), 20269);
  for (Days day = D(1900, 1, 1); day < D(2100, 1, 1); day += 37) {
    CivilDate civil = CivilFromDays(day);
    EXPECT_EQ(DaysFromCivil(civil), day);
  }
}

TEST(Dates, ParseOnlyRealDaysInIsoForm) {
  EXPECT_EQ(ParseIsoDate("2025-06-30"), D(2025, 6, 30));
  EXPECT_EQ(ParseIsoDate("2024-02-29"), D(2024, 2, 29));
  for (const char* bad :
       {"2025-6-1", "2025/06/01", "20250601", "2025-02-30", "2023-02-29", "2025-13-01",
        "2025-00-10", "0000-01-01", "", "2025-06-30 ", "２０２５-06-30"}) {
    EXPECT_FALSE(ParseIsoDate(bad).has_value()) << bad;
  }
  EXPECT_EQ(ParseIsoDate("9999-12-31"), D(9999, 12, 31));
}

TEST(Dates, Format) {
  EXPECT_EQ(FormatIsoDate(D(2025, 7, 1)), "2025-07-01");
  EXPECT_EQ(FormatIsoDate(D(1, 1, 1)), "0001-01-01");
  EXPECT_EQ(FormatIsoDate(D(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(FormatIsoDate(kNoDate), "");
  // Rule arithmetic can leave the calendar's years: the digits and the sign are kept.
  EXPECT_EQ(FormatIsoDate(D(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(FormatIsoDate(D(-5, 3, 4)), "-005-03-04");
  std::string appended = "x";
  AppendIsoDate(appended, D(2024, 2, 29));
  AppendIsoDate(appended, kNoDate);
  EXPECT_EQ(appended, "x2024-02-29");
}

TEST(UtcTime, SecondsAsADateAndATime) {
  EXPECT_EQ(FormatUtcTime(0), "1970-01-01 00:00:00 UTC");
  EXPECT_EQ(FormatUtcTime(1795927677), "2026-11-29 04:47:57 UTC");
  EXPECT_EQ(FormatUtcTime(-1), "1969-12-31 23:59:59 UTC");
  EXPECT_EQ(FormatUtcTime(int64_t{D(2025, 6, 30)} * 86400 + 86399), "2025-06-30 23:59:59 UTC");
  // Outside the years 0001-9999: the number as it is.
  EXPECT_EQ(FormatUtcTime(int64_t{D(9999, 12, 31)} * 86400 + 86399), "9999-12-31 23:59:59 UTC");
  EXPECT_EQ(FormatUtcTime(int64_t{D(9999, 12, 31)} * 86400 + 86400),
            std::to_string(int64_t{D(9999, 12, 31)} * 86400 + 86400) + " (unix seconds)");
  EXPECT_EQ(FormatUtcTime(INT64_MIN), std::to_string(INT64_MIN) + " (unix seconds)");
  EXPECT_EQ(FormatUtcTime(int64_t{D(1, 1, 1)} * 86400), "0001-01-01 00:00:00 UTC");
}

TEST(Age, WholeYersOnTheBirthday) {
  EXPECT_EQ(AgeInYears(D(1945, 6, 30), D(2025, 6, 30)), 80);  // exactly 80 today
  EXPECT_EQ(AgeInYears(D(1945, 7, 1), D(2025, 6, 30)), 79);   // 80 tomorrow
  EXPECT_EQ(AgeInYears(D(2025, 6, 30), D(2025, 6, 30)), 0);
}

TEST(Age, BornOnLeapDayTurnsOlderOnFirstOfMarch) {
  Days born = D(2008, 2, 29);
  EXPECT_EQ(AgeInYears(born, D(2025, 2, 28)), 16);
  EXPECT_EQ(AgeInYears(born, D(2025, 3, 1)), 17);
  EXPECT_EQ(AgeInYears(born, D(2024, 2, 29)), 16);
  EXPECT_EQ(AgeInYears(born, D(2024, 2, 28)), 15);
}

}  // namespace
}  // namespace safetynet
