// The numbers of the command line: a value outside its option's range, and
// lists of numbers, are refused with a message naming the option and the
// range (engine/cli/command_line.h).
#include "engine/cli/command_line.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

namespace safetynet::cli {
namespace {

TEST(OutOfRange, BoundsAreIncludedUnlessAboveLow) {
  const Range<int> repetitions{1, 100};
  EXPECT_FALSE(OutOfRange("repetitions", 1, repetitions));
  EXPECT_FALSE(OutOfRange("repetitions", 100, repetitions));
  EXPECT_EQ(OutOfRange("repetitions", 0, repetitions),
            "--repetitions must be at least 1 and at most 100, not 0");
  EXPECT_EQ(OutOfRange("repetitions", 101, repetitions),
            "--repetitions must be at least 1 and at most 100, not 101");
  const Range<double> scale{0, 100, true};
  EXPECT_EQ(OutOfRange("scale", 0.0, scale), "--scale must be above 0 and at most 100, not 0");
  EXPECT_FALSE(OutOfRange("scale", 0.001, scale));
  EXPECT_FALSE(OutOfRange("scale", 100.0, scale));
  EXPECT_TRUE(OutOfRange("scale", 100.5, scale));
}

// The value as given (not rounded to 6 digits), and whole bounds as integers.
TEST(OutOfRange, NumbersAreWrittenInFull) {
  const Range<double> scale{0, 100, true};
  EXPECT_EQ(OutOfRange("scale", 100.0001, scale),
            "--scale must be above 0 and at most 100, not 100.0001");
  const Range<double> memory{0, 1 << 24, true};
  EXPECT_EQ(OutOfRange("memory-gib", 1e30, memory),
            "--memory-gib must be above 0 and at most 16777216, not 1e+30");
}

TEST(ShortestDecimal, ReadsBackExactly) {
  EXPECT_EQ(ShortestDecimal(1e-9), "1e-09");
  EXPECT_EQ(ShortestDecimal(0.25), "0.25");
  EXPECT_EQ(ShortestDecimal(0.1), "0.1");
  EXPECT_EQ(ShortestDecimal(100.0001), "100.0001");
  EXPECT_EQ(ShortestDecimal(100), "100");
  EXPECT_EQ(ShortestDecimal(-2), "-2");
  EXPECT_EQ(ShortestDecimal(16777216), "16777216");
  EXPECT_EQ(std::strtod(ShortestDecimal(1.0 / 3).c_str(), nullptr), 1.0 / 3);
}

TEST(OutOfRange, NotANumberAndInfinityAreOutside) {
  const Range<double> scale{0, 100, true};
  EXPECT_TRUE(OutOfRange("scale", std::nan(""), scale));
  EXPECT_TRUE(OutOfRange("scale", std::numeric_limits<double>::infinity(), scale));
  EXPECT_TRUE(OutOfRange("scale", -std::numeric_limits<double>::infinity(), scale));
}

TEST(OutOfRange, NoUpperBoundIsNotMentioned) {
  const Range<int64_t> seed{0, std::numeric_limits<int64_t>::max()};
  EXPECT_EQ(OutOfRange<int64_t>("seed", -1, seed), "--seed must be at least 0, not -1");
  EXPECT_FALSE(OutOfRange<int64_t>("seed", std::numeric_limits<int64_t>::max(), seed));
}

TEST(NumberOption, AValueOutOfRangeIsAUsageError) {
  po::options_description options;
  options.add_options()("cores", Number<int>("cores", {1, 64})->default_value(32), "");
  po::variables_map values;
  po::store(po::command_line_parser(Args{"--cores", "0"}).options(options).run(), values);
  EXPECT_THROW(po::notify(values), po::error);
  po::variables_map good;
  po::store(po::command_line_parser(Args{"--cores", "64"}).options(options).run(), good);
  po::notify(good);
  EXPECT_EQ(good["cores"].as<int>(), 64);
}

TEST(ParseNumberList, IncreasingValuesWithinTheRange) {
  std::vector<double> scales;
  EXPECT_FALSE(ParseNumberList<double>("scales", "0.25,0.5,1", {0, 100, true}, scales));
  EXPECT_EQ(scales, (std::vector<double>{0.25, 0.5, 1}));
  EXPECT_EQ(ParseNumberList<double>("scales", "1,0.5", {0, 100, true}, scales),
            "--scales: each value must be larger than the one before");
  EXPECT_EQ(ParseNumberList<double>("scales", "1,1", {0, 100, true}, scales),
            "--scales: each value must be larger than the one before");
  EXPECT_EQ(ParseNumberList<double>("scales", "0,1", {0, 100, true}, scales),
            "--scales must be above 0 and at most 100, not 0");
  EXPECT_EQ(ParseNumberList<double>("scales", "0.5,1x", {0, 100, true}, scales),
            "--scales: '1x' is not a number");
  EXPECT_EQ(ParseNumberList<double>("scales", "0.5,,1", {0, 100, true}, scales),
            "--scales: '' is not a number");
  EXPECT_EQ(ParseNumberList<double>("scales", "", {0, 100, true}, scales),
            "--scales needs at least one value");
  std::vector<int> threads;
  EXPECT_EQ(ParseNumberList<int>("threads", "1,2.5", {1, 4096}, threads),
            "--threads: '2.5' is not a number");
  EXPECT_FALSE(ParseNumberList<int>("threads", "1,2", {1, 4096}, threads));
  EXPECT_EQ(threads, (std::vector<int>{1, 2}));
}

}  // namespace
}  // namespace safetynet::cli
