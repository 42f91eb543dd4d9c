#include "engine/io/snapshot.h"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "engine/common/crc32c.h"
#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_chunks.h"
#include "engine/io/snapshot_columns.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: pb, VisitColumns, VisitChunkTable, chunks

constexpr std::string_view kMagic = kSnapshotMagic;

void PutU32(std::string& out, uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  out.append(bytes, 4);
}

void PutFrame(std::string& out, const std::string& message) {
  PutU32(out, static_cast<uint32_t>(message.size()));
  PutU32(out, Crc32c(message.data(), message.size()));
  out.append(message);
}

// ---- writing: copy rows [begin, end) of each table column into a chunk ----

// Each column as its fixed-width array (texts: the texts and their uint32
// lengths); `text_bytes` collects each text column's size for the index.
struct ChunkWriter {
  size_t begin, end;
  std::vector<uint64_t>& text_bytes;

  void operator()(const ColumnInfo&, const StringColumn& from, pb::StringColumn& to) const {
    std::string* data = to.mutable_data();
    std::string* lengths = to.mutable_lengths();
    lengths->reserve((end - begin) * sizeof(uint32_t));
    for (size_t row = begin; row < end; ++row) {
      std::string_view text = from[row];
      data->append(text);
      const uint32_t length = static_cast<uint32_t>(text.size());
      lengths->append(reinterpret_cast<const char*>(&length), sizeof(length));
    }
    text_bytes.push_back(data->size());
  }
  template <typename T>
  void operator()(const ColumnInfo&, const std::vector<T>& from, std::string& to) const {
    to.assign(reinterpret_cast<const char*>(from.data() + begin), (end - begin) * sizeof(T));
  }
};

struct ChunkPlan {
  Entity table;
  size_t begin, end;
};

// Makes `chunk` a chunk of `table` (its oneof case), with no rows yet.
void SetTable(pb::Chunk& chunk, Entity table) {
  switch (table) {
    case Entity::kHousehold:
      chunk.mutable_households();
      return;
    case Entity::kPerson:
      chunk.mutable_persons();
      return;
    case Entity::kElderly:
      chunk.mutable_elderly();
      return;
    case Entity::kSignal:
      chunk.mutable_signals();
      return;
  }
}

// The chunk's bytes; its index entry (all but the size) in `entry`.
std::string SerializeChunk(const Dataset& d, const ChunkPlan& plan, pb::ChunkEntry& entry) {
  pb::Chunk chunk;
  SetTable(chunk, plan.table);
  std::vector<uint64_t> text_bytes;
  VisitChunkTable(d, chunk, [&](Entity, const auto& table, auto& columns) {
    VisitColumns(table, columns, ChunkWriter{plan.begin, plan.end, text_bytes});
  });
  entry.set_table(static_cast<uint32_t>(chunk.table_case()));
  entry.set_records(plan.end - plan.begin);
  for (uint64_t bytes : text_bytes) entry.add_text_bytes(bytes);
  return chunk.SerializeAsString();
}

// ---- reading: each chunk, read and checked, copied into place ----

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
    to.SetBlock(place.first_row, place.first_text_byte[text_column++], from.values,
                from.lengths);
  }
  template <typename T>
  void operator()(const ColumnInfo&, std::vector<T>& to, const ColumnBytes& from) const {
    std::memcpy(to.data() + place.first_row, from.values.data(), from.values.size());
  }
};

}  // namespace

std::string SerializeSnapshot(const Dataset& d, size_t chunk_records) {
  chunk_records = std::max<size_t>(chunk_records, 1);
  std::vector<ChunkPlan> plans;
  ForEachTable(d, [&](Entity entity, const auto& table) {
    for (size_t begin = 0; begin < table.size(); begin += chunk_records) {
      plans.push_back({entity, begin, std::min(table.size(), begin + chunk_records)});
    }
  });
  std::vector<std::string> chunks(plans.size());
  std::vector<pb::ChunkEntry> entries(plans.size());
  tbb::parallel_for(size_t{0}, plans.size(),
                    [&](size_t i) { chunks[i] = SerializeChunk(d, plans[i], entries[i]); });

  pb::SnapshotHeader header;
  header.set_format_version(kSnapshotFormatVersion);
  header.set_as_of(d.info.as_of);
  header.set_created_unix_seconds(d.info.created_unix_seconds);
  header.set_source(d.info.source);
  header.set_households(d.households.size());
  header.set_persons(d.persons.size());
  header.set_elderly(d.elderly.size());
  header.set_signals(d.signals.size());
  header.set_chunks(plans.size());
  for (const FileCounts& file : d.info.imported_files) {
    pb::ImportedFile& record = *header.add_imported_files();
    record.set_file(file.file);
    record.set_rows(file.rows);
    record.set_imported(file.imported);
    record.set_rejected(file.rejected);
    for (const auto& [kind, rows] : file.rejected_by_kind) {
      pb::RejectedKind& by_kind = *record.add_rejected_by_kind();
      by_kind.set_kind(kind);
      by_kind.set_rows(rows);
    }
    record.set_attributed(file.attributed);
    for (const std::string& warning : file.warnings) record.add_warnings(warning);
    record.set_encoding(file.encoding);
    record.set_converted_ids(file.converted_ids);
    record.set_accepted_ids(file.accepted_ids);
    for (const std::string& diagnosis : file.diagnoses) record.add_diagnoses(diagnosis);
  }
  for (size_t i = 0; i < chunks.size(); ++i) {
    entries[i].set_bytes(chunks[i].size());
    *header.add_chunk_index() = std::move(entries[i]);
  }

  size_t total = kMagic.size() + kFrameBytes + header.ByteSizeLong();
  for (const std::string& chunk : chunks) total += kFrameBytes + chunk.size();
  std::string out;
  out.reserve(total);
  out.append(kMagic);
  PutFrame(out, header.SerializeAsString());
  for (const std::string& chunk : chunks) PutFrame(out, chunk);
  return out;
}

absl::Status WriteSnapshot(const Dataset& dataset, const std::string& path, size_t chunk_records) {
  return WriteFileAtomically(path, SerializeSnapshot(dataset, chunk_records));
}

namespace {

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

// Every chunk read, checked and copied into place in parallel, each thread
// with its own scratch buffer; the first damaged chunk in file order is the
// error.
absl::StatusOr<std::unique_ptr<Dataset>> Load(const SnapshotSource& source,
                                              SnapshotSummary* summary) {
  SAFETYNET_ASSIGN_OR_RETURN(Layout layout, ReadLayout(source));
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
  if (summary) Summarize(layout.header, source.size(), *summary);
  return dataset;
}

}  // namespace

absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path) {
  SAFETYNET_ASSIGN_OR_RETURN(SnapshotSource source, SnapshotSource::OpenFile(path));
  SAFETYNET_ASSIGN_OR_RETURN(Layout layout, ReadLayout(source));
  SnapshotSummary summary;
  Summarize(layout.header, source.size(), summary);
  return summary;
}

absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary) {
  return Load(SnapshotSource::InMemory(bytes, name), summary);
}

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary) {
  SAFETYNET_ASSIGN_OR_RETURN(SnapshotSource source, SnapshotSource::OpenFile(path));
  return Load(source, summary);
}

}  // namespace safetynet
