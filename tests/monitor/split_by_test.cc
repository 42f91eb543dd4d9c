// --split-by town and --split-by district when towns are spelled in ways no
// file name may be (a slash, "..", Windows' reserved characters and names,
// control characters, invalid UTF-8, 300 bytes, names that differ only in
// case or in an unsafe character): the run writes every output; each town
// gets its own safe file holding exactly its alerts; index.csv maps each
// district and town, as in the data, to its file; and the folder is the same
// byte for byte for 1 and 2 threads and district by district.
#include <gtest/gtest.h>
#include <oneapi/tbb/global_control.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/common/text.h"
#include "engine/common/utf8.h"
#include "engine/io/csv_reader.h"
#include "engine/io/files.h"
#include "engine/io/safe_file_name.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/nightly.h"
#include "tests/support/dataset_builder.h"
#include "tests/support/reference_data.h"
#include "tests/support/test_folder.h"

namespace safetynet::monitor {
namespace {

// Where the households of the test live: each town with one household in
// district 371002, and "CON" and the slashed town in 371003 too.
const std::vector<std::pair<int32_t, std::string>>& Places() {
  static const auto* places = [] {
    std::string long_town;
    while (long_town.size() < 300) long_town += "环翠楼街道";
    auto* list = new std::vector<std::pair<int32_t, std::string>>;
    for (const std::string& town : std::vector<std::string>{
             "环翠楼街道/竹岛街道", "环翠楼街道_竹岛街道", "a\\b", "..", ".", "../../etc",
             "a:b*c?d\"e<f>g|h", "  鲸园街道  ", "tab\there", "line\nbreak", long_town,
             long_town + "东", "bad\xFF\xFEutf8", "CON", "nul", "Town", "TOWN", "", "index"}) {
      list->emplace_back(371002, town);
    }
    list->emplace_back(371003, "CON");
    list->emplace_back(371003, "环翠楼街道/竹岛街道");
    return list;
  }();
  return *places;
}

// One household per place, each with an H4_DIBAO_CANDIDATE alert (no income).
std::unique_ptr<Dataset> HostileTowns() {
  testing::DatasetBuilder b;
  int n = 0;
  for (const auto& [district, town] : Places()) {
    b.Household(Cat("HH", ++n), Category::kNone, Area::kUrban, 0, district, town);
    b.Person({DaysFromCivil({1980, 1, 1})});
  }
  return b.Build();
}

// The rows of a CSV text, header included.
std::vector<std::vector<std::string>> Rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  CsvReader reader(text);
  CsvRecord record;
  while (reader.Next(record)) {
    EXPECT_FALSE(record.malformed) << record.problem;
    rows.emplace_back(record.fields.begin(), record.fields.end());
  }
  return rows;
}

std::string Read(const std::string& path) {
  std::string text;
  EXPECT_TRUE(ReadWholeFile(path, text).ok()) << path;
  return text;
}

// Every file of a folder (names to contents).
std::map<std::string, std::string> Files(const std::string& folder) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    files[entry.path().filename().string()] = Read(entry.path().string());
  }
  return files;
}

class SplitRun : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = HostileTowns();
    program_ = testing::WeihaiRules();
  }

  // A whole run (or district by district) with `threads`; returns its folder.
  std::string Run(SplitBy split_by, int threads, bool by_district = false) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, threads);
    folders_.push_back(testing::TestFolder("split-by"));
    const std::string path = folders_.back().path() + "/night";
    NightlyOptions options;
    options.as_of = DaysFromCivil({2025, 6, 30});
    options.split_by = split_by;
    OutputFolder out = testing::TestOutput(path);
    absl::StatusOr<NightlySummary> summary;
    if (by_district) {
      const std::string snapshot = folders_.back().path() + "/data.snap";
      EXPECT_TRUE(WriteSnapshot(*data_, snapshot, 5).ok());
      auto opened = OpenSnapshot::Open(snapshot);
      EXPECT_TRUE(opened.ok()) << opened.status();
      if (opened.ok()) summary = RunNightlyByDistrict(*program_, *opened, options, out);
    } else {
      summary = RunNightly(*program_, *data_, options, out);
    }
    EXPECT_TRUE(summary.ok()) << summary.status();
    if (summary.ok()) {
      EXPECT_EQ(summary->alert_count, Places().size());
    }
    return path;
  }

  std::unique_ptr<Dataset> data_;
  std::unique_ptr<lang::Program> program_;
  std::vector<ScratchFolder> folders_;  // the runs' outputs, removed after the test
};

