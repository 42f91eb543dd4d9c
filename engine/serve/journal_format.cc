#include "engine/serve/journal_format.h"

#include <utility>

#include "absl/status/status.h"
#include "engine/common/crc32c.h"
#include "engine/common/text.h"

namespace safetynet {
namespace {

void PutU32(uint32_t value, std::string& out) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

uint32_t GetU32(std::string_view bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
  return value;
}

// The checksum of a record: of its word's 4 bytes followed by its payload.
uint32_t RecordCrc(std::string_view word, std::string_view payload) {
  std::string joined;
  joined.reserve(word.size() + payload.size());
  joined.append(word).append(payload);
  return Crc32c(joined.data(), joined.size());
}

// A record read at some offset.
struct Record {
  size_t size = 0;  // of the whole record, frame included; 0 if there is none
  bool continues = false;
  std::string_view payload;
  const char* fault = "";  // why there is none
};

// The record at `at` if it is whole, of a possible length and its checksum holds.
Record RecordAt(std::string_view bytes, size_t at) {
  Record record;
  const size_t left = bytes.size() - at;
  if (left < kJournalFrameBytes) {
    record.fault = "a record cut short";
    return record;
  }
  const uint32_t word = GetU32(bytes, at);
  const size_t length = word & ~kContinues;
  if (length > kJournalMaxPayload) {
    record.fault = "a record of an impossible length";
    return record;
  }
  if (left - kJournalFrameBytes < length) {
    record.fault = "a record cut short";
    return record;
  }
  const std::string_view payload = bytes.substr(at + kJournalFrameBytes, length);
  if (RecordCrc(bytes.substr(at, 4), payload) != GetU32(bytes, at + 4)) {
    record.fault = "a record whose checksum fails";
    return record;
  }
  record.size = kJournalFrameBytes + length;
  record.continues = (word & kContinues) != 0;
  record.payload = payload;
  return record;
}

}  // namespace

std::string JournalHeader() {
  std::string header(kJournalMagic);
  PutU32(kJournalVersion, header);
  return header;
}

void AppendJournalRecord(std::string_view payload, bool continues, std::string& out) {
  const size_t start = out.size();
  PutU32(static_cast<uint32_t>(payload.size()) | (continues ? kContinues : 0), out);
  PutU32(RecordCrc(std::string_view(out).substr(start, 4), payload), out);
  out.append(payload);
}

absl::StatusOr<ParsedJournal> ParseJournal(std::string_view bytes, std::string_view name) {
  ParsedJournal parsed;
  const std::string header = JournalHeader();
  if (bytes.size() < header.size() && header.compare(0, bytes.size(), bytes) == 0) {
    parsed.header_complete = false;
    parsed.torn_bytes = bytes.size();
    return parsed;
  }
  if (bytes.size() < header.size() || !bytes.starts_with(kJournalMagic)) {
    return absl::FailedPreconditionError(
        Cat(name, " is not a safetynet journal (it does not begin with a journal's header)"));
  }
  const uint32_t version = GetU32(bytes, kJournalMagic.size());
  if (version != kJournalVersion) {
    return absl::FailedPreconditionError(Cat(name, " is a safetynet journal of format version ",
                                             version, "; this safetynet reads version ",
                                             kJournalVersion));
  }
  size_t at = header.size();
  size_t batch_start = at;
  std::vector<std::string> batch;
  while (at < bytes.size()) {
    const Record record = RecordAt(bytes, at);
    if (record.size == 0) {
      for (size_t later = at + 1; later + kJournalFrameBytes <= bytes.size(); ++later) {
        if (RecordAt(bytes, later).size != 0) {
          return absl::DataLossError(Cat(name, " is damaged at byte ", at, " (", record.fault,
                                         ") and holds a valid record after it, at byte ", later,
                                         ": refusing to use it (no record is ever skipped)"));
        }
      }
      break;  // a torn tail
    }
    batch.emplace_back(record.payload);
    at += record.size;
    if (!record.continues) {
      for (std::string& payload : batch) parsed.records.push_back(std::move(payload));
      batch.clear();
      batch_start = at;
    }
  }
  parsed.valid_bytes = batch_start;
  parsed.torn_bytes = bytes.size() - batch_start;
  return parsed;
}

}  // namespace safetynet
