// The snapshot container: a Dataset as protobuf chunks in one file.
//
// Layout (docs/snapshot-format.md): the magic "SNETSNAP"; the header size and
// its CRC-32C (little-endian uint32 each) and the SnapshotHeader message,
// which lists every chunk (its table, records and size); then `chunks`
// times: the chunk size, its CRC-32C, and one Chunk message holding up to
// `chunk_records` records of one table, each column as its fixed-width
// array (proto/safetynet/snapshot.proto).
//
// Chunks are built in parallel, and read in parallel straight into the
// tables' columns (sized once from the header's index). Every way a file can
// be damaged -- a flipped byte, a truncation (also while it is read), a
// header whose counts lie, a column of the wrong length, a code out of range
// -- is an error that names the file and the chunk; a damaged snapshot is
// never loaded partially. Thread-safe: calls share nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/table/dataset.h"

namespace safetynet {

// 2 since columns are fixed-width arrays; a snapshot of another version is
// refused with a message to import again.
inline constexpr uint32_t kSnapshotFormatVersion = 2;
// The first bytes of every snapshot file.
inline constexpr std::string_view kSnapshotMagic = "SNETSNAP";
inline constexpr size_t kDefaultChunkRecords = 4096;

struct SnapshotSummary {
  uint32_t format_version = 0;
  DatasetInfo info;
  uint64_t households = 0, persons = 0, elderly = 0, signals = 0;
  uint64_t chunks = 0;
  uint64_t bytes = 0;
};

// The header alone (format, as-of date, source, counts), without reading the
// chunks: for a caller that needs to know the data before loading it. The
// errors of ReadSnapshot about the header and its chunk index; the chunks
// are not verified.
absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path);

// The whole snapshot file's bytes.
std::string SerializeSnapshot(const Dataset& dataset, size_t chunk_records = kDefaultChunkRecords);

// Writes atomically (temporary name, then rename), owner-only permissions.
absl::Status WriteSnapshot(const Dataset& dataset, const std::string& path,
                           size_t chunk_records = kDefaultChunkRecords);

// Parses and verifies every chunk; `name` is used in error messages. Errors:
// InvalidArgument (not a snapshot), FailedPrecondition (another format
// version: import again), DataLoss naming the file and chunk (damage).
absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary = nullptr);

// Reads the file chunk by chunk (pread, never mapped: a file truncated while
// it is read is a DataLoss error, not a SIGBUS) and parses it; the errors of
// ParseSnapshot and of OpenRegularFile (engine/io/files.h).
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary = nullptr);

}  // namespace safetynet
