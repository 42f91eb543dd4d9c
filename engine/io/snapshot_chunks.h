// Internal to the snapshot readers and writer: a snapshot's layout -- its header and
// the place of every chunk, from the header's chunk index -- and one chunk
// read, verified and decoded into views of its columns as they lie in the
// chunk (fixed-width arrays, docs/snapshot-format.md), every column checked.
// The bytes come from a file, read chunk by chunk with pread (never mapped: a
// file truncated while it is read gives an error, not a SIGBUS), or from a
// buffer in memory. Shared by the whole reader (snapshot.cc) and the partial
// readers (snapshot_part.cc). A SnapshotSource may be read from several
// threads at once, each with its own scratch buffer.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/table/dataset.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet::snapshot_internal {

namespace pb = ::safetynet::snapshot;

// The frame before the header and before each chunk: its size and CRC-32C.
inline constexpr size_t kFrameBytes = 8;

// The bytes of a snapshot: an open file (owned, closed on destruction) or a
// buffer in memory (not owned; it must outlive the source).
class SnapshotSource {
 public:
  // Errors: those of OpenRegularFile (engine/io/files.h).
  static absl::StatusOr<SnapshotSource> OpenFile(const std::string& path);
  static SnapshotSource InMemory(std::string_view bytes, std::string_view name);
  SnapshotSource(SnapshotSource&& other) noexcept;
  SnapshotSource& operator=(SnapshotSource&&) = delete;
  ~SnapshotSource();

  const std::string& name() const { return name_; }  // for messages
  uint64_t size() const { return size_; }            // when opened
  // `length` bytes at `offset`: a view into the buffer, or read into
  // `scratch`. DataLoss naming the file if fewer are there (a file
  // truncated while it is read).
  absl::StatusOr<std::string_view> Read(uint64_t offset, size_t length, std::string& scratch) const;

 private:
  SnapshotSource(std::string name, int fd, std::string_view bytes, uint64_t size)
      : name_(std::move(name)), fd_(fd), bytes_(bytes), size_(size) {}
  std::string name_;
  int fd_ = -1;             // a file, or -1 for a buffer
  std::string_view bytes_;  // the buffer
  uint64_t size_ = 0;
};

// A chunk's place, from the header's chunk index.
struct ChunkPlace {
  Entity table = Entity::kHousehold;
  uint64_t records = 0;
  uint64_t offset = 0;     // of its frame in the file
  uint32_t bytes = 0;      // of its Chunk message
  uint64_t first_row = 0;  // its first record's row in its table
  // Per text column of the table, in declaration order: the chunk's text
  // bytes, and where they begin in the table's column.
  std::vector<uint64_t> text_bytes, first_text_byte;
};

struct Layout {
  pb::SnapshotHeader header;  // format version, as-of date and counts checked
  std::vector<ChunkPlace> chunks;
  std::array<uint64_t, kEntityCount> rows{};  // per table (the header's counts)
  // Per table, per text column: the text bytes of the whole column.
  std::array<std::vector<uint64_t>, kEntityCount> text_bytes;
};

// Reads and checks the magic and the header (checksum, format version, as-of
// date) and its chunk index against the file: every chunk's frame in place,
// tables in order (households, persons, elderly, signals), counts that add
// up to the header's, the file's end right after the last chunk. Errors:
// InvalidArgument for a file that is not a snapshot, FailedPrecondition for
// another format version (with what to do), DataLoss naming the file
// otherwise.
absl::StatusOr<Layout> ReadLayout(const SnapshotSource& source);

// One column of a chunk as it lies there: a fixed-width column's values (the
// little-endian array), or a text column's texts and their lengths (uint32
// each). Views into the chunk's bytes, not aligned.
struct ColumnBytes {
  std::string_view values;
  std::string_view lengths;  // text columns only
};

struct ChunkView {
  const ChunkPlace* place = nullptr;
  std::vector<ColumnBytes> columns;  // per declared column of the table, in order
};

// Reads chunk `index` (into `scratch` from a file), verifies its checksum,
// decodes its columns and checks each (its record count's worth of values,
// text lengths that add up to its text and to the index's, codes in range,
// numbers the importer could have written: OutOfImportRange). The view
// points into `scratch` or the buffer. Error: DataLoss "NAME: chunk N: WHAT";
// a chunk that passes is safe to index by row.
absl::StatusOr<ChunkView> ReadChunk(const SnapshotSource& source, const Layout& layout,
                                    size_t index, std::string& scratch);

// Value `row` of a fixed-width column's bytes (checked by ReadChunk).
template <typename T>
T ValueAt(std::string_view values, size_t row) {
  T value;
  std::memcpy(&value, values.data() + row * sizeof(T), sizeof(T));
  return value;
}

// The position of the column `name` among `table`'s declared columns, or
// their number if none is so named.
size_t ColumnIndex(Entity table, std::string_view name);

// The proto field number of `table`'s column number `column` (in its
// XColumns message), and of the table in a Chunk (1 households .. 4 signals,
// also a ChunkEntry's table).
int ColumnField(Entity table, size_t column);
int TableField(Entity table);

// Calls visit(info, table_column, ColumnBytes) for each column of `table`
// (a table of the chunk's kind), in declaration order.
template <typename Table, typename Visit>
void VisitChunkColumns(Table& table, const ChunkView& view, Visit&& visit) {
  size_t column = 0;
  ForEachColumn(table,
                [&](const ColumnInfo& info, auto& to) { visit(info, to, view.columns[column++]); });
}

// Calls visit(table) with the table of `dataset` that holds `entity`'s rows.
template <typename D, typename Visit>
void VisitTable(D& dataset, Entity entity, Visit&& visit) {
  switch (entity) {
    case Entity::kHousehold:
      return visit(dataset.households);
    case Entity::kPerson:
      return visit(dataset.persons);
    case Entity::kElderly:
      return visit(dataset.elderly);
    case Entity::kSignal:
      return visit(dataset.signals);
  }
}

// The DataLoss error "NAME: chunk N: WHAT".
absl::Status ChunkError(std::string_view name, size_t chunk, std::string_view what);

// The dataset's information (as-of date, source, the import's record) from
// a header.
DatasetInfo InfoOf(const pb::SnapshotHeader& header);

}  // namespace safetynet::snapshot_internal
