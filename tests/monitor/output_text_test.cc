// The pieces the output files are made of: CSV quoting, JSON escapes, and
// files written from many small parts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/monitor/json_text.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

TEST(CsvWriter, QuotesOnlyWhereNeeded) {
  CsvWriter csv;
  csv.Row({"plain", "威海市", "a,b", "say \"hi\"", "two\nlines", "cr\r", "",
           "long text with, late comma"});
  EXPECT_EQ(csv.contents(),
            "plain,威海市,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",,"
            "\"long text with, late comma\"\n");
}

TEST(JsonText, EscapesQuotesBackslashesAndControls) {
  std::string out;
  monitor::AppendJsonString(out, "温泉镇");
  monitor::AppendJsonString(out, "a\"b\\c");
  constexpr char kControls[] = "tab\there, nul \0 and \x1f end";
  monitor::AppendJsonString(out, std::string_view(kControls, sizeof kControls - 1));
  monitor::AppendJsonString(out, "eight by+a quote at 9: \"");
  EXPECT_EQ(out,
            "\"温泉镇\"\"a\\\"b\\\\c\"\"tab\\there, nul \\u0000 and \\u001f end\""
            "\"eight by+a quote at 9: \\\"\"");
}

TEST(JsonText, Members) {
  std::string out = "{";
  monitor::AppendJsonStringMember(out, "town", "温泉镇", true);
  monitor::AppendJsonMember(out, "score", "null");
  out += "}";
  EXPECT_EQ(out, "{\"town\":\"温泉镇\",\"score\":null}");
}

TEST(Files, ManySmallPartsMakeOneFile) {
  const ScratchFolder folder = testing::TestFolder("files");
  std::vector<std::string> texts;
  std::string expected;
  for (int i = 0; i < 5000; ++i) {  // more parts than one system call takes
    texts.push_back(i % 7 == 0 ? "" : std::to_string(i) + ",");
    expected += texts.back();
  }
  std::vector<std::string_view> parts(texts.begin(), texts.end());
  const std::string path = folder.path() + "/parts.csv";
  ASSERT_TRUE(WriteFileAtomically(path, parts).ok());
  std::string read;
  ASSERT_TRUE(ReadWholeFile(path, read).ok());
  EXPECT_EQ(read, expected);
}

}  // namespace
}  // namespace safetynet
