// The encoding of an exchange file, and its text in UTF-8
// (docs/exchange-format.md clarification 10; docs/import.md "Encodings").
//
// Files come as UTF-8 (with or without a byte-order mark), GB18030 (which
// includes GBK: what Chinese Excel and WPS save as "CSV"), or UTF-16/UTF-32
// with a byte-order mark (Excel's "Unicode text"). DecodeToUtf8 tells which
// (or takes the encoding it is given) and converts to UTF-8 with the C
// library's iconv. A file that is UTF-8 already is not copied.
//
// Conversion runs in parallel (oneTBB) over pieces of the file cut after a
// line feed (0x0A never occurs inside a GB18030, UTF-16 or UTF-32 character),
// each piece with its own converter; runs of ASCII are copied without the
// converter. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet {

// What `import --encoding` asks for.
enum class EncodingChoice {
  kAuto,     // tell from the bytes (below)
  kUtf8,     // UTF-8 whatever the bytes: rows with bytes that are not UTF-8 are rejected
  kGb18030,  // GB18030 whatever the bytes: a byte that is not GB18030 stops the import
};

// "auto", "utf-8" or "gb18030" (any case); nullopt for anything else.
std::optional<EncodingChoice> ParseEncodingChoice(std::string_view name);

// A file's text in UTF-8, without a byte-order mark, and what it was read as.
// The text is either inside the bytes given to DecodeToUtf8 (the file was
// UTF-8: those bytes must outlive the view) or held here (converted).
struct Utf8Text {
  // "UTF-8", "GB18030", "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE".
  std::string encoding;
  bool converted = false;
  std::unique_ptr<char[]> converted_bytes;  // the converted text, when converted
  size_t converted_size = 0;
  size_t bom_bytes = 0;  // a UTF-8 byte-order mark at the start of bytes not converted
  // Every byte of the text was checked to be well-formed UTF-8 (kAuto read
  // it as UTF-8): a field of it is clean UTF-8 if it holds no NUL byte.
  bool checked_utf8 = false;

  // The text; `bytes` is what was given to DecodeToUtf8.
  std::string_view View(std::string_view bytes) const {
    return converted ? std::string_view(converted_bytes.get(), converted_size)
                     : bytes.substr(bom_bytes);
  }
};

// The file `bytes` (named `file` in messages) as UTF-8.
//
// kAuto: a UTF-8 byte-order mark, or bytes that are all well-formed UTF-8,
// make it UTF-8 (used as it is); a UTF-16LE/BE or UTF-32LE/BE byte-order mark
// makes it that encoding (converted); otherwise a file that converts
// completely from GB18030 is GB18030. An empty file is UTF-8.
// kUtf8: UTF-8 (a byte-order mark skipped); bytes that are not UTF-8 are
// left for the rows that hold them to be rejected.
// kGb18030: GB18030 (converted).
// A byte-order mark is never part of the text (GB18030's, 84 31 95 33,
// neither).
//
// Errors (InvalidArgument, naming the file, the line -- lines end at LF,
// CRLF or CR -- and the byte offset): in any choice, a file without a
// byte-order mark whose first line holds a NUL byte (UTF-16 or UTF-32
// without a byte-order mark, which cannot be told safely from other bytes);
// kAuto: a file none of the encodings reads, naming those tried and where
// each failed; a byte-order mark followed by bytes that are not that
// encoding; kGb18030: a byte that is not GB18030; kUtf8 and kGb18030: a
// byte-order mark of another encoding.
//
// `piece_bytes` is about how much one task converts or checks (0: the
// default, 4 MiB); tests give small ones to try the cutting.
absl::StatusOr<Utf8Text> DecodeToUtf8(std::string_view file, std::string_view bytes,
                                      EncodingChoice choice, size_t piece_bytes = 0);

}  // namespace safetynet
