// Sorted runs and their merge (engine/io/sorted_runs.h): keys order as
// tuples of their fields whatever bytes the texts hold; the merge
// interleaves the runs by key, equal keys in the order of the runs; a run
// cut short or written out of order is an error, never a wrong file. And the
// FileAppender that writes them: renamed into place on Commit, nothing left
// when it is dropped.
#include "engine/io/sorted_runs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "engine/io/files.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

using namespace std::string_literals;

TEST(SortKey, OrdersAsTheTupleOfItsFields) {
  const std::vector<std::tuple<uint32_t, std::string, std::string>> tuples = {
      {0, "", ""},        {0, "", "a"},       {0, "\0"s, ""},   {0, "\0\0"s, ""},
      {0, "\0\x01"s, ""}, {0, "\0\xFF"s, ""}, {0, "\x01"s, ""}, {0, "a", "\0"s},
      {0, "a", "\xFF"},   {0, "a\0"s, ""},    {0, "ab", ""},    {0, "b", ""},
      {0, "\xFF", ""},    {1, "", ""},        {256, "", ""},    {0xFFFFFFFF, "", ""}};
  std::vector<std::string> keys;
  for (const auto& [number, first, second] : tuples) {
    SortKey key;
    key.Number(number).Text(first).Text(second);
    keys.emplace_back(key.bytes());
  }
  ASSERT_TRUE(std::is_sorted(tuples.begin(), tuples.end()));
  for (size_t i = 1; i < keys.size(); ++i) EXPECT_LT(keys[i - 1], keys[i]) << i;
}

class SortedRuns : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return folder_.path() + "/" + name; }
  void WriteRun(const std::string& name,
                const std::vector<std::pair<std::string, std::string>>& records) {
    auto run = SortedRunWriter::Create(Path(name), 2);
    ASSERT_TRUE(run.ok()) << run.status();
    for (const auto& [key, text] : records) {
      SortKey sort_key;
      sort_key.Text(key);
      const std::string_view pieces[] = {text, key};
      run->Add(sort_key.bytes(), pieces);
    }
    ASSERT_TRUE(run->Commit().ok());
  }
  // Merges the runs into two files: the texts, and the keys.
  absl::Status Merge(const std::vector<std::string>& names, std::string& texts, std::string& keys) {
    std::vector<std::string> runs;
    for (const std::string& name : names) runs.push_back(Path(name));
    auto first = FileAppender::Create(Path("texts"));
    auto second = FileAppender::Create(Path("keys"));
    EXPECT_TRUE(first.ok() && second.ok());
    FileAppender* outputs[] = {&*first, &*second};
    absl::Status status = MergeSortedRuns(runs, outputs);
    if (!status.ok()) return status;
    EXPECT_TRUE(first->Commit().ok());
    EXPECT_TRUE(second->Commit().ok());
    EXPECT_TRUE(ReadWholeFile(Path("texts"), texts).ok());
    EXPECT_TRUE(ReadWholeFile(Path("keys"), keys).ok());
    return absl::OkStatus();
  }
  ScratchFolder folder_ = testing::TestFolder("sorted-runs");
};

TEST_F(SortedRuns, MergeInterleavesByKeyAndKeepsTheRunsOrderForEqualKeys) {
  WriteRun("a", {{"1", "a1 "}, {"4", "a4 "}, {"4", "a4' "}, {"7", "a7 "}});
  WriteRun("b", {});
  WriteRun("c", {{"2", "c2 "}, {"4", "c4 "}, {"8", std::string(3 << 20, 'x')}});
  WriteRun("d", {{"0", "d0 "}, {"3", "d3 "}, {"9", "d9 "}});
  std::string texts, keys;
  ASSERT_TRUE(Merge({"a", "b", "c", "d"}, texts, keys).ok());
  EXPECT_EQ(texts, "d0 a1 c2 d3 a4 a4' c4 a7 " + std::string(3 << 20, 'x') + "d9 ");
  EXPECT_EQ(keys, "0123444789");
}

TEST_F(SortedRuns, ARunCutShortIsAnErrorNamingIt) {
  WriteRun("a", {{"1", "one"}, {"2", "two"}});
  std::filesystem::resize_file(Path("a"), std::filesystem::file_size(Path("a")) - 1);
  std::string texts, keys;
  absl::Status status = Merge({"a"}, texts, keys);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find(Path("a")), std::string::npos) << status;
  EXPECT_FALSE(std::filesystem::exists(Path("texts")));  // never renamed into place
}

TEST_F(SortedRuns, RecordsOutOfOrderOrOfAnotherShapeAreRefused) {
  auto run = SortedRunWriter::Create(Path("a"), 1);
  ASSERT_TRUE(run.ok());
  const std::string_view piece = "x";
  run->Add("b", {&piece, 1});
  run->Add("a", {&piece, 1});
  EXPECT_EQ(run->Commit().code(), absl::StatusCode::kInternal);
  auto other = SortedRunWriter::Create(Path("b"), 2);
  ASSERT_TRUE(other.ok());
  other->Add("a", {&piece, 1});
  EXPECT_EQ(other->Commit().code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(std::filesystem::exists(Path("a")));
  EXPECT_FALSE(std::filesystem::exists(Path("b")));
}

TEST_F(SortedRuns, AnAppenderDroppedBeforeCommitLeavesNothing) {
  {
    auto file = FileAppender::Create(Path("dropped"));
    ASSERT_TRUE(file.ok());
    file->Append(std::string(2 << 20, 'x'));
  }
  auto file = FileAppender::Create(Path("kept"));
  ASSERT_TRUE(file.ok());
  file->Append("abc");
  file->Append(std::string(2 << 20, 'y'));
  file->Append("def");
  ASSERT_TRUE(file->Commit().ok());
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder_.path()))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{".safetynet-scratch", "kept"}));
  std::string text;
  ASSERT_TRUE(ReadWholeFile(Path("kept"), text).ok());
  EXPECT_EQ(text, "abc" + std::string(2 << 20, 'y') + "def");
}

}  // namespace
}  // namespace safetynet
