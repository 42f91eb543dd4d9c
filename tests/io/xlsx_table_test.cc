// Workbooks for people (engine/io/xlsx_table.h) read back with
// tests/support/read_xlsx.py: ids stay text of 18 characters, a text that
// looks like a formula stays text, amounts and dates are typed, the header
// is frozen, the file is 0600; and the district names table
// (engine/io/district_names.h).
#include "engine/io/xlsx_table.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "engine/common/date.h"
#include "engine/io/district_names.h"
#include "engine/io/files.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

const Days kCreated = *ParseIsoDate("2025-06-30");

// read_xlsx.py's lines for `path`.
std::vector<std::string> ReadBack(const std::string& path) {
  const std::string command = std::string("python3 ") + SAFETYNET_READ_XLSX + " '" + path + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::vector<std::string> lines;
  if (pipe == nullptr) return lines;
  std::string line;
  for (int c; (c = std::fgetc(pipe)) != EOF;) {
    if (c == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line += static_cast<char>(c);
    }
  }
  EXPECT_EQ(::pclose(pipe), 0) << command;
  return lines;
}

bool Has(const std::vector<std::string>& lines, const std::string& line) {
  for (const std::string& l : lines) {
    if (l == line) return true;
  }
  return false;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

const XlsxColumn kColumns[] = {{"身份证号", 21, XlsxCell::kText},
                               {"人数", 6, XlsxCell::kInteger},
                               {"月金额(元)", 12, XlsxCell::kYuan},
                               {"日期", 12, XlsxCell::kDate}};

TEST(XlsxTable, IdsStayTextOfEighteenCharacters) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::string path = folder.path() + "/t.xlsx";
  ASSERT_TRUE(WriteXlsxTable(path, "名单", kColumns,
                             {{"371002195001010011", "3", "1234.56", "2025-06-30"},
                              {"37100219500101001X", "0", "-0.5", "1900-03-01"},
                              {"=HYPERLINK(\"http://x\")", "007", "12.345", "2025-02-30"},
                              {"+1", "", "", ""}},
                             kCreated)
                  .ok());
  const std::vector<std::string> lines = ReadBack(path);
  const std::string all = Joined(lines);
  EXPECT_TRUE(Has(lines, "1\tA\ts\t身份证号")) << all;
  EXPECT_TRUE(Has(lines, "2\tA\ts\t371002195001010011")) << all;
  EXPECT_TRUE(Has(lines, "3\tA\ts\t37100219500101001X")) << all;
  EXPECT_TRUE(Has(lines, "4\tA\ts\t=HYPERLINK(\"http://x\")")) << all;
  EXPECT_TRUE(Has(lines, "5\tA\ts\t+1")) << all;
  EXPECT_EQ(all.find("\tf\t"), std::string::npos) << all;
  // Numbers where they parse, text (never lost) where they do not.
  EXPECT_TRUE(Has(lines, "2\tB\tn\t3")) << all;
  EXPECT_TRUE(Has(lines, "3\tB\tn\t0")) << all;
  EXPECT_TRUE(Has(lines, "4\tB\ts\t007")) << all;
  EXPECT_TRUE(Has(lines, "2\tC\tn:0.00\t1234.56")) << all;
  EXPECT_TRUE(Has(lines, "3\tC\tn:0.00\t-0.5")) << all;
  EXPECT_TRUE(Has(lines, "4\tC\ts\t12.345")) << all;
  // Excel's serial days: 2025-06-30 is 45838, 1900-03-01 is 61.
  EXPECT_TRUE(Has(lines, "2\tD\tn:yyyy-mm-dd\t45838")) << all;
  EXPECT_TRUE(Has(lines, "3\tD\tn:yyyy-mm-dd\t61")) << all;
  EXPECT_TRUE(Has(lines, "4\tD\ts\t2025-02-30")) << all;
  // Empty texts are blank: nothing in row 5 but A.
  EXPECT_EQ(all.find("5\tB"), std::string::npos) << all;
  EXPECT_TRUE(Has(lines, "# sheet 名单")) << all;
  EXPECT_TRUE(Has(lines, "# frozen 1 0")) << all;
  EXPECT_TRUE(Has(lines, "# autofilter A1:D5")) << all;
  EXPECT_TRUE(Has(lines, "# width 1 21.7109375") || Has(lines, "# width 1 21")) << all;

  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600);
}

TEST(XlsxTable, SameTableSameBytes) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::vector<std::vector<std::string>> rows = {{"371002195001010011", "1", "2.00", ""}};
  ASSERT_TRUE(WriteXlsxTable(folder.path() + "/a.xlsx", "s", kColumns, rows, kCreated).ok());
  ::sleep(1);  // the clock moves on: the bytes must not
  ASSERT_TRUE(WriteXlsxTable(folder.path() + "/b.xlsx", "s", kColumns, rows, kCreated).ok());
  std::string a, b;
  ASSERT_TRUE(ReadWholeFile(folder.path() + "/a.xlsx", a).ok());
  ASSERT_TRUE(ReadWholeFile(folder.path() + "/b.xlsx", b).ok());
  EXPECT_EQ(a, b);
}

