// The capacity report says when its projection cannot be relied on, and
// records the options it was run with (engine/capacity/report.h).
#include "engine/capacity/report.h"

#include <gtest/gtest.h>

namespace safetynet::capacity {
namespace {

TEST(ProjectionCaveats, TheDefaultsGiveNone) {
  EXPECT_TRUE(ProjectionCaveats(CapacityOptions{}).empty());
}

TEST(ProjectionCaveats, TooFewPointsEachSaySo) {
  CapacityOptions o;
  o.scales = {0.01, 0.02};  // a line through two points: R² is 1 whatever they are
  o.threads = {1};          // no speed-up measured
  o.repetitions = 1;
  const std::vector<std::string> caveats = ProjectionCaveats(o);
  ASSERT_EQ(caveats.size(), 3u);
  EXPECT_TRUE(caveats[0].starts_with("only 2 data size(s) measured")) << caveats[0];
  EXPECT_TRUE(caveats[1].starts_with("no speed-up measured")) << caveats[1];
  EXPECT_NE(caveats[1].find("32 cores"), std::string::npos) << caveats[1];
  EXPECT_TRUE(caveats[2].starts_with("1 run(s) per configuration")) << caveats[2];
}

TEST(ProjectionCaveats, ThreadCountsWithoutOneMeasureNoSpeedUp) {
  CapacityOptions o;
  o.threads = {2, 4};
  ASSERT_EQ(ProjectionCaveats(o).size(), 1u);
  o.threads = {1, 4};
  EXPECT_TRUE(ProjectionCaveats(o).empty());
  o.scales = {0.5, 1, 2};  // three sizes are enough
  EXPECT_TRUE(ProjectionCaveats(o).empty());
}

TEST(CapacityCommandLine, EveryOptionAsRun) {
  CapacityOptions o;
  o.scales = {0.01, 0.02};
  o.threads = {1};
  o.repetitions = 1;
  o.server_cores = 16;
  o.server_memory_gib = 64;
  o.window_hours = 4.5;
  o.rules = "/r/weihai";
  EXPECT_EQ(CapacityCommandLine(o, "/tmp/cap"),
            "safetynet capacity --scales 0.01,0.02 --threads 1 --repetitions 1 --cores 16 "
            "--memory-gib 64 --window-hours 4.5 --rules /r/weihai --out /tmp/cap");
}

}  // namespace
}  // namespace safetynet::capacity
