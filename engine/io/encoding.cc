#include "engine/io/encoding.h"

#include <iconv.h>
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <variant>
#include <vector>

#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet {
namespace {

constexpr size_t kNone = std::string_view::npos;
constexpr size_t kPieceBytes = size_t{4} << 20;  // what one task converts or checks

// An encoding the file may be read as, and how to convert from it.
struct Source {
  std::string_view name;       // as reported, e.g. "UTF-16LE"
  const char* iconv_name;      // for iconv_open; nullptr for UTF-8 (not converted)
  std::string_view bom;        // its byte-order mark
  std::string_view line_feed;  // U+000A in it: where the file may be cut into pieces
  bool ascii_runs;             // ASCII bytes stand for themselves (copied, not converted)
};

constexpr Source kUtf8{"UTF-8", nullptr, "\xEF\xBB\xBF", "\n", true};
constexpr Source kGb18030{"GB18030", "GB18030", "", "\n", true};
// The longer marks first: a UTF-32LE mark begins with the UTF-16LE one.
constexpr Source kMarked[] = {
    {"UTF-32LE", "UTF-32LE", std::string_view("\xFF\xFE\0\0", 4), std::string_view("\n\0\0\0", 4),
     false},
    {"UTF-32BE", "UTF-32BE", std::string_view("\0\0\xFE\xFF", 4), std::string_view("\0\0\0\n", 4),
     false},
    {"UTF-16LE", "UTF-16LE", "\xFF\xFE", std::string_view("\n\0", 2), false},
    {"UTF-16BE", "UTF-16BE", "\xFE\xFF", std::string_view("\0\n", 2), false},
    kUtf8,
};

// Line ends (LF, CRLF or a lone CR) in `text`, an ASCII-compatible text.
size_t LineEnds(std::string_view text) {
  size_t ends = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    ends += text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
  }
  return ends;
}

// Where a problem is, for a message: "line 3, byte offset 57".
std::string Where(size_t line, size_t offset) {
  return Cat("line ", line, ", byte offset ", offset);
}

// The ends of the pieces `body` is cut into: each piece (but the last) ends
// just after a line feed, at a multiple of the line feed's size, and is about
// `piece_bytes` long or longer.
std::vector<size_t> PieceEnds(std::string_view body, std::string_view line_feed,
                              size_t piece_bytes) {
  std::vector<size_t> ends;
  const size_t unit = line_feed.size();
  size_t at = 0;
  while (body.size() - at > piece_bytes) {
    size_t line_feed_at = kNone;
    if (unit == 1) {
      line_feed_at = body.find('\n', at + piece_bytes);
    } else {
      for (size_t next = at + piece_bytes / unit * unit; next + unit <= body.size(); next += unit) {
        if (body.substr(next, unit) == line_feed) {
          line_feed_at = next;
          break;
        }
      }
    }
    if (line_feed_at == kNone || line_feed_at + unit == body.size()) break;
    at = line_feed_at + unit;
    ends.push_back(at);
  }
  ends.push_back(body.size());
  return ends;
}

// The length of the run of ASCII bytes that `text` begins with.
size_t AsciiRun(std::string_view text) {
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

// The offset of the first byte of `text` that is not well-formed UTF-8, or
// kNone.
size_t FirstNotUtf8(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    at += AsciiRun(text.substr(at));
    if (at == text.size()) break;
    // Most other characters of an export are Chinese: three bytes whose lead
    // E1-EC or EE-EF can form neither an overlong form nor a surrogate, so
    // two continuation bytes make it well-formed.
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    if (at + 2 < text.size() && byte(at) >= 0xE1 && byte(at) <= 0xEF && byte(at) != 0xED &&
        (byte(at + 1) & 0xC0) == 0x80 && (byte(at + 2) & 0xC0) == 0x80) {
      at += 3;
      continue;
    }
    if (!NextCodePoint(text, at)) return at;
  }
  return kNone;
}

