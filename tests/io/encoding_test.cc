#include "engine/io/encoding.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <string>
#include <utility>

#include "engine/io/import.h"
#include "tests/support/exchange_rows.h"

namespace safetynet {
namespace {

using namespace std::literals;

// The bytes below are worked out by hand: 中 is D6 D0 in GBK and E4 B8 AD in
// UTF-8 (U+4E2D), 文 is CE C4 and E6 96 87 (U+6587). GB18030's four-byte
// characters count from 81 30 81 30 (U+0080) for the rest of the basic
// plane and from 90 30 81 30 (U+10000) for the other planes, the last byte
// running 30-39, the third 81-FE, the second 30-39: U+1F600 is 0xF600 =
// 62976 after U+10000 = 4 * 12600 + 9 * 1260 + 123 * 10 + 6, so 94 39 FC 36.

struct Decoded {
  std::string text;
  std::string encoding;
  bool converted = false;
};

Decoded MustDecode(std::string_view bytes, EncodingChoice choice = EncodingChoice::kAuto,
                   size_t piece_bytes = 0) {
  auto decoded = DecodeToUtf8("f.csv", bytes, choice, piece_bytes);
  EXPECT_TRUE(decoded.ok()) << decoded.status();
  if (!decoded.ok()) return {};
  return {std::string(decoded->View(bytes)), decoded->encoding, decoded->converted};
}

std::string MustFail(std::string_view bytes, EncodingChoice choice = EncodingChoice::kAuto,
                     size_t piece_bytes = 0) {
  auto decoded = DecodeToUtf8("f.csv", bytes, choice, piece_bytes);
  EXPECT_FALSE(decoded.ok()) << "read as " << decoded->encoding;
  if (decoded.ok()) return {};
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(decoded.status().message());
}

TEST(Encoding, ChoicesAreAutoUtf8AndGb18030) {
  EXPECT_EQ(ParseEncodingChoice("auto"), EncodingChoice::kAuto);
  EXPECT_EQ(ParseEncodingChoice("UTF-8"), EncodingChoice::kUtf8);
  EXPECT_EQ(ParseEncodingChoice("utf-8"), EncodingChoice::kUtf8);
  EXPECT_EQ(ParseEncodingChoice("GB18030"), EncodingChoice::kGb18030);
  EXPECT_EQ(ParseEncodingChoice("gbk"), std::nullopt);
  EXPECT_EQ(ParseEncodingChoice("utf8"), std::nullopt);
  EXPECT_EQ(ParseEncodingChoice(""), std::nullopt);
}

TEST(Encoding, Utf8IsReadAsItIsWithoutAByteOrderMark) {
  const std::string utf8 = "a,b\n\xE4\xB8\xAD,1\n";
  Decoded plain = MustDecode(utf8);
  EXPECT_EQ(plain.text, utf8);
  EXPECT_EQ(plain.encoding, "UTF-8");
  EXPECT_FALSE(plain.converted);
  Decoded marked = MustDecode("\xEF\xBB\xBF" + utf8);
  EXPECT_EQ(marked.text, utf8);
  EXPECT_EQ(marked.encoding, "UTF-8");
  EXPECT_FALSE(marked.converted);
  // A file that is not converted is not copied either.
  auto decoded = DecodeToUtf8("f.csv", utf8, EncodingChoice::kAuto);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->View(utf8).data(), utf8.data());
}

TEST(Encoding, AnEmptyFileIsUtf8) {
  Decoded empty = MustDecode("");
  EXPECT_EQ(empty.text, "");
  EXPECT_EQ(empty.encoding, "UTF-8");
  EXPECT_EQ(MustDecode("\xEF\xBB\xBF").text, "");
  EXPECT_EQ(MustDecode("", EncodingChoice::kGb18030).text, "");
}

TEST(Encoding, GbkAndGb18030AreConverted) {
  Decoded gbk = MustDecode("a,b\n\xD6\xD0\xCE\xC4,1\n");
  EXPECT_EQ(gbk.text, "a,b\n\xE4\xB8\xAD\xE6\x96\x87,1\n");
  EXPECT_EQ(gbk.encoding, "GB18030");
  EXPECT_TRUE(gbk.converted);
  // Four-byte characters (their second and fourth bytes are ASCII digits).
  Decoded four = MustDecode(
      "x,\x94\x39\xFC\x36\x81\x30\x81\x30,\x90\x30\x81\x30"
      "1\n");
  EXPECT_EQ(four.text,
            "x,\xF0\x9F\x98\x80\xC2\x80,\xF0\x90\x80\x80"
            "1\n");
  EXPECT_EQ(four.encoding, "GB18030");
  // A character next to ASCII digits and letters (a trail byte 0x40-0x7E).
  EXPECT_EQ(MustDecode("1\xD6\xD0"
                       "2\x81\x40z\n")
                .text,
            "1\xE4\xB8\xAD"
            "2\xE4\xB8\x82z\n");
  // GB18030's byte-order mark (84 31 95 33, U+FEFF) is dropped.
  EXPECT_EQ(MustDecode("\x84\x31\x95\x33\xD6\xD0\n").text, "\xE4\xB8\xAD\n");
}

TEST(Encoding, Utf16AndUtf32WithAByteOrderMarkAreConverted) {
  // "a,中\n" and U+1F600 (a surrogate pair in UTF-16: D83D DE00).
  const std::string expected = "a,\xE4\xB8\xAD\n\xF0\x9F\x98\x80";
  struct Case {
    std::string_view name;
    std::string_view bytes;
  };
  const Case cases[] = {
      {"UTF-16LE",
       "\xFF\xFE"
       "a\0,\0\x2D\x4E\n\0\x3D\xD8\x00\xDE"sv},
      {"UTF-16BE", "\xFE\xFF\0a\0,\x4E\x2D\0\n\xD8\x3D\xDE\x00"sv},
      {"UTF-32LE",
       "\xFF\xFE\0\0"
       "a\0\0\0,\0\0\0\x2D\x4E\0\0\n\0\0\0\x00\xF6\x01\x00"sv},
      {"UTF-32BE", "\0\0\xFE\xFF\0\0\0a\0\0\0,\0\0\x4E\x2D\0\0\0\n\x00\x01\xF6\x00"sv},
  };
  for (const Case& c : cases) {
    Decoded decoded = MustDecode(c.bytes);
    EXPECT_EQ(decoded.text, expected) << c.name;
    EXPECT_EQ(decoded.encoding, c.name);
    EXPECT_TRUE(decoded.converted) << c.name;
  }
  // A byte-order mark alone: an empty text.
  EXPECT_EQ(MustDecode("\xFF\xFE").text, "");
}

TEST(Encoding, AFileNoEncodingReadsIsRefusedSayingWhatWasTriedAndWhere) {
  // 0x80 alone is neither UTF-8 nor GB18030; on line 3 (line ends LF, CRLF, CR).
  for (std::string_view bytes :
       {"a,b\nc\n\x80\n"sv, "a,b\r\nc\r\n\x80\r\n"sv, "a,b\rc\r\x80\r"sv}) {
    const std::string message = MustFail(bytes);
    EXPECT_EQ(message,
              "f.csv: cannot tell the file's encoding. Tried UTF-8, UTF-16 and UTF-32 with a "
              "byte-order mark, and GB18030 (GBK): it is not UTF-8 (line 3, byte offset " +
                  std::to_string(bytes.find('\x80')) +
                  " holds bytes that are not a UTF-8 character), has no byte-order mark, and is "
                  "not GB18030 (line 3, byte offset " +
                  std::to_string(bytes.find('\x80')) +
                  " holds bytes that are not a GB18030 character). Save it again as CSV UTF-8, "
                  "or give --encoding utf-8 to import it as UTF-8 and reject the rows that hold "
                  "such bytes");
  }
  // UTF-8 with one broken character further on (C3 then '('): GB18030 fails
  // later than UTF-8, at the UTF-8 text before it that is not GB18030 either.
  const std::string message = MustFail("a\n\xE4\xB8\xAD\n\xC3(\n");
  EXPECT_NE(message.find("not UTF-8 (line 3, byte offset 6 "), std::string::npos) << message;
  EXPECT_NE(message.find("not GB18030 (line 2, byte offset 4 "), std::string::npos) << message;
  // A GB18030 character cut short by the file's end.
  EXPECT_NE(MustFail("a\n\xD6").find("not GB18030 (line 2, byte offset 2 holds a GB18030 "
                                     "character cut short by the end of the file)"),
            std::string::npos);
}

TEST(Encoding, NulBytesInTheFirstLineWithoutAByteOrderMarkAreNotUtf8) {
  // UTF-16LE and BE without a byte-order mark: "ab\n".
  for (std::string_view bytes : {"a\0b\0\n\0"sv, "\0a\0b\0\n"sv}) {
    for (EncodingChoice choice :
         {EncodingChoice::kAuto, EncodingChoice::kUtf8, EncodingChoice::kGb18030}) {
      const std::string message = MustFail(bytes, choice);
      EXPECT_EQ(message.rfind("f.csv: the first line holds a NUL byte (line 1, byte offset ", 0),
                0u)
          << message;
      EXPECT_NE(message.find("probably UTF-16 or UTF-32 saved without one"), std::string::npos);
    }
  }
  // A NUL byte in a later line is the row's problem (rejected as not clean text).
  Decoded later = MustDecode("a,b\nc,\0\n"sv);
  EXPECT_EQ(later.text, "a,b\nc,\0\n"sv);
  EXPECT_EQ(later.encoding, "UTF-8");
}

// Only text that was checked as a whole says so (its fields then need only
// be checked for NUL bytes): UTF-8 as told by auto, not UTF-8 taken on
// --encoding utf-8's word, nor converted text.
// Three-byte characters, most of an export's non-ASCII text, are checked
// as strictly as any other: no overlong form, no surrogate, none cut short.
TEST(Encoding, ThreeByteCharactersAreCheckedStrictly) {
  for (std::string_view good : {"\xE1\x80\x80"sv, "\xEC\xBF\xBF"sv, "\xED\x9F\xBF"sv,
                                "\xEE\x80\x80"sv, "\xEF\xBF\xBD"sv, "\xE0\xA0\x80"sv}) {
    const std::string bytes =
        "\xEF\xBB\xBF"
        "a\n" +
        std::string(good) + "\n";
    EXPECT_EQ(MustDecode(bytes).text, "a\n" + std::string(good) + "\n");
  }
  for (std::string_view bad :
       {"\xE0\x80\x80"sv, "\xED\xA0\x80"sv, "\xE4\x41\x41"sv, "\xE4\xB8\x41"sv, "\xE4\xB8"sv}) {
    const std::string bytes =
        "\xEF\xBB\xBF"
        "a\n" +
        std::string(bad);
    EXPECT_NE(MustFail(bytes).find("line 2, byte offset 5 holds bytes that are not a UTF-8"),
              std::string::npos)
        << MustFail(bytes);
  }
}

TEST(Encoding, TextCheckedAsAWholeSaysSo) {
  auto checked = [](std::string_view bytes, EncodingChoice choice) {
    auto text = DecodeToUtf8("f.csv", bytes, choice);
    EXPECT_TRUE(text.ok()) << text.status();
    return text.ok() && text->checked_utf8;
  };
  EXPECT_TRUE(checked("a,b\nc,\xE5\xA7\x93\n", EncodingChoice::kAuto));
  EXPECT_TRUE(
      checked("\xEF\xBB\xBF"
              "a,b\nc,\xE5\xA7\x93\n",
              EncodingChoice::kAuto));
  EXPECT_FALSE(checked("a,b\nc,\xE5\xA7\x93\n", EncodingChoice::kUtf8));
  EXPECT_FALSE(checked("a,b\nc,\xD0\xD5\n", EncodingChoice::kAuto));  // GBK, converted
  EXPECT_FALSE(checked("a,b\nc,d\n", EncodingChoice::kGb18030));
}

TEST(Encoding, AByteOrderMarkFollowedByOtherBytesIsADamagedFile) {
  // UTF-16LE: a lone low surrogate (DC00) on line 2; a last byte alone.
  EXPECT_EQ(MustFail("\xFF\xFE"
                     "a\0\n\0\x00\xDC\n\0"sv),
            "f.csv: the file begins with a UTF-16LE byte-order mark, but line 2, byte offset 6 "
            "holds bytes that are not a UTF-16LE character: the file is damaged. Save it again, "
            "as CSV UTF-8 if you can");
  EXPECT_NE(MustFail("\xFE\xFF\0a\0"sv)
                .find("line 1, byte offset 4 holds a UTF-16BE character "
                      "cut short by the end of the file"),
            std::string::npos);
  // UTF-32 above U+10FFFF.
  EXPECT_NE(MustFail("\0\0\xFE\xFF\0\x11\0\0"sv).find("line 1, byte offset 4 "), std::string::npos);
}

// Under auto a UTF-8 byte-order mark must be followed by UTF-8: GBK text
// saved behind the mark (D6 D0 is 中 in GBK), or UTF-16 text after one, is a
// damaged file, not rows to reject one by one.
TEST(Encoding, AUtf8ByteOrderMarkFollowedByOtherBytesIsADamagedFile) {
  EXPECT_EQ(MustFail("\xEF\xBB\xBF"
                     "a,b\r\n\xD6\xD0,1\r\n"),
            "f.csv: the file begins with a UTF-8 byte-order mark, but line 2, byte offset 8 "
            "holds bytes that are not a UTF-8 character: the file is damaged, or text of "
            "another encoding (GBK?) was saved behind the mark. Save it again as CSV UTF-8, or "
            "give --encoding utf-8 to import it as UTF-8 and reject the rows that hold such "
            "bytes");
  EXPECT_NE(MustFail("\xEF\xBB\xBF"
                     "a\0,\0b\0\n\0"sv)
                .find("f.csv: the first line holds a NUL byte (line 1, byte offset 4) and the "
                      "file has a UTF-8 byte-order mark: it is probably UTF-16"),
            std::string::npos);
  // --encoding utf-8 leaves such bytes for the rows to reject.
  EXPECT_EQ(MustDecode("\xEF\xBB\xBF"
                       "a\n\xD6\xD0\n",
                       EncodingChoice::kUtf8)
                .text,
            "a\n\xD6\xD0\n");
}

TEST(Encoding, AChosenEncodingIsUsedWhateverTheBytes) {
  // --encoding utf-8: bytes that are not UTF-8 are left for the rows.
  Decoded utf8 = MustDecode("a\n\xD6\xD0\n", EncodingChoice::kUtf8);
  EXPECT_EQ(utf8.text, "a\n\xD6\xD0\n");
  EXPECT_EQ(utf8.encoding, "UTF-8");
  EXPECT_FALSE(utf8.converted);
  EXPECT_EQ(MustDecode("\xEF\xBB\xBF"
                       "a\n",
                       EncodingChoice::kUtf8)
                .text,
            "a\n");
  // --encoding gb18030: ASCII is converted (to itself); UTF-8 Chinese is not
  // GB18030 (E4 B8 is, AD before a line feed is cut short).
  Decoded ascii = MustDecode("a,b\n", EncodingChoice::kGb18030);
  EXPECT_EQ(ascii.text, "a,b\n");
  EXPECT_EQ(ascii.encoding, "GB18030");
  EXPECT_TRUE(ascii.converted);
  EXPECT_EQ(MustFail("a\n\xE4\xB8\xAD\n", EncodingChoice::kGb18030),
            "f.csv: the file is not GB18030 as --encoding gb18030 says: line 2, byte offset 4 "
            "holds a GB18030 character cut short. Give --encoding auto to let safetynet tell "
            "the encoding, or save the file again as CSV UTF-8");
  // A byte-order mark of another encoding than the one chosen.
  EXPECT_EQ(MustFail("\xFF\xFE"
                     "a\0"sv,
                     EncodingChoice::kUtf8),
            "f.csv: the file begins with a UTF-16LE byte-order mark, but --encoding utf-8 was "
            "given. Give --encoding auto to read it as UTF-16LE");
  EXPECT_NE(MustFail("\xEF\xBB\xBF"
                     "a\n",
                     EncodingChoice::kGb18030)
                .find("begins with a UTF-8 byte-order mark, but --encoding gb18030"),
            std::string::npos);
}

// `utf8` in `to` (by the C library's converter), for the tests of cutting.
std::string Encode(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 4, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* to_at = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &to_at, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// 300 lines of ASCII, Chinese, two-, three- and four-byte characters.
std::string ManyLines() {
  std::string text = "id,name,detail\n";
  for (int i = 0; i < 300; ++i) {
    text += std::to_string(i) + ",\xE4\xB8\xAD\xE6\x96\x87" + std::string(i % 7, 'x') +
            ",\xC2\x80\xF0\x9F\x98\x80" + (i % 3 ? "\r\n" : "\n");
  }
  return text;
}

TEST(Encoding, FilesCutIntoPiecesConvertTheSameAsWhole) {
  const std::string text = ManyLines();
  struct Case {
    const char* iconv_name;
    std::string_view bom;
  };
  const Case cases[] = {{"GB18030", ""},
                        {"UTF-16LE", "\xFF\xFE"sv},
                        {"UTF-16BE", "\xFE\xFF"sv},
                        {"UTF-32LE", "\xFF\xFE\0\0"sv},
                        {"UTF-32BE", "\0\0\xFE\xFF"sv}};
  for (const Case& c : cases) {
    const std::string bytes = std::string(c.bom) + Encode(text, c.iconv_name);
    for (size_t piece_bytes : {size_t{1}, size_t{5}, size_t{64}, size_t{1000}, size_t{0}}) {
      Decoded decoded = MustDecode(bytes, EncodingChoice::kAuto, piece_bytes);
      EXPECT_EQ(decoded.text, text) << c.iconv_name << " in pieces of " << piece_bytes;
      EXPECT_EQ(decoded.encoding, c.iconv_name);
    }
  }
  for (size_t piece_bytes : {size_t{1}, size_t{64}, size_t{0}}) {
    Decoded utf8 = MustDecode(text, EncodingChoice::kAuto, piece_bytes);
    EXPECT_EQ(utf8.text, text);
    EXPECT_EQ(utf8.encoding, "UTF-8");
  }
}

TEST(Encoding, TheLineOfAProblemIsCountedAcrossPieces) {
  const std::string text = ManyLines();
  const size_t line_250 = [&] {
    size_t at = 0;
    for (int line = 1; line < 250; ++line) at = text.find('\n', at) + 1;
    return at;
  }();
  for (size_t piece_bytes : {size_t{1}, size_t{64}, size_t{0}}) {
    // GB18030 with a byte 0xFF at the start of line 250.
    std::string gb18030 = Encode(text.substr(0, line_250), "GB18030");
    const size_t offset = gb18030.size();
    gb18030 += "\xFF" + Encode(text.substr(line_250), "GB18030");
    const std::string message = MustFail(gb18030, EncodingChoice::kGb18030, piece_bytes);
    EXPECT_NE(message.find("line 250, byte offset " + std::to_string(offset) + " holds"),
              std::string::npos)
        << message;
    // UTF-16LE with a lone high surrogate (D800) at the start of line 250.
    std::string utf16 = "\xFF\xFE" + Encode(text.substr(0, line_250), "UTF-16LE");
    const size_t surrogate = utf16.size();
    utf16 += "\x00\xD8"s + Encode(text.substr(line_250), "UTF-16LE");
    const std::string damaged = MustFail(utf16, EncodingChoice::kAuto, piece_bytes);
    EXPECT_NE(damaged.find("line 250, byte offset " + std::to_string(surrogate) + " holds"),
              std::string::npos)
        << damaged;
  }
}

// The importer reads every file through DecodeToUtf8 and records what it
// read each as.
TEST(Encoding, TheImporterConvertsEachFileAndRecordsItsEncoding) {
  ExchangeFiles files = testing::GoodFiles();
  files.households = std::string(testing::kHouseholdHeader) +
                     "H1,371002,\xD6\xD0\xCE\xC4,\xCE\xC4,URBAN,DIBAO,,,690\n";
  files.signals = "\xFF\xFE" + Encode(std::string(testing::kSignalHeader) + testing::kSignal +
                                          "S2,FUNERAL,DEATH,371082199601070013,2025-06-01,,,"
                                          "\xE4\xB8\xAD\n",
                                      "UTF-16LE");
  ImportResult result = testing::MustImport(files);
  EXPECT_TRUE(result.rejects.empty());
  ASSERT_EQ(result.dataset->households.size(), 1u);
  EXPECT_EQ(result.dataset->households.town[0], "\xE4\xB8\xAD\xE6\x96\x87");
  ASSERT_EQ(result.dataset->signals.size(), 2u);
  EXPECT_EQ(result.dataset->signals.detail[1], "\xE4\xB8\xAD");
  ASSERT_EQ(result.files.size(), 4u);
  EXPECT_EQ(result.files[0].encoding, "GB18030");
  EXPECT_EQ(result.files[1].encoding, "UTF-8");
  EXPECT_EQ(result.files[2].encoding, "UTF-8");
  EXPECT_EQ(result.files[3].encoding, "UTF-16LE");
  EXPECT_EQ(result.dataset->info.imported_files, result.files);

  // A file none of the encodings reads stops the import, naming the file.
  files.persons += "371082199601070013,H1,\x80,M,1996-01-07,HEAD,0,FULL,0,0,1608,NONE\n";
  auto refused = ImportExchangeFiles(files, {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message().rfind("persons.csv: cannot tell the file's encoding", 0), 0u)
      << refused.status();
  // Read as UTF-8 (--encoding utf-8), the row is rejected and the rest imported.
  files = testing::GoodFiles();
  files.persons += "371082199601070013,H1,\x80,M,1996-01-07,HEAD,0,FULL,0,0,1608,NONE\n";
  ImportResult forced = testing::MustImport(files, {.encoding = EncodingChoice::kUtf8});
  ASSERT_EQ(forced.rejects.size(), 1u);
  EXPECT_EQ(forced.rejects[0].file, "persons.csv");
  EXPECT_EQ(forced.rejects[0].line, 3u);
  EXPECT_EQ(forced.rejects[0].kind, RejectKind::kBadText);
  EXPECT_EQ(forced.files[1].encoding, "UTF-8");

  // UTF-16 without a byte-order mark: never "missing required columns".
  files.elderly = Encode(std::string(testing::kElderlyHeader) + testing::kElderly, "UTF-16LE");
  auto no_mark = ImportExchangeFiles(files, {.encoding = EncodingChoice::kUtf8});
  ASSERT_FALSE(no_mark.ok());
  EXPECT_EQ(no_mark.status().message().rfind("elderly.csv: the first line holds a NUL byte", 0), 0u)
      << no_mark.status();
}

}  // namespace
}  // namespace safetynet
