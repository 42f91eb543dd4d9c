// The snapshot container: a Dataset as protobuf chunks in one file.
//
// Layout (docs/snapshot-format.md): the magic "SNETSNAP"; the header size and
// its CRC-32C (little-endian uint32 each) and the SnapshotHeader message; then
// `chunks` times: the chunk size, its CRC-32C, and one Chunk message holding
// up to `chunk_records` records of one table as packed columns
// (proto/safetynet/snapshot.proto).
//
// Chunks are built and parsed in parallel (oneTBB). Every way a file can be
// damaged -- a flipped byte, a truncation, a header whose counts lie, a
// column of the wrong length, a code out of range -- is an error that names
// the file and the chunk; a damaged snapshot is never loaded partially.
// Thread-safe: calls share nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/table/dataset.h"

namespace safetynet {

inline constexpr uint32_t kSnapshotFormatVersion = 1;
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
// errors of ReadSnapshot about the header; the chunks are not verified.
absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path);

// The whole snapshot file's bytes.
std::string SerializeSnapshot(const Dataset& dataset, size_t chunk_records = kDefaultChunkRecords);

// Writes atomically (temporary name, then rename), owner-only permissions.
absl::Status WriteSnapshot(const Dataset& dataset, const std::string& path,
                           size_t chunk_records = kDefaultChunkRecords);

// Parses and verifies every chunk; `name` is used in error messages.
absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary = nullptr);

// Maps the file and parses it.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary = nullptr);

}  // namespace safetynet