// The same over a whole file, its pieces checked in parallel.
size_t FirstNotUtf8InParallel(std::string_view text, size_t piece_bytes) {
  const std::vector<size_t> ends = PieceEnds(text, "\n", piece_bytes);
  std::vector<size_t> first(ends.size(), kNone);
  tbb::parallel_for(size_t{0}, ends.size(), [&](size_t p) {
    const size_t begin = p ? ends[p - 1] : 0;
    const size_t bad = FirstNotUtf8(text.substr(begin, ends[p] - begin));
    if (bad != kNone) first[p] = begin + bad;
  });
  for (size_t bad : first) {
    if (bad != kNone) return bad;
  }
  return kNone;
}

// A conversion that failed: where in its input, and why.
struct Failure {
  size_t offset = 0;  // in the converted bytes (after the byte-order mark)
  size_t line = 0;
  std::string why;
};

// One converter; closed when it goes.
class Converter {
 public:
  explicit Converter(const char* from)
      : cd_(iconv_open("UTF-8", from)), open_error_(ok() ? 0 : errno) {}
  ~Converter() {
    if (ok()) iconv_close(cd_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  int open_error() const { return open_error_; }

  // Converts all of `in` to `out` (room for `room` bytes); the bytes written,
  // or where `in` stopped being convertible (`failed` set).
  size_t Convert(std::string_view in, char* out, size_t room, bool& failed, size_t& failed_at,
                 int& error) {
    char* from = const_cast<char*>(in.data());
    size_t left = in.size();
    char* to = out;
    iconv(cd_, nullptr, nullptr, nullptr, nullptr);  // the initial state
    if (iconv(cd_, &from, &left, &to, &room) == static_cast<size_t>(-1)) {
      failed = true;
      failed_at = static_cast<size_t>(from - in.data());
      error = errno;
    }
    return static_cast<size_t>(to - out);
  }

 private:
  iconv_t cd_;
  int open_error_;
};

// What converting one piece gave.
struct Piece {
  size_t begin = 0;     // in the body
  size_t out_slot = 0;  // where its output was written
  size_t written = 0;
  bool failed = false;
  size_t failed_at = 0;  // in the body
  bool at_end = false;   // the bytes that failed run to the end of the body
  int error = 0;         // errno of the failure (of iconv, or of iconv_open)
};

// The most UTF-8 bytes a piece of `n` bytes can give: GB18030 and UTF-16
// characters of 2 bytes give at most 3, longer ones no more than their size.
size_t Room(size_t n) { return n + n / 2 + 16; }

// Converts `piece` of `body` with `converter` into out + piece.out_slot.
void ConvertPiece(const Source& source, std::string_view body, size_t end, Converter& converter,
                  char* out, Piece& piece) {
  const std::string_view in = body.substr(piece.begin, end - piece.begin);
  char* const start = out + piece.out_slot;
  char* to = start;
  const size_t room = Room(in.size());
  size_t at = 0;
  while (at < in.size()) {
    size_t span_end = in.size();
    if (source.ascii_runs) {
      // ASCII runs are copied. A byte below 0x30 is never part of a GB18030
      // multi-byte character (trail bytes are 0x30-0x39 and 0x40-0xFE), so
      // the span of other bytes given to the converter ends before one.
      const size_t ascii = AsciiRun(in.substr(at));
      std::memcpy(to, in.data() + at, ascii);
      to += ascii;
      at += ascii;
      if (at == in.size()) break;
      span_end = at;
      while (span_end < in.size() && static_cast<unsigned char>(in[span_end]) >= 0x30) ++span_end;
    }
    size_t failed_at = 0;
    to += converter.Convert(in.substr(at, span_end - at), to, room - (to - start), piece.failed,
                            failed_at, piece.error);
    if (piece.failed) {
      piece.failed_at = piece.begin + at + failed_at;
      piece.at_end = piece.begin + span_end == body.size();
      break;
    }
    at = span_end;
  }
  piece.written = static_cast<size_t>(to - start);
}

// Why the converter stopped, in words.
std::string WhyStopped(const Source& source, int error, bool at_end) {
  if (error == EINVAL) {
    return Cat("a ", source.name, " character cut short", at_end ? " by the end of the file" : "");
  }
  if (error == EILSEQ) return Cat("bytes that are not a ", source.name, " character");
  if (error == E2BIG) return "more UTF-8 than the converter was given room for";
  return Cat("a failure of the C library's converter from ", source.name, " (",
             std::strerror(error), ")");
}

// Converts `body` (the file without its byte-order mark) from `source`,
// pieces in parallel; the failure where it is not `source`, if it is not.
std::variant<Utf8Text, Failure> Convert(const Source& source, std::string_view body,
                                        size_t piece_bytes) {
  const std::vector<size_t> ends = PieceEnds(body, source.line_feed, piece_bytes);
  std::vector<Piece> pieces(ends.size());
  size_t slots = 0;
  for (size_t p = 0; p < ends.size(); ++p) {
    pieces[p].begin = p ? ends[p - 1] : 0;
    pieces[p].out_slot = slots;
    slots += Room(ends[p] - pieces[p].begin);
  }
  Utf8Text text;
  text.encoding = std::string(source.name);
  text.converted = true;
  text.converted_bytes = std::make_unique_for_overwrite<char[]>(slots);
  char* const out = text.converted_bytes.get();
  AdviseHugePages(out, slots);
  tbb::parallel_for(tbb::blocked_range<size_t>(0, pieces.size()),
                    [&](const tbb::blocked_range<size_t>& range) {
                      Converter converter(source.iconv_name);  // one per task
                      for (size_t p = range.begin(); p < range.end(); ++p) {
                        if (!converter.ok()) {
                          pieces[p].failed = true;
                          pieces[p].failed_at = pieces[p].begin;
                          pieces[p].error = converter.open_error();
                          continue;
                        }
                        ConvertPiece(source, body, ends[p], converter, out, pieces[p]);
                      }
                    });
  // The first failure is reported, its line counted in the output before it.
  for (size_t p = 0; p < pieces.size(); ++p) {
    if (!pieces[p].failed) continue;
    size_t lines = 0;
    for (size_t q = 0; q <= p; ++q) {
      lines += LineEnds(std::string_view(out + pieces[q].out_slot, pieces[q].written));
    }
    return Failure{pieces[p].failed_at, lines + 1,
                   WhyStopped(source, pieces[p].error, pieces[p].at_end)};
  }
  // The output of each piece moved to its place, in order (never to the right
  // of its slot, so one pass of memmove does).
  size_t size = 0;
  for (const Piece& piece : pieces) {
    std::memmove(out + size, out + piece.out_slot, piece.written);
    size += piece.written;
  }
  // A byte-order mark that was converted (GB18030's 84 31 95 33) is dropped.
  const size_t mark = std::string_view(out, size).starts_with(kUtf8.bom) ? kUtf8.bom.size() : 0;
  if (mark) std::memmove(out, out + mark, size - mark);
  text.converted_size = size - mark;
  return text;
}

// The error for a file whose first line holds a NUL byte; `mark` is the
// UTF-8 byte-order mark's size if the file begins with one, else 0.
absl::Status NulInFirstLine(std::string_view file, std::string_view bytes, size_t mark = 0) {
  const std::string_view first_line = bytes.substr(0, bytes.find('\n'));
  const size_t nul = first_line.find('\0', mark);
  if (nul == kNone) return absl::OkStatus();
  return absl::InvalidArgumentError(Cat(
      file, ": the first line holds a NUL byte (", Where(1, nul), ") and the file has ",
      mark ? "a UTF-8 byte-order mark: it is probably UTF-16 or UTF-32 saved behind a wrong mark"
           : "no byte-order mark: it is probably UTF-16 or UTF-32 saved without one",
      ", which cannot be told safely from other encodings. Save it again as CSV UTF-8 (or as "
      "Unicode text, which has a byte-order mark)"));
}

}  // namespace

std::optional<EncodingChoice> ParseEncodingChoice(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "auto") return EncodingChoice::kAuto;
  if (lower == "utf-8") return EncodingChoice::kUtf8;
  if (lower == "gb18030") return EncodingChoice::kGb18030;
  return std::nullopt;
}

