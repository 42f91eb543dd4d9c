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

namespace snapshot_internal {
class SnapshotSource;
struct Layout;
}  // namespace snapshot_internal

// A snapshot held open for reading: its header and chunk index read and
// checked, the chunks not yet. Every read through it reads the same file,
// even if another file is renamed over its path meanwhile (as `import`
// replaces a snapshot); a file truncated or changed in place is still an
// error naming it. One owner; movable; reads from several threads at once
// are safe.
class OpenSnapshot {
 public:
  // Errors: those of OpenRegularFile (engine/io/files.h); InvalidArgument
  // for a file that is not a snapshot; FailedPrecondition for another
  // format version (saying to import again); DataLoss naming the file for a
  // damaged header or chunk index.
  static absl::StatusOr<OpenSnapshot> Open(const std::string& path);
  // The same of a snapshot's bytes in memory (which must outlive it);
  // `name` is used in messages.
  static absl::StatusOr<OpenSnapshot> FromBytes(std::string_view bytes, std::string_view name);
  OpenSnapshot(OpenSnapshot&& other) noexcept;
  OpenSnapshot& operator=(OpenSnapshot&&) = delete;
  ~OpenSnapshot();

  // The header (format, as-of date, source, counts, the import's record).
  const SnapshotSummary& summary() const { return summary_; }
  // For the readers (engine/io/snapshot_chunks.h).
  const snapshot_internal::SnapshotSource& source() const { return *source_; }
  const snapshot_internal::Layout& layout() const { return *layout_; }

 private:
  static absl::StatusOr<OpenSnapshot> Over(snapshot_internal::SnapshotSource source);
  OpenSnapshot() = default;
  std::unique_ptr<snapshot_internal::SnapshotSource> source_;
  std::unique_ptr<snapshot_internal::Layout> layout_;
  SnapshotSummary summary_;
};

// The header alone, without reading the chunks: for a caller that needs to
// know the data before loading it. The errors of OpenSnapshot::Open.
absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path);

// The whole snapshot file's bytes.
std::string SerializeSnapshot(const Dataset& dataset, size_t chunk_records = kDefaultChunkRecords);

// Writes atomically (temporary name, then rename), owner-only permissions.
absl::Status WriteSnapshot(const Dataset& dataset, const std::string& path,
                           size_t chunk_records = kDefaultChunkRecords);

// Every chunk of the snapshot read (pread, never mapped: a file truncated
// while it is read is a DataLoss error, not a SIGBUS), verified and copied
// into the tables, in parallel. Errors: DataLoss naming the file and the
// chunk; a damaged snapshot is never loaded in part.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const OpenSnapshot& snapshot);

// OpenSnapshot::Open and ReadSnapshot; the header into `summary` if given.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary = nullptr);

// OpenSnapshot::FromBytes and ReadSnapshot.
absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary = nullptr);

}  // namespace safetynet
