// The snapshot reader (engine/io/snapshot.h); the writer is snapshot_writer.cc.
#include "engine/io/snapshot.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/snapshot_chunks.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: pb, chunks

// Sizes every column of the tables for the whole snapshot (each once, the
// columns side by side), to be filled chunk by chunk.
void SizeTables(Dataset& d, const Layout& layout) {
  tbb::task_group group;
  ForEachTable(d, [&](Entity entity, auto& table) {
    const int t = static_cast<int>(entity);
    size_t text_column = 0;
    ForEachColumn(table, [&](const ColumnInfo&, auto& column) {
      if constexpr (std::is_same_v<std::decay_t<decltype(column)>, StringColumn>) {
        const uint64_t bytes = layout.text_bytes[t][text_column++];
        group.run([&column, rows = layout.rows[t], bytes] { column.ResizeForBlocks(rows, bytes); });
      } else {
        group.run([&column, rows = layout.rows[t]] {
          ReserveHuge(column, rows);
          column.resize(rows);
        });
      }
    });
  });
  group.wait();
}

// Copies a checked chunk's columns into their place in the tables.
struct ChunkPlacer {
  const ChunkPlace& place;
  size_t text_column = 0;

  void operator()(const ColumnInfo&, StringColumn& to, const ColumnBytes& from) {
    to.SetBlock(place.first_row, place.first_text_byte[text_column++], from.values, from.lengths);
  }
  template <typename T>
  void operator()(const ColumnInfo&, std::vector<T>& to, const ColumnBytes& from) const {
    if (from.values.empty()) return;  // a chunk of no records: its views may be null
    std::memcpy(to.data() + place.first_row, from.values.data(), from.values.size());
  }
};

void Summarize(const pb::SnapshotHeader& header, uint64_t bytes, SnapshotSummary& summary) {
  summary.format_version = header.format_version();
  summary.info = InfoOf(header);
  summary.households = header.households();
  summary.persons = header.persons();
  summary.elderly = header.elderly();
  summary.signals = header.signals();
  summary.chunks = header.chunks();
  summary.bytes = bytes;
}

}  // namespace

absl::StatusOr<OpenSnapshot> OpenSnapshot::Over(SnapshotSource source) {
  OpenSnapshot snapshot;
  snapshot.source_ = std::make_unique<SnapshotSource>(std::move(source));
  SAFETYNET_ASSIGN_OR_RETURN(Layout layout, ReadLayout(*snapshot.source_));
  snapshot.layout_ = std::make_unique<Layout>(std::move(layout));
  Summarize(snapshot.layout_->header, snapshot.source_->size(), snapshot.summary_);
  return snapshot;
}

absl::StatusOr<OpenSnapshot> OpenSnapshot::Open(const std::string& path) {
  SAFETYNET_ASSIGN_OR_RETURN(SnapshotSource source, SnapshotSource::OpenFile(path));
  return Over(std::move(source));
}

absl::StatusOr<OpenSnapshot> OpenSnapshot::FromBytes(std::string_view bytes,
                                                     std::string_view name) {
  return Over(SnapshotSource::InMemory(bytes, name));
}

OpenSnapshot::OpenSnapshot(OpenSnapshot&& other) noexcept = default;
OpenSnapshot::~OpenSnapshot() = default;

absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path) {
  SAFETYNET_ASSIGN_OR_RETURN(OpenSnapshot snapshot, OpenSnapshot::Open(path));
  return snapshot.summary();
}

// Every chunk read, checked and copied into place in parallel, each thread
// with its own scratch buffer; the first damaged chunk in file order is the
// error.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const OpenSnapshot& snapshot) {
  const SnapshotSource& source = snapshot.source();
  const Layout& layout = snapshot.layout();
  auto dataset = std::make_unique<Dataset>();
  Dataset& d = *dataset;
  d.info = InfoOf(layout.header);
  SizeTables(d, layout);
  std::vector<absl::Status> problems(layout.chunks.size());
  tbb::enumerable_thread_specific<std::string> scratches;
  tbb::parallel_for(size_t{0}, layout.chunks.size(), [&](size_t i) {
    absl::StatusOr<ChunkView> view = ReadChunk(source, layout, i, scratches.local());
    if (!view.ok()) {
      problems[i] = view.status();
      return;
    }
    VisitTable(d, layout.chunks[i].table, [&](auto& table) {
      VisitChunkColumns(table, *view, ChunkPlacer{layout.chunks[i]});
    });
  });
  for (const absl::Status& problem : problems) SAFETYNET_RETURN_IF_ERROR(problem);
  if (absl::Status status = BuildIndexes(d); !status.ok()) {
    return absl::DataLossError(Cat(source.name(), ": ", std::string(status.message())));
  }
  return dataset;
}

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary) {
  SAFETYNET_ASSIGN_OR_RETURN(OpenSnapshot snapshot, OpenSnapshot::Open(path));
  if (summary) *summary = snapshot.summary();
  return ReadSnapshot(snapshot);
}

absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary) {
  SAFETYNET_ASSIGN_OR_RETURN(OpenSnapshot snapshot, OpenSnapshot::FromBytes(bytes, name));
  if (summary) *summary = snapshot.summary();
  return ReadSnapshot(snapshot);
}

}  // namespace safetynet
