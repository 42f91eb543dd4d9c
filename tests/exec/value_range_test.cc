// Value ranges: measured from values (empties, extremes, no values) and
// derived for + - * exactly up to the edge of int64, where one more would
// overflow (or reach kEmpty, which no value may be).
#include "engine/exec/value_range.h"

#include <gtest/gtest.h>

#include <vector>

namespace safetynet::exec {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kLowest = kEmpty + 1;  // the smallest value that is not empty

ValueRange Measure(const std::vector<int64_t>& values) {
  return MeasureRange(values.data(), values.size());
}

TEST(ValueRange, MeasuredFromTheValues) {
  EXPECT_EQ(Measure({5, -3, 12, 0}), (ValueRange{-3, 12, false}));
  EXPECT_EQ(Measure({5, kEmpty, 7}), (ValueRange{5, 7, true}));
  EXPECT_EQ(Measure({kEmpty, kEmpty}), (ValueRange{0, 0, true}));
  EXPECT_EQ(Measure({}), (ValueRange{0, 0, false}));
  EXPECT_EQ(Measure({kLowest, kMax}), (ValueRange{kLowest, kMax, false}));
  EXPECT_EQ(Measure({kMax, kEmpty}), (ValueRange{kMax, kMax, true}));
  EXPECT_EQ(Measure({kLowest, kEmpty}), (ValueRange{kLowest, kLowest, true}));
  // More values than one vector of the loop holds, the extremes at the ends.
  std::vector<int64_t> many(1001, 40);
  many.front() = -7;
  many.back() = 9000;
  many[500] = kEmpty;
  EXPECT_EQ(Measure(many), (ValueRange{-7, 9000, true}));
}

TEST(ValueRange, OfOneValueAndUnion) {
  EXPECT_EQ(ValueRange::Of(42), (ValueRange{42, 42, false}));
  EXPECT_TRUE(ValueRange::Of(kEmpty).may_be_empty);
  EXPECT_EQ(Union(ValueRange::Of(-2), ValueRange{3, 8, true}), (ValueRange{-2, 8, true}));
  EXPECT_FALSE(ValueRange{}.FitsInt32());
  EXPECT_TRUE((ValueRange{INT32_MIN, INT32_MAX, true}.FitsInt32()));
  EXPECT_FALSE((ValueRange{INT32_MIN, int64_t{INT32_MAX} + 1, false}.FitsInt32()));
  EXPECT_TRUE((ValueRange{0, 1, false}.ZeroOrOne()));
  EXPECT_FALSE((ValueRange{0, 1, true}.ZeroOrOne()));
  EXPECT_FALSE((ValueRange{0, 2, false}.ZeroOrOne()));
}

TEST(ValueRange, SumsUpToTheEdge) {
  const ValueRange small{0, 5, false};
  EXPECT_EQ(SumRange(ValueRange{-10, kMax - 5, false}, small), (ValueRange{-10, kMax, false}));
  EXPECT_FALSE(SumRange(ValueRange{-10, kMax - 4, false}, small).has_value());
  // Reaching kEmpty is an overflow too.
  EXPECT_TRUE(SumRange(ValueRange{kLowest, 0, false}, small).has_value());
  EXPECT_FALSE(SumRange(ValueRange{kLowest, 0, false}, ValueRange{-1, 0, false}).has_value());
  EXPECT_TRUE(SumRange(ValueRange{1, 2, true}, small)->may_be_empty);
  EXPECT_FALSE(SumRange(ValueRange{}, ValueRange{}).has_value());
}

TEST(ValueRange, DifferencesUpToTheEdge) {
  EXPECT_EQ(DifferenceRange(ValueRange{0, 100, false}, ValueRange{-5, 20, false}),
            (ValueRange{-20, 105, false}));
  EXPECT_TRUE(DifferenceRange(ValueRange{kLowest + 5, 0, false}, ValueRange{0, 5, false}));
  EXPECT_FALSE(DifferenceRange(ValueRange{kLowest + 5, 0, false}, ValueRange{0, 6, false}));
  EXPECT_TRUE(DifferenceRange(ValueRange{0, kMax - 1, false}, ValueRange{-1, 0, false}));
  EXPECT_FALSE(DifferenceRange(ValueRange{0, kMax, false}, ValueRange{-1, 0, false}));
  // 0 - kLowest = kMax: fits.
  EXPECT_TRUE(DifferenceRange(ValueRange{0, 0, false}, ValueRange{kLowest, 0, false}));
}

TEST(ValueRange, ProductsUpToTheEdge) {
  const int64_t third = kMax / 3;
  EXPECT_EQ(ProductRange(ValueRange{0, third, false}, ValueRange::Of(3)),
            (ValueRange{0, third * 3, false}));
  EXPECT_FALSE(ProductRange(ValueRange{0, third + 1, false}, ValueRange::Of(3)).has_value());
  // Signs: the extremes come from any of the four corners.
  EXPECT_EQ(ProductRange(ValueRange{-4, 3, false}, ValueRange{-5, 2, true}),
            (ValueRange{-15, 20, true}));
  EXPECT_TRUE(ProductRange(ValueRange::Of(kLowest), ValueRange::Of(1)).has_value());
  EXPECT_TRUE(ProductRange(ValueRange::Of(kLowest), ValueRange::Of(-1)));  // kMax
  EXPECT_FALSE(ProductRange(ValueRange::Of(kLowest), ValueRange::Of(2)).has_value());
  // The largest 32-bit products fit.
  EXPECT_TRUE(ProductRange(ValueRange{INT32_MIN, INT32_MAX, false},
                           ValueRange{INT32_MIN, INT32_MAX, false}));
}

}  // namespace
}  // namespace safetynet::exec
