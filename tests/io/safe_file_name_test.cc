// File names made from data: safe on Linux and on Windows shares, readable,
// within their bound, and distinct (also case-insensitively).
#include "engine/io/safe_file_name.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/common/utf8.h"

namespace safetynet {
namespace {

// What every name made by the scheme must be, whatever the text.
void ExpectSafe(const std::string& name, size_t max_bytes = kMaxFileNameBytes) {
  SCOPED_TRACE(name);
  EXPECT_FALSE(name.empty());
  EXPECT_LE(name.size(), max_bytes);
  EXPECT_NE(name, ".");
  EXPECT_NE(name, "..");
  EXPECT_TRUE(IsCleanUtf8(name));
  EXPECT_EQ(name.find_first_of("/\\:*?\"<>|"), std::string::npos);
  for (char c : name) EXPECT_GE(static_cast<unsigned char>(c), 0x20);
  EXPECT_NE(name.front(), ' ');
  EXPECT_NE(name.front(), '.');
  EXPECT_NE(name.back(), ' ');
  EXPECT_NE(name.back(), '.');
}

TEST(SafeFileName, ChineseAndOtherReadableTextStaysAsItIs) {
  for (const std::string text :
       {"371002-鲸园街道", "371002-环翠楼街道", "Zhangcun Town (east)", "a-b_c~1", "Ελληνικά"}) {
    EXPECT_EQ(SafeFileName(text), text);
  }
}

TEST(SafeFileName, SlashesBecomeUnderscores) {
  EXPECT_EQ(SafeFileName("371002-环翠楼街道/竹岛街道"), "371002-环翠楼街道_竹岛街道");
  EXPECT_EQ(SafeFileName("a\\b"), "a_b");
  EXPECT_EQ(SafeFileName("/etc/passwd"), "_etc_passwd");
  EXPECT_EQ(SafeFileName("../../x"), "_.._x");
}

TEST(SafeFileName, EveryCharacterWindowsRefusesBecomesAnUnderscore) {
  EXPECT_EQ(SafeFileName("a:b*c?d\"e<f>g|h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(SafeFileName(":*?\"<>|"), "_______");
}

TEST(SafeFileName, DotsAndBlanksAtTheEndsGo) {
  EXPECT_EQ(SafeFileName("."), "_");
  EXPECT_EQ(SafeFileName(".."), "_");
  EXPECT_EQ(SafeFileName(""), "_");
  EXPECT_EQ(SafeFileName("   "), "_");
  EXPECT_EQ(SafeFileName(" . .. "), "_");
  EXPECT_EQ(SafeFileName("  鲸园街道  "), "鲸园街道");
  EXPECT_EQ(SafeFileName("..hidden"), "hidden");
  EXPECT_EQ(SafeFileName("town."), "town");
  EXPECT_EQ(SafeFileName("\xE3\x80\x80鲸园\xC2\xA0"), "鲸园");  // U+3000, U+00A0
  EXPECT_EQ(SafeFileName("a b.c d"), "a b.c d");                // inside: kept
}

TEST(SafeFileName, ControlCharactersBecomeUnderscores) {
  EXPECT_EQ(SafeFileName("a\tb\nc\rd"), "a_b_c_d");
  EXPECT_EQ(SafeFileName(std::string("a\0b", 3)), "a_b");
  EXPECT_EQ(SafeFileName("a\x7Fz"), "a_z");
  EXPECT_EQ(SafeFileName("a\xC2\x85z"), "a_z");          // U+0085, a C1 control
  EXPECT_EQ(SafeFileName("a\xE2\x80\xAEz"), "a_z");      // U+202E, right-to-left override
  EXPECT_EQ(SafeFileName("a\xE2\x80\x8Bz"), "a_z");      // U+200B, zero width space
  EXPECT_EQ(SafeFileName("\xEF\xBB\xBFtown"), "_town");  // U+FEFF
  ExpectSafe(SafeFileName("\x01\x02\x1F"));
}

TEST(SafeFileName, EachByteOfInvalidUtf8BecomesAnUnderscore) {
  EXPECT_EQ(SafeFileName("a\xFFz"), "a_z");
  EXPECT_EQ(SafeFileName("\xBE\xA9\xB3\xC7"), "____");  // 京城 in GBK
  EXPECT_EQ(SafeFileName("鲸\xE5\x9B"), "鲸__");        // a character cut short
  EXPECT_EQ(SafeFileName("\xC0\xAF"), "__");            // an overlong "/"
  EXPECT_EQ(SafeFileName("\xED\xA0\x80"), "___");       // a surrogate
  ExpectSafe(SafeFileName("\x80\x80\x80"));
}

TEST(SafeFileName, WindowsDeviceNamesGetAnUnderscore) {
  for (const std::string device :
       {"CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9", "COM0", "CONIN$", "CONOUT$"}) {
    EXPECT_EQ(SafeFileName(device), device + "_");
  }
  EXPECT_EQ(SafeFileName("con"), "con_");
  EXPECT_EQ(SafeFileName("Lpt3"), "Lpt3_");
  EXPECT_EQ(SafeFileName("nul.txt"), "nul_.txt");
  EXPECT_EQ(SafeFileName("CON .txt"), "CON _.txt");
  EXPECT_EQ(SafeFileName(" aux "), "aux_");
  EXPECT_EQ(SafeFileName("COM\xC2\xB9"), "COM\xC2\xB9_");  // COM¹
  for (const std::string fine : {"CONSOLE", "COM10", "LPT", "NULL", "com1x", "AUXILIARY.csv"}) {
    EXPECT_EQ(SafeFileName(fine), fine);
  }
}

TEST(SafeFileName, LongNamesAreCutAtACharacterBoundary) {
  std::string town = "371002-";
  while (town.size() < 300) town += "鲸园街道";  // 3 bytes a character
  const std::string name = SafeFileName(town);
  ExpectSafe(name);
  EXPECT_LE(name.size(), kMaxFileNameBytes);
  EXPECT_GT(name.size(), kMaxFileNameBytes - 3);
  EXPECT_EQ(town.substr(0, name.size()), name);
  const std::string ascii(300, 'a');
  EXPECT_EQ(SafeFileName(ascii), std::string(kMaxFileNameBytes, 'a'));
  EXPECT_EQ(SafeFileName(ascii, 40), std::string(40, 'a'));
  // A cut that ends on a blank or a dot drops it.
  EXPECT_EQ(SafeFileName(std::string(39, 'a') + ". b", 41), std::string(39, 'a'));
}

TEST(SafeFileName, AnyBytesGiveASafeName) {
  // Every byte value in every position of a short text.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 17) {
      const std::string text = {static_cast<char>(a), '.', static_cast<char>(b)};
      ExpectSafe(SafeFileName(text));
    }
  }
}