TEST_F(SplitRun, TownsThatAreNoFileNamesGetSafeDistinctFilesAndAnIndex) {
  const std::string night = Run(SplitBy::kTown, 2);
  for (const char* file : {"alerts.csv", "alerts.jsonl", "entitlements.csv",
                           "unmatched_signals.csv", "summary.json"}) {
    EXPECT_TRUE(std::filesystem::exists(night + "/" + file)) << file;
  }
  const std::string folder = night + "/alerts-by-town";
  const std::vector<std::vector<std::string>> index = Rows(Read(folder + "/index.csv"));
  ASSERT_EQ(index.size(), Places().size() + 1);
  EXPECT_EQ(index[0], (std::vector<std::string>{"district", "town", "file", "alerts"}));
  std::set<std::pair<int32_t, std::string>> places_in_index;
  std::set<std::string> files_in_index;  // in upper case, as a Windows share compares them
  for (size_t i = 1; i < index.size(); ++i) {
    const std::vector<std::string>& row = index[i];
    ASSERT_EQ(row.size(), 4u);
    SCOPED_TRACE(row[2]);
    places_in_index.emplace(std::stoi(row[0]), row[1]);
    EXPECT_EQ(row[3], "1");
    const std::string& name = row[2];
    EXPECT_LE(name.size(), kMaxFileNameBytes);
    EXPECT_TRUE(IsCleanUtf8(name));
    EXPECT_EQ(name.find_first_of("/\\:*?\"<>|\t\n"), std::string::npos);
    EXPECT_EQ(SafeFileName(name), name);  // nothing left to make safe
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_TRUE(files_in_index.insert(upper).second);
    EXPECT_TRUE(name.starts_with(row[0] + "-"));
    // The file holds exactly the alert of that district and town.
    const std::vector<std::vector<std::string>> alerts = Rows(Read(folder + "/" + name));
    ASSERT_EQ(alerts.size(), 2u);
    EXPECT_EQ(alerts[1][5], row[0]);  // district
    EXPECT_EQ(alerts[1][6], row[1]);  // town
  }
  EXPECT_EQ(places_in_index,
            (std::set<std::pair<int32_t, std::string>>(Places().begin(), Places().end())));
  EXPECT_EQ(Files(folder).size(), Places().size() + 1);  // nothing but the towns and the index

  // Readable names where the town allows it.
  const std::map<std::string, std::string> files = Files(folder);
  for (const char* name : {"371002-环翠楼街道_竹岛街道.csv", "371002-环翠楼街道_竹岛街道~2.csv",
                           "371003-CON.csv", "371002-a_b_c_d_e_f_g_h.csv", "371002-  鲸园街道.csv",
                           "371002-.csv", "371002-~2.csv", "371002-~3.csv", "371002-.._.._etc.csv",
                           "371002-index.csv", "371002-TOWN.csv", "371002-Town~2.csv"}) {
    EXPECT_TRUE(files.contains(name)) << name;
  }
}

TEST_F(SplitRun, TheSameFilesForAnyThreadCountAndDistrictByDistrict) {
  const auto one = Files(Run(SplitBy::kTown, 1) + "/alerts-by-town");
  const auto two = Files(Run(SplitBy::kTown, 2) + "/alerts-by-town");
  const auto parts = Files(Run(SplitBy::kTown, 2, true) + "/alerts-by-town");
  EXPECT_EQ(one.size(), Places().size() + 1);
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, parts);
}

TEST_F(SplitRun, DistrictsHaveTheirFilesAndAnIndexToo) {
  const std::string folder = Run(SplitBy::kDistrict, 2) + "/alerts-by-district";
  EXPECT_EQ(Rows(Read(folder + "/index.csv")),
            (std::vector<std::vector<std::string>>{{"district", "file", "alerts"},
                                                   {"371002", "371002.csv", "19"},
                                                   {"371003", "371003.csv", "2"}}));
  EXPECT_EQ(Rows(Read(folder + "/371003.csv")).size(), 3u);
}

}  // namespace
}  // namespace safetynet::monitor
