// District by district: the same outputs as a whole run, byte for byte,
// also when an elderly resident of one district is a member of a household
// in another.
#include <gtest/gtest.h>
#include <unistd.h>

#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/nightly.h"
#include "tests/support/dataset_builder.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

void ExpectSameOutputs(const Dataset& data) {
  auto program = testing::WeihaiRules();
  const ScratchFolder scratch = testing::TestFolder("by-district");
  const std::string& folder = scratch.path();
  std::string snapshot = folder + "/data.snap";
  ASSERT_TRUE(WriteSnapshot(data, snapshot, 7).ok());  // small chunks: a district spans several
  NightlyOptions whole, parts;
  whole.as_of = parts.as_of = DaysFromCivil({2025, 6, 30});
  OutputFolder whole_out = testing::TestOutput(folder + "/whole");
  OutputFolder parts_out = testing::TestOutput(folder + "/parts");
  auto a = RunNightly(*program, data, whole, whole_out);
  auto b = RunNightlyByDistrict(*program, snapshot, parts, parts_out);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(a->alert_count, b->alert_count);
  EXPECT_EQ(a->signals_matched, b->signals_matched);
  EXPECT_EQ(a->signals_unmatched, b->signals_unmatched);
  EXPECT_EQ(a->households, b->households);
  for (const char* file : {"alerts.csv", "alerts.jsonl", "entitlements.csv",
                           "unmatched_signals.csv", "undecided.csv"}) {
    std::string x, y;
    ASSERT_TRUE(ReadWholeFile(folder + "/whole/" + file, x).ok());
    ASSERT_TRUE(ReadWholeFile(folder + "/parts/" + file, y).ok());
    EXPECT_EQ(x, y) << file;
  }
}

TEST(ByDistrict, TheReferenceDataGivesTheSameOutputs) {
  ExpectSameOutputs(*testing::ImportReferenceData());
}

TEST(ByDistrict, AnElderlyResidentOfAnotherDistrictsHousehold) {
  const Days D = DaysFromCivil({2025, 6, 30});
  testing::DatasetBuilder b;
  b.Household("H_WENDENG", Category::kDibao, Area::kRural, 0, 371003);
  PackedId member = b.Person({DaysFromCivil({1945, 1, 1}), 10000});
  // Lives alone in Huancui by the elderly platform, but is enrolled in a Wendeng DIBAO household:
  // not E5 (enrolled), whichever district is being run.
  PackedId elderly = b.Elderly({DaysFromCivil({1945, 1, 1}), Living::kAlone, 10000, Area::kRural, 0,
                                false, false, D, member, 371002});
  b.Household("H_HUANCUI", Category::kNone, Area::kUrban, 0, 371002);
  b.Person({DaysFromCivil({1980, 1, 1}), 50000});
  b.Signal(member, SignalType::kIncome, D - 3, 20000);
  (void)elderly;
  ExpectSameOutputs(*b.Build());
}

}  // namespace
}  // namespace safetynet::monitor
