// The bytes of the live service's write-ahead journal (docs/journal.md):
// encoding of its header and records, and the reading of a whole journal
// file as Journal::Open replays it. Pure functions; thread-safe.
//
// A journal file is a header -- the 16 bytes "safetynet-jrnl\r\n" and the
// format version as a little-endian u32 -- followed by records, each
//
//   [u32 word][u32 crc32c(the 4 bytes of word + payload)][payload]
//
// little-endian, where word = payload length | kContinues when the record's
// batch goes on with the next record (a batch is the records of one Append,
// all or nothing: its last record has the bit clear).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace safetynet {

inline constexpr std::string_view kJournalMagic = "safetynet-jrnl\r\n";
inline constexpr uint32_t kJournalVersion = 1;
inline constexpr size_t kJournalHeaderBytes = 20;  // magic + version
inline constexpr size_t kJournalFrameBytes = 8;    // word + crc
// The largest payload of one record (a signal's entry is well under 4 KiB);
// also what bounds the search for valid records after a damaged one.
inline constexpr size_t kJournalMaxPayload = size_t{1} << 20;
inline constexpr uint32_t kContinues = 0x80000000u;

// The header of a new journal file.
std::string JournalHeader();

// Appends one record of `payload` (at most kJournalMaxPayload bytes) to
// `out`; `continues` if the next record belongs to the same batch.
void AppendJournalRecord(std::string_view payload, bool continues, std::string& out);

// A journal file read.
struct ParsedJournal {
  std::vector<std::string> records;  // the payloads of the whole batches, in order
  // Bytes from the start of the file up to the end of the last whole batch:
  // what stays; anything after is a torn tail.
  uint64_t valid_bytes = 0;
  // Bytes after valid_bytes: a write cut short by a kill or a crash (a record
  // cut short, a last record whose checksum fails with nothing valid after
  // it, or the first records of a batch whose last record is missing).
  uint64_t torn_bytes = 0;
  // False if the file is empty or a beginning of the header alone: a
  // journal whose creation was cut short (it holds no record).
  bool header_complete = true;
};

// Reads the journal file `bytes` (`name` is its path, for messages).
// Errors: FailedPrecondition if it is not a journal (its first bytes are not
// the magic) or of another format version; DataLoss naming the byte offset
// of the first damaged record if valid records follow the damage (never
// skipped).
absl::StatusOr<ParsedJournal> ParseJournal(std::string_view bytes, std::string_view name);

}  // namespace safetynet
