#include "engine/io/csv_reader.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

namespace safetynet {
namespace {

constexpr std::string_view kStrayQuote =
    "a quote opens a field that is not closed on its line: a stray quote?";

struct Row {
  std::vector<std::string> fields;
  size_t line;
  bool malformed;
  std::string problem = {};
  std::string first_line = {};
};

// The records of `text`; after the first (the header), the reader expects
// `expected_fields` fields (0: not told).
std::vector<Row> ReadAll(std::string_view text, size_t expected_fields = 0) {
  CsvReader reader(text);
  CsvRecord record;
  std::vector<Row> rows;
  while (reader.Next(record)) {
    rows.push_back({{record.fields.begin(), record.fields.end()},
                    record.line,
                    record.malformed,
                    std::string(record.problem),
                    std::string(record.first_line)});
    if (rows.size() == 1 && expected_fields > 0) reader.ExpectFields(expected_fields);
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
  EXPECT_EQ(rows[4].problem, kStrayQuote);
  EXPECT_EQ(rows[4].first_line, "\"never closed,4");
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
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_FALSE(rows[0].malformed);
  EXPECT_EQ(rows[0].fields.size(), 4u);
  EXPECT_FALSE(rows[1].malformed);
  EXPECT_EQ(rows[1].fields[0].size(), 64u);
  EXPECT_TRUE(rows[2].malformed);
  EXPECT_EQ(problems[2], "the record has more than 4 fields (the limit)");
  EXPECT_TRUE(rows[2].fields.empty());
  EXPECT_TRUE(rows[3].malformed);
  EXPECT_EQ(problems[3], "the record is longer than 64 bytes (the limit)");
  // Two lines past the limit: cut back to its first line, the second read alone.
  EXPECT_TRUE(rows[4].malformed);
  EXPECT_EQ(rows[4].line, 5u);
  EXPECT_EQ(problems[4], kStrayQuote);
  EXPECT_TRUE(rows[5].malformed);  // `next line",z`: a quote inside an unquoted field
  EXPECT_EQ(rows[5].line, 6u);
  EXPECT_EQ(rows[6].fields, (std::vector<std::string>{"after", "6"}));
  EXPECT_EQ(rows[6].line, 7u);
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

// Clarification 11: LF, CRLF and a lone CR each end a record and one
// physical line, in any mix; inside a quoted field they are data. Every
// combination of the three at each of five line ends.
TEST(CsvReader, EveryMixOfLfCrLfAndCrEndsRecordsAndCountsLines) {
  const std::array<std::string, 3> kinds = {"\n", "\r\n", "\r"};
  for (int mix = 0; mix < 3 * 3 * 3 * 3 * 3; ++mix) {
    std::array<std::string, 5> end;
    for (int i = 0, m = mix; i < 5; ++i, m /= 3) end[i] = kinds[m % 3];
    // line 1 header, 2 a row, 3-4 a row whose quoted field holds end[2],
    // 5 empty, 6 a row; end[4] the file's last line end.
    const std::string text = "a,b" + end[0] + "1,2" + end[1] + "\"x" + end[2] + "y\",3" + end[3] +
                             end[4] + "4,5" + end[4];
    const auto rows = ReadAll(text, 2);
    const std::string name = "mix " + std::to_string(mix);
    ASSERT_EQ(rows.size(), 4u) << name;
    EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b"})) << name;
    EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2"})) << name;
    EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"x" + end[2] + "y", "3"})) << name;
    EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"4", "5"})) << name;
    EXPECT_EQ(rows[1].line, 2u) << name;
    EXPECT_EQ(rows[2].line, 3u) << name;
    // A CR ending line 4 and an LF ending line 5 are one CRLF: no empty line.
    EXPECT_EQ(rows[3].line, end[3] == "\r" && end[4] == "\n" ? 5u : 6u) << name;
    for (const Row& row : rows) EXPECT_FALSE(row.malformed) << name << ": " << row.problem;
  }
}

TEST(CsvReader, CrOnlyFileWithoutAFinalLineEnd) {
  const auto rows = ReadAll("a,b\r1,2\r\r\"3\",4");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(rows[2].line, 4u);
}

