// District by district: the same outputs as a whole run, byte for byte,
// also when an elderly resident of one district is a member of a household
// in another, and when the districts' subjects interleave in the output
// order (so the districts' lists must be merged, not put one after the
// other), with --split-by and --mask-ids, for 1 and 2 threads.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/io/csv_reader.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/nightly.h"
#include "tests/support/dataset_builder.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

// Every file of an output folder and its sub-folders (relative path to
// contents), summary.json without its timings (the last member).
std::map<std::string, std::string> Outputs(const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    std::string text;
    EXPECT_TRUE(ReadWholeFile(entry.path().string(), text).ok()) << entry.path();
    const std::string name = std::filesystem::relative(entry.path(), folder).string();
    if (name == "summary.json") text.erase(text.find("\"seconds\""));
    files[name] = text;
  }
  return files;
}

// Runs the data whole (2 threads) and district by district (1 and 2
// threads) and expects the same files and counts.
void ExpectSameOutputs(const Dataset& data, NightlyOptions options = {}) {
  auto program = testing::WeihaiRules();
  const ScratchFolder scratch = testing::TestFolder("by-district");
  const std::string& folder = scratch.path();
  std::string snapshot = folder + "/data.snap";
  ASSERT_TRUE(WriteSnapshot(data, snapshot, 7).ok());  // small chunks: a district spans several
  options.as_of = DaysFromCivil({2025, 6, 30});
  absl::StatusOr<NightlySummary> whole;
  {
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, 2);
    OutputFolder out = testing::TestOutput(folder + "/whole");
    whole = RunNightly(*program, data, options, out);
    ASSERT_TRUE(whole.ok()) << whole.status();
  }
  const std::map<std::string, std::string> expected = Outputs(folder + "/whole");
  EXPECT_GE(expected.size(), 6u);
  for (int thread_count : {1, 2}) {
    SCOPED_TRACE(Cat(thread_count, " threads"));
    tbb::global_control threads(tbb::global_control::max_allowed_parallelism, thread_count);
    const std::string path = Cat(folder, "/parts-", thread_count);
    OutputFolder out = testing::TestOutput(path);
    auto opened = OpenSnapshot::Open(snapshot);
    ASSERT_TRUE(opened.ok()) << opened.status();
    auto parts = RunNightlyByDistrict(*program, *opened, options, out);
    ASSERT_TRUE(parts.ok()) << parts.status();
    EXPECT_EQ(whole->alert_count, parts->alert_count);
    EXPECT_EQ(whole->entitlement_count, parts->entitlement_count);
    EXPECT_EQ(whole->undecided_count, parts->undecided_count);
    EXPECT_EQ(whole->signals_matched, parts->signals_matched);
    EXPECT_EQ(whole->signals_unmatched, parts->signals_unmatched);
    EXPECT_EQ(whole->households, parts->households);
    const std::map<std::string, std::string> got = Outputs(path);
    EXPECT_EQ(got.size(), expected.size());
    for (const auto& [file, text] : expected) {
      auto found = got.find(file);
      ASSERT_TRUE(found != got.end()) << file;
      const std::string& other = found->second;
      size_t same = 0;  // where they part (the files are too long to print)
      while (same < text.size() && same < other.size() && text[same] == other[same]) ++same;
      EXPECT_TRUE(other == text) << file << " differs from byte " << same << ": "
                                 << other.substr(same, 200)
                                 << "\ninstead of: " << text.substr(same, 200);
    }
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

constexpr int32_t kDistricts[] = {371002, 371003, 371082};

// Households HH01, HH02, ... in the three districts in turn, so that the
// subjects of the districts alternate in every list's order (and so do their
// members and the elderly residents, whose ids the builder numbers in the
// order they are added): DIBAO candidates (an alert each), DIBAO households
// (an entitlement each), households whose two incomes overflow (undecided),
// and elderly residents in turn.
std::unique_ptr<Dataset> InterleavedDistricts() {
  const Days D = DaysFromCivil({2025, 6, 30});
  testing::DatasetBuilder b;
  for (int i = 0; i < 24; ++i) {
    const int32_t district = kDistricts[i % 3];
    const std::string id = Cat("HH", i < 9 ? "0" : "", i + 1);
    const std::string town = i % 2 ? "竹岛街道" : "鲸园街道";
    switch (i / 3 % 3) {
      case 0:  // no income: an H4_DIBAO_CANDIDATE
        b.Household(id, Category::kNone, Area::kUrban, 0, district, town);
        b.Person({DaysFromCivil({1980, 1, 1})});
        break;
      case 1:  // DIBAO, paid the wrong amount: an entitlement and an H8_PAYMENT_MISMATCH
        b.Household(id, Category::kDibao, Area::kUrban, 100, district, town);
        b.Person({DaysFromCivil({1950, 1, 1}), 10000});
        break;
      default:  // two incomes whose sum does not fit 64 bits: undecided
        b.Household(id, Category::kNone, Area::kUrban, 0, district, town);
        b.Person({DaysFromCivil({1980, 1, 1}), 5'000'000'000'000'000'000});
        b.Person({DaysFromCivil({1982, 1, 1}), 5'000'000'000'000'000'000});
    }
    b.Elderly({DaysFromCivil({1940, 1, 1}), Living::kAlone, 0, Area::kUrban, 0, false, false,
               D - 400, 0, district});
  }
  return b.Build();
}

// Where each subject of the data lives: household ids and resident ids (as
// written) to their district.
std::map<std::string, int32_t> DistrictOfSubject(const Dataset& d) {
  std::map<std::string, int32_t> district;
  for (size_t h = 0; h < d.households.size(); ++h)
    district[std::string(d.households.household_id[h])] = d.households.district[h];
  for (size_t p = 0; p < d.persons.person_id.size(); ++p)
    district[FormatResidentId(d.persons.person_id[p])] =
        d.households.district[d.persons.household_row[p]];
  for (size_t e = 0; e < d.elderly.person_id.size(); ++e)
    district[FormatResidentId(d.elderly.person_id[e])] = d.elderly.district[e];
  return district;
}

// The districts of a list's rows in order, by the subject id in `column`.
std::vector<int32_t> DistrictsInOrder(const std::string& csv, size_t column,
                                      const std::map<std::string, int32_t>& district_of) {
  std::vector<int32_t> districts;
  CsvReader reader(csv);
  CsvRecord record;
  reader.Next(record);  // the header
  while (reader.Next(record)) {
    auto found = district_of.find(std::string(record.fields[column]));
    EXPECT_TRUE(found != district_of.end()) << record.fields[column];
    if (found != district_of.end()) districts.push_back(found->second);
  }
  return districts;
}

// How many times the district changes from one row to the next: at most 2
// if the districts' lists were put one after the other.
int Changes(const std::vector<int32_t>& districts) {
  int changes = 0;
  for (size_t i = 1; i < districts.size(); ++i) changes += districts[i] != districts[i - 1];
  return changes;
}

TEST(ByDistrict, DistrictsThatInterleaveInTheOutputOrderAreMerged) {
  auto data = InterleavedDistricts();
  {  // The data do interleave: each list of a whole run changes district often.
    auto program = testing::WeihaiRules();
    const ScratchFolder scratch = testing::TestFolder("interleaved");
    OutputFolder out = testing::TestOutput(scratch.path() + "/night");
    NightlyOptions options;
    options.as_of = DaysFromCivil({2025, 6, 30});
    ASSERT_TRUE(RunNightly(*program, *data, options, out).ok());
    std::string alerts, entitlements, undecided;
    ASSERT_TRUE(ReadWholeFile(scratch.path() + "/night/alerts.csv", alerts).ok());
    ASSERT_TRUE(ReadWholeFile(scratch.path() + "/night/entitlements.csv", entitlements).ok());
    ASSERT_TRUE(ReadWholeFile(scratch.path() + "/night/undecided.csv", undecided).ok());
    const std::map<std::string, int32_t> district_of = DistrictOfSubject(*data);
    EXPECT_GT(Changes(DistrictsInOrder(alerts, 3, district_of)), 4);
    EXPECT_GT(Changes(DistrictsInOrder(entitlements, 1, district_of)), 4);
    EXPECT_GT(Changes(DistrictsInOrder(undecided, 1, district_of)), 4);
  }
  ExpectSameOutputs(*data);
  NightlyOptions masked;
  masked.mask_ids = true;
  masked.split_by = SplitBy::kTown;
  ExpectSameOutputs(*data, masked);
  NightlyOptions by_district;
  by_district.split_by = SplitBy::kDistrict;
  ExpectSameOutputs(*data, by_district);
}

}  // namespace
}  // namespace safetynet::monitor
