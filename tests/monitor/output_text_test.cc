// The pieces the output files are made of: CSV quoting, JSON escapes, and
// files written from many small parts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/monitor/json_text.h"
#include "engine/monitor/outputs.h"
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

// With --mask-ids every field of a list is masked, whatever its column: a
// household id that is a resident id, one inside a signal id, an old
// 15-digit id as a source. Without it, the fields are written as they are.
TEST(OutputLists, MaskIdsMasksEveryField) {
  const std::vector<monitor::EntitlementRecord> records = {
      {lang::Entity::kHousehold, 0, "HOUSEHOLD", "371082199601070013", "DIBAO", 94000, 371082},
      {lang::Entity::kPerson, 0, "PERSON", "37108219950119000X", "CHILD", 50000, 371082}};
  auto joined = [](const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts) text += part;
    return text;
  };
  EXPECT_EQ(joined(monitor::EntitlementsCsv(records, true)),
            "\xEF\xBB\xBFsubject_kind,subject_id,kind,amount\n"
            "HOUSEHOLD,371082********0013,DIBAO,940.00\n"
            "PERSON,371082********000X,CHILD,500.00\n");
  EXPECT_EQ(joined(monitor::EntitlementsCsv(records, false)),
            "\xEF\xBB\xBFsubject_kind,subject_id,kind,amount\n"
            "HOUSEHOLD,371082199601070013,DIBAO,940.00\n"
            "PERSON,37108219950119000X,CHILD,500.00\n");
  const std::vector<monitor::UnmatchedSignal> signals = {
      {"MI-371082199601070013-1", "371002450630001", SignalType::kMedical,
       ParseResidentId("37108219950119000X").packed, DaysFromCivil({2025, 6, 1})}};
  EXPECT_EQ(monitor::UnmatchedSignalsCsv(signals, DaysFromCivil({2025, 6, 30}), true),
            "\xEF\xBB\xBFsignal_id,source,type,person_id,event_date,future_dated\n"
            "MI-371082********0013-1,371002******001,MEDICAL,371082********000X,2025-06-01,0\n");
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