TEST(SafeFileNames, TwoTownsThatMapToTheSameNameGetDistinctNames) {
  const std::vector<std::string> towns = {"371002-环翠楼街道/竹岛街道",
                                          "371002-环翠楼街道:竹岛街道",
                                          "371002-环翠楼街道_竹岛街道", "371002-鲸园街道"};
  const std::vector<std::string> names = SafeFileNames(towns, ".csv");
  // The town spelled safely keeps its name; the others follow in byte order ("/" before ":").
  EXPECT_EQ(names, (std::vector<std::string>{
                       "371002-环翠楼街道_竹岛街道~2.csv", "371002-环翠楼街道_竹岛街道~3.csv",
                       "371002-环翠楼街道_竹岛街道.csv", "371002-鲸园街道.csv"}));
}

TEST(SafeFileNames, NamesThatDifferOnlyInCaseAreToldApartAsOnAWindowsShare) {
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"town", "Town", "TOWN"}, ".csv"),
            (std::vector<std::string>{"town~3.csv", "Town~2.csv", "TOWN.csv"}));
  // Latin-1, Greek, Cyrillic and full-width letters too.
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"É", "é"}, ".csv")[1], "é~2.csv");
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"Σ", "ς"}, ".csv")[1], "ς~2.csv");
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"Ж", "ж"}, ".csv")[1], "ж~2.csv");
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"Ａ", "ａ"}, ".csv")[1], "ａ~2.csv");
  // Chinese has no case: distinct characters stay distinct.
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"鲸园", "鲸圆"}, ".csv"),
            (std::vector<std::string>{"鲸园.csv", "鲸圆.csv"}));
}

TEST(SafeFileNames, ASuffixNeverTakesTheNameOfAnotherText) {
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"a/b", "a_b", "a_b~2"}, ".csv"),
            (std::vector<std::string>{"a_b~3.csv", "a_b.csv", "a_b~2.csv"}));
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"CON", "CON_"}, ".csv"),
            (std::vector<std::string>{"CON_~2.csv", "CON_.csv"}));
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"", ".", ".."}, ".csv"),
            (std::vector<std::string>{"_.csv", "_~2.csv", "_~3.csv"}));
}

TEST(SafeFileNames, TheCallersOwnFilesAreAvoided) {
  const std::vector<std::string> taken = {"index.csv"};
  EXPECT_EQ(SafeFileNames(std::vector<std::string>{"index", "INDEX", "x"}, ".csv", taken),
            (std::vector<std::string>{"index~3.csv", "INDEX~2.csv", "x.csv"}));
}

TEST(SafeFileNames, LongNamesThatAreCutToTheSameNameStayWithinTheBound) {
  std::string common = "371002-";
  while (common.size() < 250) common += "环翠楼街道";
  const std::vector<std::string> towns = {common + "东", common + "西", common + "南"};
  const std::vector<std::string> names = SafeFileNames(towns, ".csv");
  for (const std::string& name : names) {
    ExpectSafe(name);
    EXPECT_TRUE(name.ends_with(".csv")) << name;
  }
  EXPECT_TRUE(names[1].ends_with("~2.csv") || names[2].ends_with("~2.csv"));
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end());
}

TEST(SafeFileNames, TheNamesDoNotDependOnTheOrderOfTheTexts) {
  std::vector<std::string> towns = {"371002-a/b",  "371002-a:b",    "371002-A_B", "371002-a_b",
                                    "371002-鲸园", "371002- 鲸园 ", "371002-..",  "371002-CON"};
  const std::vector<std::string> first = SafeFileNames(towns, ".csv");
  for (const std::string& name : first) ExpectSafe(name);
  std::vector<size_t> order(towns.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  do {
    std::vector<std::string> permuted;
    for (size_t i : order) permuted.push_back(towns[i]);
    const std::vector<std::string> names = SafeFileNames(permuted, ".csv");
    for (size_t k = 0; k < order.size(); ++k) ASSERT_EQ(names[k], first[order[k]]) << permuted[k];
  } while (std::next_permutation(order.begin(), order.end()));
}

}  // namespace
}  // namespace safetynet
