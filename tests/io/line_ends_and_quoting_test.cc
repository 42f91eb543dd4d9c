// Line ends and broken quoting through the whole import (docs/import.md,
// "Line ends and broken quoting"; exchange-format.md clarifications 2 and
// 11): files with LF, CRLF or CR line ends, or a mix, import alike; a stray
// quote in any column of any exchange file costs only its own line, every
// other row being imported or rejected by itself.
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/io/import.h"
#include "engine/io/snapshot.h"
#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace testing;  // NOLINT: the exchange rows

constexpr std::string_view kStrayQuote =
    "a quote opens a field that is not closed on its line: a stray quote?";
constexpr int kRows = 5;  // data rows of each file, lines 2-6

// A valid resident id: 17 digits and their MOD 11-2 check character.
std::string Id(std::string_view region, std::string_view birth, int sequence) {
  std::string id = Cat(region, birth, sequence < 10 ? "00" : "0", sequence);
  const int check = ResidentIdCheck(id);
  return id + (check == 10 ? 'X' : static_cast<char>('0' + check));
}

// Five good rows of each file, every field filled where the format allows,
// none holding a quote; persons and signals name the persons of H1.
std::array<std::vector<std::string>, 4> GoodRows() {
  std::array<std::vector<std::string>, 4> rows;
  for (int i = 1; i <= kRows; ++i) {
    rows[0].push_back(Cat("H", i, ",371002,竹岛街道,光明社区,URBAN,DIBAO,,2020-01-01,690"));
    rows[1].push_back(Cat(Id("371082", "19960107", i), ",H1,胡海,M,1996-01-07,HEAD,1,SEMI,0,0,",
                          1600 + i, ",NONE"));
    rows[2].push_back(Cat(Id("371003", "19410111", 10 + i),
                          ",贺利,1941-01-11,371003,界石镇,程家洼村,URBAN,EMPTY_NEST,2,0,626.66,1,"
                          "2025-06-28"));
    rows[3].push_back(Cat("S", i, ",HRSS,MEDICAL,", Id("371082", "19960107", i),
                          ",2025-05-22,2009.75,1,灵活就业 工资"));
  }
  return rows;
}

constexpr std::array<const char*, 4> kHeaders = {kHouseholdHeader, kPersonHeader, kElderlyHeader,
                                                 kSignalHeader};
constexpr std::array<std::string_view, 4> kFileNames = {kHouseholdsCsv, kPersonsCsv, kElderlyCsv,
                                                        kSignalsCsv};

ExchangeFiles FilesOf(const std::array<std::vector<std::string>, 4>& rows) {
  std::array<std::string, 4> text;
  for (size_t f = 0; f < 4; ++f) {
    text[f] = kHeaders[f];
    for (const std::string& row : rows[f]) text[f] += row + "\n";
  }
  return {text[0], text[1], text[2], text[3]};
}

