// The snapshot writer (engine/io/snapshot.h): every chunk's size is worked
// out first, so that the header's chunk index can be written and the whole
// file's buffer sized once; then each chunk is encoded in parallel straight
// from the tables' columns into its place in that buffer -- the protobuf
// wire format of a Chunk message, field by field (a column's bytes are one
// copy of its rows), and its CRC-32C -- with no message built on the way.
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <cstring>
#include <type_traits>

#include "engine/common/crc32c.h"
#include "engine/common/huge_pages.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/io/snapshot_chunks.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: pb, ColumnField, TableField, kFrameBytes
using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedOutputStream;

void PutU32(char* out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

uint32_t Tag(int field) {
  return WireFormatLite::MakeTag(field, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
}

// The size of a length-delimited field of `length` bytes.
size_t FieldSize(int field, size_t length) {
  return CodedOutputStream::VarintSize32(Tag(field)) +
         CodedOutputStream::VarintSize32(static_cast<uint32_t>(length)) + length;
}

// Writes a length-delimited field's tag and length; returns where its bytes go.
char* PutFieldHead(char* out, int field, size_t length) {
  auto* p = reinterpret_cast<uint8_t*>(out);
  p = CodedOutputStream::WriteVarint32ToArray(Tag(field), p);
  p = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(length), p);
  return reinterpret_cast<char*>(p);
}

char* PutField(char* out, int field, std::string_view bytes) {
  char* p = PutFieldHead(out, field, bytes.size());
  if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());  // an empty view may be null
  return p + bytes.size();
}

// A StringColumn message of rows' texts: data = 1, lengths = 2 (uint32 each).
size_t TextColumnSize(size_t text_bytes, size_t rows) {
  return FieldSize(1, text_bytes) + FieldSize(2, rows * sizeof(uint32_t));
}

struct ChunkPlan {
  Entity table;
  size_t begin, end;
  pb::ChunkEntry entry;  // table, records, text_bytes and bytes (the Chunk message's size)
  uint64_t offset = 0;   // of its frame in the file
};

// Calls visit(column number, column) for each column of the table `plan` is of.
template <typename Visit>
void ForEachPlanColumn(const Dataset& d, const ChunkPlan& plan, Visit&& visit) {
  VisitTable(d, plan.table, [&](const auto& table) {
    size_t column = 0;
    ForEachColumn(table, [&](const ColumnInfo&, const auto& values) { visit(column++, values); });
  });
}

// The size of the XColumns message of the plan's rows; its text columns'
// sizes are added to the entry's text_bytes when `count_text`.
size_t ColumnsSize(const Dataset& d, ChunkPlan& plan, bool count_text) {
  const size_t rows = plan.end - plan.begin;
  size_t size = 0;
  ForEachPlanColumn(d, plan, [&](size_t column, const auto& values) {
    const int field = ColumnField(plan.table, column);
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, StringColumn>) {
      const size_t text = values.Range(plan.begin, plan.end).size();
      if (count_text) plan.entry.add_text_bytes(text);
      size += FieldSize(field, TextColumnSize(text, rows));
    } else {
      size += FieldSize(field, rows * sizeof(values[0]));
    }
  });
  return size;
}

// Encodes the plan's Chunk message at `out` (entry.bytes() bytes).
void PutChunk(const Dataset& d, ChunkPlan& plan, char* out) {
  const size_t rows = plan.end - plan.begin;
  char* p = PutFieldHead(out, TableField(plan.table), ColumnsSize(d, plan, false));
  ForEachPlanColumn(d, plan, [&](size_t column, const auto& values) {
    const int field = ColumnField(plan.table, column);
    if constexpr (std::is_same_v<std::decay_t<decltype(values)>, StringColumn>) {
      const std::string_view text = values.Range(plan.begin, plan.end);
      p = PutFieldHead(p, field, TextColumnSize(text.size(), rows));
      p = PutField(p, 1, text);
      p = PutFieldHead(p, 2, rows * sizeof(uint32_t));
      for (size_t row = plan.begin; row < plan.end; ++row) {
        const uint32_t length = static_cast<uint32_t>(values[row].size());
        std::memcpy(p, &length, sizeof length);
        p += sizeof length;
      }
    } else {
      p = PutField(p, field,
                   std::string_view(reinterpret_cast<const char*>(values.data() + plan.begin),
                                    rows * sizeof(values[0])));
    }
  });
}

pb::SnapshotHeader HeaderOf(const Dataset& d) {
  pb::SnapshotHeader header;
  header.set_format_version(kSnapshotFormatVersion);
  header.set_as_of(d.info.as_of);
  header.set_created_unix_seconds(d.info.created_unix_seconds);
  header.set_source(d.info.source);
  header.set_households(d.households.size());
  header.set_persons(d.persons.size());
  header.set_elderly(d.elderly.size());
  header.set_signals(d.signals.size());
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
  return header;
}

}  // namespace

std::string SerializeSnapshot(const Dataset& d, size_t chunk_records) {
  chunk_records = std::max<size_t>(chunk_records, 1);
  std::vector<ChunkPlan> plans;
  ForEachTable(d, [&](Entity entity, const auto& table) {
    for (size_t begin = 0; begin < table.size(); begin += chunk_records) {
      plans.push_back({entity, begin, std::min(table.size(), begin + chunk_records), {}});
    }
  });
  tbb::parallel_for(size_t{0}, plans.size(), [&](size_t i) {
    ChunkPlan& plan = plans[i];
    plan.entry.set_table(static_cast<uint32_t>(TableField(plan.table)));
    plan.entry.set_records(plan.end - plan.begin);
    plan.entry.set_bytes(FieldSize(TableField(plan.table), ColumnsSize(d, plan, true)));
  });

  pb::SnapshotHeader header = HeaderOf(d);
  header.set_chunks(plans.size());
  for (const ChunkPlan& plan : plans) *header.add_chunk_index() = plan.entry;
  const std::string header_bytes = header.SerializeAsString();
  uint64_t offset = kSnapshotMagic.size() + kFrameBytes + header_bytes.size();
  for (ChunkPlan& plan : plans) {
    plan.offset = offset;
    offset += kFrameBytes + plan.entry.bytes();
  }

  std::string out;
  ReserveHuge(out, offset);
  out.resize(offset);
  char* file = out.data();
  std::memcpy(file, kSnapshotMagic.data(), kSnapshotMagic.size());
  char* frame = file + kSnapshotMagic.size();
  PutU32(frame, static_cast<uint32_t>(header_bytes.size()));
  PutU32(frame + 4, Crc32c(header_bytes.data(), header_bytes.size()));
  std::memcpy(frame + kFrameBytes, header_bytes.data(), header_bytes.size());
  tbb::parallel_for(size_t{0}, plans.size(), [&](size_t i) {
    ChunkPlan& plan = plans[i];
    char* chunk = file + plan.offset;
    char* body = chunk + kFrameBytes;
    PutChunk(d, plan, body);
    PutU32(chunk, static_cast<uint32_t>(plan.entry.bytes()));
    PutU32(chunk + 4, Crc32c(body, plan.entry.bytes()));
  });
  return out;
}

absl::Status WriteSnapshot(const Dataset& dataset, const std::string& path, size_t chunk_records) {
  return WriteFileAtomically(path, SerializeSnapshot(dataset, chunk_records));
}

}  // namespace safetynet