TEST(CsvReader, LfThenCrIsTwoLineEnds) {
  const auto rows = ReadAll("a\n\r1\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].line, 3u);
}

// The recovery rule (docs/import.md, "Line ends and broken quoting").
TEST(CsvReader, AStrayQuoteNeverClosedCostsOnlyItsLine) {
  for (const std::string end : {"\n", "\r\n", "\r"}) {
    const auto rows = ReadAll("a,b,c" + end + "1,2,\"x" + end + "3,4,5" + end + "6,7,8" + end, 3);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_TRUE(rows[1].malformed);
    EXPECT_EQ(rows[1].line, 2u);
    EXPECT_EQ(rows[1].problem, kStrayQuote);
    EXPECT_EQ(rows[1].first_line, "1,2,\"x");
    EXPECT_TRUE(rows[1].fields.empty());
    EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4", "5"}));
    EXPECT_EQ(rows[2].line, 3u);
    EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"6", "7", "8"}));
    EXPECT_EQ(rows[3].line, 4u);
  }
}

TEST(CsvReader, AStrayQuoteClosedByAnotherWithTextAfterItCostsOnlyTheirLines) {
  // The quote of line 2 closes at the one of line 4, and text follows.
  const auto rows = ReadAll("a,b,c\n1,2,\"x\n3,4,5\n6,7,\"y\n9,9,9\n", 3);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_EQ(rows[1].problem, kStrayQuote);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_TRUE(rows[3].malformed);  // the second stray quote, never closed
  EXPECT_EQ(rows[3].line, 4u);
  EXPECT_EQ(rows[4].fields, (std::vector<std::string>{"9", "9", "9"}));
  EXPECT_EQ(rows[4].line, 5u);
}

TEST(CsvReader, AStrayQuoteClosedAtALineEndWithTheRightFieldCountSwallowsNoRow) {
  // Read whole, lines 2-4 would be one record of 3 fields: x\n3,4,5\n6,7,y.
  const std::string text = "a,b,c\n1,2,\"x\n3,4,5\n6,7,y\"\n8,9,10\n";
  const auto rows = ReadAll(text, 3);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_EQ(rows[1].problem, kStrayQuote);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_TRUE(rows[3].malformed);  // 6,7,y": a quote inside an unquoted field
  EXPECT_EQ(rows[3].line, 4u);
  EXPECT_EQ(rows[4].fields, (std::vector<std::string>{"8", "9", "10"}));
  EXPECT_EQ(rows[4].line, 5u);
  // Not told the header's field count (the header itself), RFC 4180 alone.
  EXPECT_EQ(ReadAll(text).size(), 3u);
}

TEST(CsvReader, AStrayQuoteInTheFirstColumnClosedAtTheNextRowsFirstField) {
  // Read whole: one record of 3 fields, "1,2,3\n4" then 5, 6: the next
  // row's fields under the first row's place. Its quoted text holds the
  // commas of a row (2): cut back.
  const auto rows = ReadAll("a,b,c\n\"1,2,3\n4\",5,6\n7,8,9\n", 3);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_EQ(rows[1].problem, kStrayQuote);
  EXPECT_TRUE(rows[2].malformed);  // 4",5,6: a quote inside an unquoted field
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"7", "8", "9"}));
}

TEST(CsvReader, AStrayQuoteClosedByAGoodRowsQuotedLineBreakLeavesThatRowWhole) {
  // Line 2's quote closes at line 3's opening quote (just before its line
  // break); line 3 starts a good record of two lines.
  const auto rows = ReadAll("a,b,c\n1,2,\"x\n3,4,\"\nmore\"\n5,6,7\n", 3);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "4", "\nmore"}));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_FALSE(rows[2].malformed);
  EXPECT_EQ(rows[3].line, 5u);
}

TEST(CsvReader, AQuotedMultiLineFieldWithTheWrongFieldCountIsCutBack) {
  const auto rows = ReadAll("a,b,c\n1,\"x\ny\",2,3\n4,5,6\n", 3);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_EQ(rows[1].problem, kStrayQuote);
  EXPECT_TRUE(rows[2].malformed);  // y",2,3
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"4", "5", "6"}));
  EXPECT_EQ(rows[3].line, 4u);
}

