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

TEST(CsvReader, RecordsPastTheLimitsAreMalformedAndReadingGoesOn) {
  const CsvLimits limits{.max_record_bytes = 64, .max_fields = 4};
  const std::string doubled_quotes(80, '"');                              // 40 quotes, doubled
  const std::string text = "1,2,3,4\n" + std::string(64, 'x') + "\n" +    // at the limits: kept
                           "1,2,3,4,5\n" +                                // 5 fields
                           std::string(65, 'x') + ",1\n" +                // 65 bytes
                           "\"" + doubled_quotes + "\nnext line\",z\n" +  // 92 bytes, 2 lines
                           "after,6\n";
  CsvReader reader(text, limits);
  CsvRecord record;
  std::vector<Row> rows;
  std::vector<std::string> problems;
  while (reader.Next(record)) {
    rows.push_back({{record.fields.begin(), record.fields.end()}, record.line, record.malformed});
    problems.emplace_back(record.problem);
  }
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_FALSE(rows[0].malformed);
  EXPECT_EQ(rows[0].fields.size(), 4u);
  EXPECT_FALSE(rows[1].malformed);
  EXPECT_EQ(rows[1].fields[0].size(), 64u);
  EXPECT_TRUE(rows[2].malformed);
  EXPECT_EQ(problems[2], "the record has more than 4 fields (the limit)");
  EXPECT_TRUE(rows[2].fields.empty());
  EXPECT_TRUE(rows[3].malformed);
  EXPECT_EQ(problems[3], "the record is longer than 64 bytes (the limit)");
  EXPECT_TRUE(rows[4].malformed);
  EXPECT_EQ(rows[4].line, 5u);
  EXPECT_EQ(rows[5].fields, (std::vector<std::string>{"after", "6"}));
  EXPECT_EQ(rows[5].line, 7u);  // the quoted line break of the large record counted
}

TEST(CsvReader, ARowOfAMillionCommasIsNotHeldAsFields) {
  const std::string text = "a,b\n" + std::string(1000000, ',') + "\nlast,1\n";
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(record));
  ASSERT_TRUE(reader.Next(record));
  EXPECT_TRUE(record.malformed);
  EXPECT_EQ(record.problem, "the record has more than 1024 fields (the limit)");
  EXPECT_LE(record.fields.capacity(), CsvLimits{}.max_fields);  // not 1,000,001 fields' worth
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.line, 3u);
  EXPECT_FALSE(record.malformed);
}

}  // namespace
}  // namespace safetynet
