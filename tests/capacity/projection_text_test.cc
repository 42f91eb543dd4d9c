// The capacity report's projection never shows a figure below zero, nor one
// that "fits", and writes a fitted line with its sign
// (engine/capacity/projection_text.h).
#include "engine/capacity/projection_text.h"

#include <gtest/gtest.h>

namespace safetynet::capacity {
namespace {

TEST(ProjectionText, ATimeBelowZeroIsNotProjectable) {
  EXPECT_EQ(ProjectedTime(-2.7), kNotProjectable);
  EXPECT_EQ(ProjectedTime(-977), kNotProjectable);
  EXPECT_EQ(ProjectedTime(0), "0.0 s");
  EXPECT_EQ(ProjectedTime(119.9), "119.9 s");
  EXPECT_EQ(ProjectedTime(120), "2.0 min");
}

TEST(ProjectionText, AMemoryBelowZeroIsNotProjectable) {
  EXPECT_EQ(ProjectedMemory(-0.1), kNotProjectable);
  EXPECT_EQ(ProjectedMemory(3.25), "3.2 GiB");
}

TEST(ProjectionText, BelowZeroNeverFits) {
  EXPECT_EQ(Fits(-1, 21600), kNotProjectable);
  EXPECT_EQ(Fits(0, 21600), "yes");
  EXPECT_EQ(Fits(21600, 21600), "yes");
  EXPECT_EQ(Fits(21601, 21600), "no");
}

TEST(ProjectionText, ALineKeepsItsSign) {
  EXPECT_EQ(LineText(0.174, -1.095, 3, "s"), "0.174 s - 1.095 s per million records");
  EXPECT_EQ(LineText(0.174, 1.095, 3, "s"), "0.174 s + 1.095 s per million records");
  EXPECT_EQ(LineText(-12, 40.31, 1, "MB"), "-12.0 MB + 40.3 MB per million records");
}

}  // namespace
}  // namespace safetynet::capacity