TEST(CsvReader, LegitMultiLineFieldsInAnyColumnAreKept) {
  // Quoted text with line breaks of each kind and fewer commas than a row
  // has separators (2), in the first, middle and last column.
  const auto rows =
      ReadAll("a,b,c\n\"one\ntwo, three\",1,2\n3,\"x\r\ny\",4\n5,6,\"p\rq\nr\"\n7,8,9\n", 3);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"one\ntwo, three", "1", "2"}));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[2].fields, (std::vector<std::string>{"3", "x\r\ny", "4"}));
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"5", "6", "p\rq\nr"}));
  EXPECT_EQ(rows[3].line, 6u);
  EXPECT_EQ(rows[4].line, 9u);
  for (const Row& row : rows) EXPECT_FALSE(row.malformed) << row.line << ": " << row.problem;
}

TEST(CsvReader, QuotedTextWithARowsCommasAcrossLinesIsCutBack) {
  // Two commas in a multi-line quoted field of a 3-column file: its lines
  // could hold two rows. A one-line field may hold any number.
  const auto rows = ReadAll("a,b,c\n1,2,\"p,\nq,\"\n3,4,\"r,s,t\"\n", 3);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[1].malformed);
  EXPECT_TRUE(rows[2].malformed);  // q," opens a field closed by line 4's first quote
  EXPECT_EQ(rows[3].fields, (std::vector<std::string>{"3", "4", "r,s,t"}));
}

TEST(CsvReader, ARecordSpansAtMostMaxRecordLines) {
  std::string ten_lines = "\"1";
  for (int i = 2; i <= 10; ++i) ten_lines += "\n" + std::to_string(i);
  const auto kept = ReadAll("a,b\n" + ten_lines + "\",x\nlast,1\n", 2);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_FALSE(kept[1].malformed);
  EXPECT_EQ(kept[2].line, 12u);
  const auto cut = ReadAll("a,b\n" + ten_lines + "\n11\",x\nlast,1\n", 2);
  ASSERT_EQ(cut.size(), 13u);  // the first line, 2..10 and 11", x each alone, last
  EXPECT_TRUE(cut[1].malformed);
  EXPECT_EQ(cut[1].problem, kStrayQuote);
  EXPECT_EQ(cut[2].fields, (std::vector<std::string>{"2"}));
  EXPECT_EQ(cut[2].line, 3u);
  EXPECT_TRUE(cut[11].malformed);
  EXPECT_EQ(cut[12].fields, (std::vector<std::string>{"last", "1"}));
  EXPECT_EQ(cut[12].line, 13u);
}

TEST(CsvReader, AStrayQuoteOnTheLastLineAndInTheHeader) {
  const auto last = ReadAll("a,b\r1,2\r3,\"x", 2);
  ASSERT_EQ(last.size(), 3u);
  EXPECT_TRUE(last[2].malformed);
  EXPECT_EQ(last[2].first_line, "3,\"x");
  const auto header = ReadAll("a,\"b\r1,2\r");
  ASSERT_GE(header.size(), 1u);
  EXPECT_TRUE(header[0].malformed);
  EXPECT_EQ(header[0].first_line, "a,\"b");
}

TEST(CsvReader, AMalformedRecordKeepsItsFirstLineAsWritten) {
  const auto rows = ReadAll("a,b\r\n\"x\"y,1\r\nab\"c,2\r\n", 2);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].first_line, "\"x\"y,1");
  EXPECT_EQ(rows[2].first_line, "ab\"c,2");
  EXPECT_TRUE(rows[0].first_line.empty());  // not malformed
}

TEST(CsvReader, LenientFieldsSplitAtEveryCommaAndDropAFieldsQuotes) {
  EXPECT_EQ(LenientFields("S1,\"HRSS\",DEATH,,\"灵活就业", 10),
            (std::vector<std::string_view>{"S1", "HRSS", "DEATH", "", "灵活就业"}));
  EXPECT_EQ(LenientFields("\"a,b\",c", 10), (std::vector<std::string_view>{"a", "b\"", "c"}));
  EXPECT_EQ(LenientFields("1,2,3,4", 2), (std::vector<std::string_view>{"1", "2"}));
  EXPECT_EQ(LenientFields("", 3), (std::vector<std::string_view>{""}));
  EXPECT_EQ(LenientFields("\"", 3), (std::vector<std::string_view>{""}));
}

}  // namespace
}  // namespace safetynet