std::vector<std::string> Split(const std::string& row) {
  std::vector<std::string> fields(1);
  for (char c : row) {
    if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

std::string Join(const std::vector<std::string>& fields) {
  std::string row;
  for (size_t i = 0; i < fields.size(); ++i) row += (i ? "," : "") + fields[i];
  return row;
}

enum class Where { kStart, kMiddle, kEnd };  // of the field

std::string WithQuote(std::string field, Where where) {
  size_t at = where == Where::kStart    ? 0
              : where == Where::kMiddle ? field.size() / 2
                                        : field.size();
  // Between characters: a quote inside a UTF-8 sequence would make the file
  // not UTF-8 at all (refused whole: docs/import.md "Encodings").
  while (at < field.size() && (static_cast<unsigned char>(field[at]) & 0xC0) == 0x80) ++at;
  return field.insert(at, "\"");
}

// The keys of a file's imported rows, in file order.
std::vector<std::string> ImportedKeys(const Dataset& d, size_t file) {
  std::vector<std::string> keys;
  if (file == 0) {
    for (size_t r = 0; r < d.households.size(); ++r)
      keys.emplace_back(d.households.household_id[r]);
  } else if (file == 1) {
    for (PackedId id : d.persons.person_id) keys.push_back(FormatResidentId(id));
  } else if (file == 2) {
    for (PackedId id : d.elderly.person_id) keys.push_back(FormatResidentId(id));
  } else {
    for (size_t r = 0; r < d.signals.size(); ++r) keys.emplace_back(d.signals.signal_id[r]);
  }
  return keys;
}

// A stray quote at the start, middle or end of any field of the first,
// middle or last row of any file; alone, or closed by a second stray quote
// at the end of the same column two rows later (then, read whole, the
// record would have the header's field count and hold the row between).
TEST(StrayQuote, InAnyColumnOfAnyFileCostsOnlyItsOwnLine) {
  const auto good = GoodRows();
  for (size_t file = 0; file < 4; ++file) {
    const size_t columns = Split(good[file][0]).size();
    for (size_t column = 0; column < columns; ++column) {
      for (int row : {0, kRows / 2, kRows - 1}) {
        for (Where where : {Where::kStart, Where::kMiddle, Where::kEnd}) {
          for (bool partner : {false, true}) {
            if (partner && row + 2 >= kRows) continue;
            auto rows = good;
            std::vector<std::string> fields = Split(rows[file][row]);
            fields[column] = WithQuote(fields[column], where);
            rows[file][row] = Join(fields);
            std::vector<size_t> bad_lines = {static_cast<size_t>(row) + 2};
            if (partner) {
              fields = Split(rows[file][row + 2]);
              fields[column] = WithQuote(fields[column], Where::kEnd);
              rows[file][row + 2] = Join(fields);
              bad_lines.push_back(row + 4);
            }
            const std::string name = Cat(kFileNames[file], " column ", column + 1, " row ", row + 1,
                                         " at ", static_cast<int>(where), partner ? " closed" : "");
            auto imported = ImportExchangeFiles(FilesOf(rows), {});
            ASSERT_TRUE(imported.ok()) << name << ": " << imported.status();
            const FileCounts& counts = imported->files[file];
            EXPECT_EQ(counts.rows, static_cast<size_t>(kRows)) << name;
            EXPECT_EQ(counts.rejected, bad_lines.size()) << name;
            EXPECT_EQ(counts.imported, kRows - bad_lines.size()) << name;
            std::vector<size_t> lines;
            for (const Reject& reject : imported->rejects) {
              if (reject.file != kFileNames[file]) continue;
              lines.push_back(reject.line);
              EXPECT_EQ(reject.kind, RejectKind::kMalformedCsv) << name;
              if (reject.line == bad_lines[0] &&
                  (where == Where::kStart || Split(good[file][row])[column].empty())) {
                EXPECT_EQ(reject.reason, kStrayQuote) << name;
              }
            }
            EXPECT_EQ(lines, bad_lines) << name;
            // Every other row imported, in order.
            std::vector<std::string> expected;
            for (int r = 0; r < kRows; ++r) {
              if (r != row && !(partner && r == row + 2)) {
                expected.push_back(Split(good[file][r])[0]);  // the key
              }
            }
            EXPECT_EQ(ImportedKeys(*imported->dataset, file), expected) << name;
          }
        }
      }
    }
  }
}

// Each LF of `text` outside quotes replaced in turn by the line ends of
// `record_ends`, each one inside quotes by `quoted_end` (the text holds no
// doubled quotes).
std::string WithEnds(const std::string& text, const std::vector<std::string>& record_ends,
                     const std::string& quoted_end) {
  std::string out;
  size_t n = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (c != '\n') {
      out += c;
    } else {
      out += quoted ? quoted_end : record_ends[n++ % record_ends.size()];
    }
  }
  return out;
}

// The same files with LF, CRLF or CR line ends, or mixes line by line, with
// a quoted line break of each kind in a detail, a name and a town: the same
// tables (the quoted breaks kept as written), the same rejects on the same
// lines.
TEST(LineEnds, LfCrLfCrAndTheirMixesImportAlike) {
  auto rows = GoodRows();
  // Quoted line breaks in three files (LF here, replaced below).
  rows[3][1] =
      "S2,HRSS,MEDICAL," + Id("371082", "19960107", 2) + ",2025-05-22,10,1,\"第一行\n第二行, 续\"";
  rows[1][2] = Id("371082", "19960107", 3) + ",H1,\"胡\n海\",M,1996-01-07,HEAD,0,FULL,0,0,1,NONE";
  rows[2][0] = Id("371003", "19410111", 11) +
               ",贺利,1941-01-11,371003,\"界石镇\n(原)\",程家洼村,URBAN,ALONE,2,0,626.66,1,";
  // A bad row after each multi-line record. (No empty line: a CR ending
  // one line and an LF ending the next, empty one would be one CRLF.)
  rows[3].push_back("S9,HRSS,MEDICAL,371082199601070013,2025-05-22,-1,1,");
  rows[1].push_back(Id("371082", "19960107", 9) + ",H1,x,Q,1996-01-07,HEAD,0,FULL,0,0,1,NONE");
  const ExchangeFiles lf = FilesOf(rows);
  auto reference = ImportExchangeFiles(lf, {});
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_EQ(reference->rejects.size(), 2u);
  EXPECT_EQ(reference->rejects[0].file, kPersonsCsv);
  EXPECT_EQ(reference->rejects[0].line, 8u);  // 5 rows, one of two lines
  EXPECT_EQ(reference->rejects[1].file, kSignalsCsv);
  EXPECT_EQ(reference->rejects[1].line, 8u);  // 5 rows, one of two lines
  reference->dataset->info.created_unix_seconds = 0;
  const std::string reference_snapshot = SerializeSnapshot(*reference->dataset);

  const std::vector<std::vector<std::string>> schemes = {
      {"\n"}, {"\r\n"}, {"\r"}, {"\n", "\r"}, {"\r", "\r\n", "\n"}, {"\r\n", "\r"}};
  for (const auto& ends : schemes) {
    for (const std::string quoted_end : {"\n", "\r\n", "\r"}) {
      const auto kind = [](const std::string& end) {
        return end == "\n" ? "LF " : end == "\r" ? "CR " : "CRLF ";
      };
      std::string name = "record ends ";
      for (const std::string& end : ends) name += kind(end);
      name += Cat("quoted ", kind(quoted_end));
      const ExchangeFiles files = {
          WithEnds(lf.households, ends, quoted_end), WithEnds(lf.persons, ends, quoted_end),
          WithEnds(lf.elderly, ends, quoted_end), WithEnds(lf.signals, ends, quoted_end)};
      auto imported = ImportExchangeFiles(files, {});
      ASSERT_TRUE(imported.ok()) << name << imported.status();
      ASSERT_EQ(imported->rejects.size(), reference->rejects.size()) << name;
      for (size_t i = 0; i < imported->rejects.size(); ++i) {
        EXPECT_EQ(imported->rejects[i].file, reference->rejects[i].file) << name;
        EXPECT_EQ(imported->rejects[i].line, reference->rejects[i].line) << name;
        EXPECT_EQ(imported->rejects[i].kind, reference->rejects[i].kind) << name;
      }
      Dataset& d = *imported->dataset;
      EXPECT_EQ(d.signals.detail[1], "第一行" + quoted_end + "第二行, 续") << name;
      EXPECT_EQ(d.persons.name[2], "胡" + quoted_end + "海") << name;
      EXPECT_EQ(d.elderly.town[0], "界石镇" + quoted_end + "(原)") << name;
      if (quoted_end == "\n") {  // then the very same snapshot
        d.info.created_unix_seconds = 0;
        EXPECT_EQ(SerializeSnapshot(d), reference_snapshot) << name;
      }
    }
  }
}

}  // namespace
}  // namespace safetynet