absl::StatusOr<Utf8Text> DecodeToUtf8(std::string_view file, std::string_view bytes,
                                      EncodingChoice choice, size_t piece_bytes) {
  if (piece_bytes == 0) piece_bytes = kPieceBytes;
  const Source* marked = nullptr;
  for (const Source& source : kMarked) {
    if (bytes.starts_with(source.bom)) {
      marked = &source;
      break;
    }
  }
  Utf8Text utf8;
  utf8.encoding = std::string(kUtf8.name);
  if (marked && !marked->iconv_name && choice != EncodingChoice::kGb18030) {
    utf8.bom_bytes = kUtf8.bom.size();
    if (choice == EncodingChoice::kUtf8) return utf8;
    // auto: the mark says UTF-8, the bytes must agree (GBK text saved behind
    // a UTF-8 mark, or UTF-16 text after one, is damage, not rows to reject).
    SAFETYNET_RETURN_IF_ERROR(NulInFirstLine(file, bytes, utf8.bom_bytes));
    const size_t not_utf8 = FirstNotUtf8InParallel(bytes, piece_bytes);
    utf8.checked_utf8 = not_utf8 == kNone;
    if (utf8.checked_utf8) return utf8;
    return absl::InvalidArgumentError(
        Cat(file, ": the file begins with a UTF-8 byte-order mark, but ",
            Where(LineEnds(bytes.substr(0, not_utf8)) + 1, not_utf8),
            " holds bytes that are not a UTF-8 character: the file is damaged, or text of "
            "another encoding (GBK?) was saved behind the mark. Save it again as CSV UTF-8, or "
            "give --encoding utf-8 to import it as UTF-8 and reject the rows that hold such "
            "bytes"));
  }
  if (marked && choice != EncodingChoice::kAuto) {
    return absl::InvalidArgumentError(
        Cat(file, ": the file begins with a ", marked->name, " byte-order mark, but --encoding ",
            choice == EncodingChoice::kUtf8 ? "utf-8" : "gb18030",
            " was given. Give --encoding auto to read it as ", marked->name));
  }
  if (marked) {
    auto converted = Convert(*marked, bytes.substr(marked->bom.size()), piece_bytes);
    if (auto* text = std::get_if<Utf8Text>(&converted)) return std::move(*text);
    const Failure& failure = std::get<Failure>(converted);
    return absl::InvalidArgumentError(
        Cat(file, ": the file begins with a ", marked->name, " byte-order mark, but ",
            Where(failure.line, marked->bom.size() + failure.offset), " holds ", failure.why,
            ": the file is damaged. Save it again, as CSV UTF-8 if you can"));
  }
  SAFETYNET_RETURN_IF_ERROR(NulInFirstLine(file, bytes));
  if (choice == EncodingChoice::kUtf8) return utf8;
  size_t not_utf8 = kNone;
  if (choice == EncodingChoice::kAuto) {
    not_utf8 = FirstNotUtf8InParallel(bytes, piece_bytes);
    utf8.checked_utf8 = not_utf8 == kNone;
    if (utf8.checked_utf8) return utf8;
  }
  auto converted = Convert(kGb18030, bytes, piece_bytes);
  if (auto* text = std::get_if<Utf8Text>(&converted)) return std::move(*text);
  const Failure& failure = std::get<Failure>(converted);
  const std::string not_gb18030 = Cat(Where(failure.line, failure.offset), " holds ", failure.why);
  if (choice == EncodingChoice::kGb18030) {
    return absl::InvalidArgumentError(
        Cat(file, ": the file is not GB18030 as --encoding gb18030 says: ", not_gb18030,
            ". Give --encoding auto to let safetynet tell the encoding, or save the file "
            "again as CSV UTF-8"));
  }
  return absl::InvalidArgumentError(
      Cat(file,
          ": cannot tell the file's encoding. Tried UTF-8, UTF-16 and UTF-32 with a byte-order "
          "mark, and GB18030 (GBK): it is not UTF-8 (",
          Where(LineEnds(bytes.substr(0, not_utf8)) + 1, not_utf8),
          " holds bytes that are not a UTF-8 character), has no byte-order mark, and is not "
          "GB18030 (",
          not_gb18030,
          "). Save it again as CSV UTF-8, or give --encoding utf-8 to import it as UTF-8 and "
          "reject the rows that hold such bytes"));
}

}  // namespace safetynet
