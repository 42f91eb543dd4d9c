#include "engine/io/csv_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace safetynet {
namespace {

struct Row {
  std::vector<std::string> fields;
  size_t line;
  bool malformed;
};

std::vector<Row> ReadAll(std::string_view text) {
  CsvReader reader(text);
  CsvRecord record;
  std::vector<Row> rows;
  while (reader.Next(record)) {
    rows.push_back({{record.fields.begin(), record.fields.end()}, record.line, record.malformed});
  }
  return rows;
}

TEST(CsvReader, PlainFieldsAndLineNumbers) {
  auto rows = ReadAll("a,b,c\n1,,3\n4,5,6\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "", "3"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[2].line, 3u);
}

TEST(CsvReader, ByteOrderMarkIsSkipped) {
  auto rows = ReadAll("\xEF\xBB\xBFhousehold_id,x\nH1,2\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields[0], "household_id");
}

TEST(CsvReader, QuotedCommasDoubledQuotesAndLineBreaks) {
  auto rows = ReadAll("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"line one\nline two\",z\nlast,1\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"x, y", "say \"hi\""}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"line one\nline two", "z"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[3].line, 5u);  // the quoted line break counted as a physical line
}

TEST(CsvReader, CrLfLineEndsAndNoFinalNewline) {
  auto rows = ReadAll("a,b\r\n1,2\r\n\"3\",4");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4"}));
}

TEST(CsvReader, EmptyLinesAreSkippedButCounted) {
  auto rows = ReadAll("a\n\n1\n\n\n2\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].line, 3u);
  EXPECT_EQ(rows[2].line, 6u);
}

TEST(CsvReader, BrokenQuotingIsReportedAndReadingGoesOn) {
  auto rows = ReadAll("a,b\n\"x\"y,1\nab\"c,2\nok,3\n\"never closed,4\nafter,5\n");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_TRUE(rows[1].malformed);  // text after a closing quote
  EXPECT_TRUE(rows[2].malformed);  // a quote inside an unquoted field
  EXPECT_FALSE(rows[3].malformed);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"ok", "3"}));
  EXPECT_TRUE(rows[4].malformed);  // unclosed quote: only its own line is lost
  EXPECT_EQ(rows[4].line, 5u);
  EXPECT_EQ(rows[5].fields, (std::vector<std::string>{"after", "5"}));
  EXPECT_EQ(rows[5].line, 6u);
}

}  // namespace
}  // namespace safetynet