TEST(XlsxTable, ReplacesAFileAndMakesItPrivate) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::string path = folder.path() + "/t.xlsx";
  ASSERT_TRUE(WriteFileAtomically(path, "old").ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(WriteXlsxTable(path, "s", kColumns, {}, kCreated).ok());
  struct stat info;
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600);
  EXPECT_TRUE(Has(ReadBack(path), "# frozen 1 0"));
}

TEST(XlsxTable, AFolderThatDoesNotExistIsAnErrorNamingThePath) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::string path = folder.path() + "/missing/t.xlsx";
  const absl::Status status = WriteXlsxTable(path, "s", kColumns, {}, kCreated);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status;
}

TEST(XlsxTable, TooLongATextIsAnErrorAndLeavesNoFile) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::string path = folder.path() + "/t.xlsx";
  const absl::Status status =
      WriteXlsxTable(path, "s", kColumns, {{std::string(40000, 'a')}}, kCreated);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find(path), std::string::npos) << status;
  struct stat info;
  EXPECT_NE(::stat(path.c_str(), &info), 0);
}

TEST(XlsxTable, RowLongerThanTheColumnsIsAnError) {
  ScratchFolder folder = testing::TestFolder("xlsx");
  EXPECT_FALSE(WriteXlsxTable(folder.path() + "/t.xlsx", "s", kColumns, {{"1", "2", "3", "4", "5"}},
                              kCreated)
                   .ok());
}

TEST(XlsxTable, SheetNamesExcelRefuses) {
  EXPECT_EQ(SafeSheetName("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(SafeSheetName("'环翠楼街道'"), "环翠楼街道");
  EXPECT_EQ(SafeSheetName(""), "Sheet1");
  EXPECT_EQ(SafeSheetName("history"), "history_");
  EXPECT_EQ(SafeSheetName(std::string(40, 'x')), std::string(31, 'x'));
  // 31 characters, not bytes: 40 Chinese characters keep 31 (93 bytes).
  std::string chinese;
  for (int i = 0; i < 40; ++i) chinese += "镇";
  EXPECT_EQ(SafeSheetName(chinese).size(), 31u * 3);
  EXPECT_EQ(SafeSheetName("a\xFF"), "a_");

  ScratchFolder folder = testing::TestFolder("xlsx");
  const std::string path = folder.path() + "/t.xlsx";
  ASSERT_TRUE(WriteXlsxTable(path, "a/b:c", kColumns, {}, kCreated).ok());
  EXPECT_TRUE(Has(ReadBack(path), "# sheet a_b_c"));
}

void WriteNames(const std::string& folder, std::string_view text) {
  ASSERT_TRUE(WriteFileAtomically(folder + "/districts.csv", text).ok());
}

TEST(DistrictNames, TheWeihaiTable) {
  auto names = LoadDistrictNames(std::string(SAFETYNET_RULES_DIR) + "/weihai");
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(names->size(), 7u);
  EXPECT_EQ(DistrictName(*names, 371002), "环翠区");
  EXPECT_EQ(DistrictName(*names, 371073), "临港经济技术开发区");
  EXPECT_EQ(DistrictName(*names, 371010), "");
}

TEST(DistrictNames, AbsentIsNoNames) {
  ScratchFolder folder = testing::TestFolder("districts");
  auto names = LoadDistrictNames(folder.path());
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_TRUE(names->empty());
}

TEST(DistrictNames, MalformedNamesFileAndLine) {
  ScratchFolder folder = testing::TestFolder("districts");
  const std::string file = folder.path() + "/districts.csv";
  const struct {
    std::string_view text, where;
  } cases[] = {
      {"code,name\n371002,环翠区\n", ":1: "},
      {"\xEF\xBB\xBF"
       "district,name\n371002,环翠区\n,文登区\n",
       ":3: "},
      {"district,name\n371002,环翠区\n371002,文登区\n", ":3: "},
      {"district,name\n371002,环翠区\n\n37100,x\n", ":4: "},
      {"district,name\n371002\n", ":2: "},
      {"district,name\n371002,\n", ":2: "},
  };
  for (const auto& c : cases) {
    WriteNames(folder.path(), c.text);
    auto names = LoadDistrictNames(folder.path());
    ASSERT_FALSE(names.ok()) << c.text;
    EXPECT_NE(names.status().message().find(file + std::string(c.where)), std::string::npos)
        << names.status();
  }
  WriteNames(folder.path(),
             "\xEF\xBB\xBF"
             "district,name\r\n371002,环翠区\r\n");
  auto names = LoadDistrictNames(folder.path());
  ASSERT_TRUE(names.ok()) << names.status();
  EXPECT_EQ(DistrictName(*names, 371002), "环翠区");
}

}  // namespace
}  // namespace safetynet
