#include "engine/io/snapshot.h"

#include <fcntl.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_group.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "engine/common/crc32c.h"
#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_columns.h"
#include "engine/io/snapshot_frames.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: pb, VisitColumns, VisitChunkTable

constexpr std::string_view kMagic = kSnapshotMagic;
constexpr size_t kFrameBytes = 8;  // size + CRC-32C before the header and each chunk

void PutU32(std::string& out, uint32_t value) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  out.append(bytes, 4);
}

uint32_t GetU32(const char* p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return value;
}

void PutFrame(std::string& out, const std::string& message) {
  PutU32(out, static_cast<uint32_t>(message.size()));
  PutU32(out, Crc32c(message.data(), message.size()));
  out.append(message);
}

// ---- writing: copy rows [begin, end) of each table column into a chunk ----

struct ChunkWriter {
  size_t begin, end;

  void operator()(const ColumnInfo&, const StringColumn& from, pb::StringColumn& to) const {
    std::string* data = to.mutable_data();
    for (size_t row = begin; row < end; ++row) {
      std::string_view text = from[row];
      data->append(text);
      to.add_lengths(static_cast<uint32_t>(text.size()));
    }
  }
  template <typename T, typename P>
  void operator()(const ColumnInfo&, const std::vector<T>& from,
                  google::protobuf::RepeatedField<P>& to) const {
    to.Reserve(static_cast<int>(end - begin));
    for (size_t row = begin; row < end; ++row) to.AddAlreadyReserved(static_cast<P>(from[row]));
  }
  template <typename T>
  void operator()(const ColumnInfo&, const std::vector<T>& from, std::string& to) const {
    static_assert(sizeof(T) == 1);
    to.assign(reinterpret_cast<const char*>(from.data() + begin), end - begin);
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

std::string SerializeChunk(const Dataset& d, const ChunkPlan& plan) {
  pb::Chunk chunk;
  SetTable(chunk, plan.table);
  VisitChunkTable(d, chunk, [&](Entity, const auto& table, auto& columns) {
    VisitColumns(table, columns, ChunkWriter{plan.begin, plan.end});
  });
  return chunk.SerializeAsString();
}

// ---- reading: check a parsed chunk's columns, then append them to the tables ----

// Every column as long as the chunk's record count, text lengths that add up
// to the text, codes within their range, districts of 6 digits: checked once
// per chunk, for every reader (ParseFrame), so that appending and selecting
// rows need not check.
struct ChunkChecker {
  size_t records;       // the chunk's record count (its first column's length)
  std::string problem;  // the first bad column, or ""

  void Bad(std::string_view column, std::string_view what) {
    if (problem.empty()) problem = Cat("column ", column, " ", what);
  }
  // A column of another length than the first; none at all is most likely a
  // snapshot written by a safetynet that did not have the column yet.
  void WrongLength(std::string_view column, size_t length) {
    Bad(column, length == 0 ? "is missing (a snapshot of another safetynet version? import "
                              "the exchange files again)"
                            : "has the wrong length");
  }
  template <typename To>
  void operator()(const ColumnInfo& info, To&, pb::StringColumn& from) {
    const std::string_view name = info.name;
    if (static_cast<size_t>(from.lengths_size()) != records) {
      return WrongLength(name, from.lengths_size());
    }
    uint64_t total = 0;
    for (uint32_t length : from.lengths()) total += length;
    if (total != from.data().size()) Bad(name, "has text lengths that do not add up");
  }
  template <typename To, typename P>
  void operator()(const ColumnInfo& info, To&, google::protobuf::RepeatedField<P>& from) {
    if (static_cast<size_t>(from.size()) != records) return WrongLength(info.name, from.size());
    if (!ImportBounded(info.kind)) return;
    for (P value : from) {
      const std::string_view wrong = OutOfImportRange(info, static_cast<int64_t>(value));
      if (!wrong.empty()) return Bad(info.name, wrong);
    }
  }
  template <typename To>
  void operator()(const ColumnInfo& info, To&, std::string& from) {
    if (from.size() != records) return WrongLength(info.name, from.size());
    const uint8_t max_code = info.max_code();
    for (char c : from) {
      if (static_cast<unsigned char>(c) > max_code) {
        return Bad(info.name, "holds a code out of range");
      }
    }
  }
};

// Appends a checked chunk's columns to the tables.
struct ChunkAppender {
  size_t records;

  void operator()(const ColumnInfo&, StringColumn& to, pb::StringColumn& from) const {
    to.AppendBlock(from.data(), from.lengths().data(), records);  // lengths checked
  }
  template <typename T, typename P>
  void operator()(const ColumnInfo&, std::vector<T>& to,
                  google::protobuf::RepeatedField<P>& from) const {
    if constexpr (sizeof(T) == sizeof(P)) {
      size_t old = to.size();
      to.resize(old + records);
      std::memcpy(to.data() + old, from.data(), records * sizeof(T));
    } else {
      for (P value : from) to.push_back(static_cast<T>(value));
    }
  }
  template <typename T>
  void operator()(const ColumnInfo&, std::vector<T>& to, std::string& from) const {
    size_t old = to.size();
    to.resize(old + records);
    std::memcpy(to.data() + old, from.data(), records);
  }
};

// Sizes a table's columns before its chunks are appended, so that each
// column is allocated once: `rows` for every column, and the sum of the
// chunks' text bytes for each text column (counted by a pass over them).
struct ColumnSizer {
  size_t rows;
  absl::flat_hash_map<StringColumn*, size_t> text_bytes;

  void operator()(const ColumnInfo&, StringColumn& to, pb::StringColumn& from) {
    text_bytes[&to] += from.data().size();
  }
  template <typename T, typename From>
  void operator()(const ColumnInfo&, std::vector<T>& to, From&) {
    ReserveHuge(to, rows);
  }
  void Reserve() {
    for (auto& [column, bytes] : text_bytes) column->reserve(rows, bytes);
  }
};

// Gives a chunk written before the importer's counts existed (a
// ColumnKind::kRejectedRows column of no values) that column, all 0: not
// recorded, read as nothing rejected (`run` says the counts were not
// recorded: engine/monitor/snapshot_checks.h).
struct UnrecordedCounts {
  size_t records;

  template <typename To, typename From>
  void operator()(const ColumnInfo& info, To&, From& from) const {
    if constexpr (requires { from.Resize(0, 0); }) {
      if (info.kind == ColumnKind::kRejectedRows && from.empty()) {
        from.Resize(static_cast<int>(records), 0);
      }
    }
  }
};

// Calls visit(info, table column, chunk column) for each column of the chunk.
template <typename Visit>
void VisitChunk(Dataset& d, pb::Chunk& chunk, Visit& visit) {
  VisitChunkTable(d, chunk,
                  [&](Entity, auto& table, auto& columns) { VisitColumns(table, columns, visit); });
}

// The record count of a chunk: the length of its first column. `d` only
// names the tables' column types; its rows are not looked at.
size_t RecordCount(Dataset& d, pb::Chunk& chunk) {
  std::optional<size_t> records;
  auto first_length = [&](const ColumnInfo&, auto&, auto& from) {
    if (!records) records = ColumnLength(from);
  };
  VisitChunk(d, chunk, first_length);
  return records.value_or(0);
}

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
  tbb::parallel_for(size_t{0}, plans.size(),
                    [&](size_t i) { chunks[i] = SerializeChunk(d, plans[i]); });

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

// The magic and the header frame at the start of `bytes`, checked; `pos` is
// set to the first byte after the header.
absl::Status ParseHeader(std::string_view bytes, std::string_view name, pb::SnapshotHeader& header,
                         size_t& pos) {
  if (bytes.size() < kMagic.size() + kFrameBytes || bytes.substr(0, kMagic.size()) != kMagic) {
    return absl::InvalidArgumentError(Cat(name, ": not a safetynet snapshot (no SNETSNAP magic)"));
  }
  pos = kMagic.size();
  uint32_t header_size = GetU32(bytes.data() + pos);
  uint32_t header_crc = GetU32(bytes.data() + pos + 4);
  pos += kFrameBytes;
  if (header_size > bytes.size() - pos) {
    return absl::DataLossError(Cat(name, ": truncated in the header"));
  }
  if (Crc32c(bytes.data() + pos, header_size) != header_crc) {
    return absl::DataLossError(Cat(name, ": the header fails its checksum"));
  }
  if (!header.ParseFromArray(bytes.data() + pos, static_cast<int>(header_size))) {
    return absl::DataLossError(Cat(name, ": the header does not parse"));
  }
  pos += header_size;
  if (header.format_version() != kSnapshotFormatVersion) {
    return absl::FailedPreconditionError(
        Cat(name, ": snapshot format version ", header.format_version(),
            "; this safetynet reads version ", kSnapshotFormatVersion));
  }
  const int64_t as_of = header.as_of();
  if (as_of != kNoDate && (as_of < kFirstDate || as_of > kLastDate)) {
    return absl::DataLossError(
        Cat(name, ": the header holds an as-of date outside the years 0001-9999"));
  }
  return absl::OkStatus();
}

DatasetInfo InfoOf(const pb::SnapshotHeader& header) {
  DatasetInfo info;
  info.as_of = header.as_of();
  info.created_unix_seconds = header.created_unix_seconds();
  info.source = header.source();
  for (const pb::ImportedFile& record : header.imported_files()) {
    FileCounts& file = info.imported_files.emplace_back();
    file.file = record.file();
    file.rows = record.rows();
    file.imported = record.imported();
    file.rejected = record.rejected();
    for (const pb::RejectedKind& by_kind : record.rejected_by_kind()) {
      file.rejected_by_kind.emplace_back(by_kind.kind(), by_kind.rows());
    }
    file.attributed = record.attributed();
    file.warnings.assign(record.warnings().begin(), record.warnings().end());
    file.encoding = record.encoding();
    file.converted_ids = record.converted_ids();
    file.accepted_ids = record.accepted_ids();
    file.diagnoses.assign(record.diagnoses().begin(), record.diagnoses().end());
  }
  return info;
}

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

absl::StatusOr<SnapshotSummary> ReadSnapshotHeader(const std::string& path) {
  SAFETYNET_ASSIGN_OR_RETURN(int fd, OpenRegularFile(path));
  std::string bytes(kMagic.size() + kFrameBytes, '\0');
  struct stat info;
  ssize_t got = ::fstat(fd, &info) == 0 ? ::pread(fd, bytes.data(), bytes.size(), 0) : -1;
  if (got == static_cast<ssize_t>(bytes.size()) && bytes.starts_with(kMagic)) {
    const size_t header_size = std::min<uint64_t>(GetU32(bytes.data() + kMagic.size()),
                                                  static_cast<uint64_t>(info.st_size));
    bytes.resize(bytes.size() + header_size);
    got = ::pread(fd, bytes.data() + kMagic.size() + kFrameBytes, header_size,
                  static_cast<off_t>(kMagic.size() + kFrameBytes));
    bytes.resize(kMagic.size() + kFrameBytes + static_cast<size_t>(std::max<ssize_t>(got, 0)));
  }
  ::close(fd);
  pb::SnapshotHeader header;
  size_t pos = 0;
  SAFETYNET_RETURN_IF_ERROR(ParseHeader(bytes, path, header, pos));
  SnapshotSummary summary;
  Summarize(header, static_cast<uint64_t>(info.st_size), summary);
  return summary;
}

absl::StatusOr<Frames> snapshot_internal::ReadFrames(std::string_view bytes,
                                                     std::string_view name) {
  Frames result;
  pb::SnapshotHeader& header = result.header;
  size_t pos = 0;
  SAFETYNET_RETURN_IF_ERROR(ParseHeader(bytes, name, header, pos));
  std::vector<std::string_view>& frames = result.chunks;
  while (pos < bytes.size()) {
    size_t index = frames.size();
    if (index >= header.chunks()) {
      return ChunkError(name, index, "bytes after the last chunk the header announces");
    }
    if (bytes.size() - pos < kFrameBytes) return ChunkError(name, index, "truncated frame");
    uint32_t size = GetU32(bytes.data() + pos);
    if (size > static_cast<uint32_t>(INT32_MAX)) {
      return ChunkError(name, index, Cat("claims an impossible size of ", size, " bytes"));
    }
    if (size > bytes.size() - pos - kFrameBytes) {
      return ChunkError(name, index,
                        Cat("truncated: claims ", size, " bytes, ",
                            bytes.size() - pos - kFrameBytes, " remain in the file"));
    }
    frames.push_back(bytes.substr(pos, kFrameBytes + size));
    pos += kFrameBytes + size;
  }
  if (frames.size() != header.chunks()) {
    return absl::DataLossError(
        Cat(name, ": truncated: ", frames.size(), " of ", header.chunks(), " chunks present"));
  }
  return result;
}

absl::Status snapshot_internal::ChunkError(std::string_view name, size_t chunk,
                                           std::string_view what) {
  return absl::DataLossError(Cat(name, ": chunk ", chunk, ": ", what));
}

absl::Status snapshot_internal::ParseFrame(std::string_view frame, pb::Chunk& chunk) {
  std::string_view body = frame.substr(kFrameBytes);
  if (Crc32c(body.data(), body.size()) != GetU32(frame.data() + 4)) {
    return absl::DataLossError("fails its checksum (the file is damaged)");
  }
  if (!chunk.ParseFromArray(body.data(), static_cast<int>(body.size())) ||
      chunk.table_case() == pb::Chunk::TABLE_NOT_SET) {
    return absl::DataLossError("does not parse as a chunk");
  }
  Dataset no_tables;  // the checker looks at the chunk's columns only
  const size_t records = RecordCount(no_tables, chunk);
  UnrecordedCounts unrecorded{records};
  VisitChunk(no_tables, chunk, unrecorded);
  ChunkChecker checker{records, {}};
  VisitChunk(no_tables, chunk, checker);
  return checker.problem.empty() ? absl::OkStatus() : absl::DataLossError(checker.problem);
}

absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshot(std::string_view bytes,
                                                       std::string_view name,
                                                       SnapshotSummary* summary) {
  SAFETYNET_ASSIGN_OR_RETURN(Frames parsed, ReadFrames(bytes, name));
  const pb::SnapshotHeader& header = parsed.header;
  const std::vector<std::string_view>& frames = parsed.chunks;
  std::vector<pb::Chunk> chunks(frames.size());
  std::vector<absl::Status> problems(frames.size());
  tbb::parallel_for(size_t{0}, frames.size(),
                    [&](size_t i) { problems[i] = ParseFrame(frames[i], chunks[i]); });
  for (size_t i = 0; i < problems.size(); ++i) {
    if (!problems[i].ok()) return ChunkError(name, i, std::string(problems[i].message()));
  }

  auto dataset = std::make_unique<Dataset>();
  Dataset& d = *dataset;
  d.info = InfoOf(header);
  // Each table's chunks (checked by ParseFrame) append in file order; the
  // four tables side by side.
  auto assemble = [&](pb::Chunk::TableCase table) {
    ColumnSizer sizer{0, {}};
    for (pb::Chunk& chunk : chunks) {
      if (chunk.table_case() == table) sizer.rows += RecordCount(d, chunk);
    }
    for (pb::Chunk& chunk : chunks) {
      if (chunk.table_case() == table) VisitChunk(d, chunk, sizer);
    }
    sizer.Reserve();
    for (pb::Chunk& chunk : chunks) {
      if (chunk.table_case() != table) continue;
      ChunkAppender appender{RecordCount(d, chunk)};
      VisitChunk(d, chunk, appender);
    }
  };
  tbb::task_group group;
  group.run([&] { assemble(pb::Chunk::kHouseholds); });
  group.run([&] { assemble(pb::Chunk::kPersons); });
  group.run([&] { assemble(pb::Chunk::kElderly); });
  assemble(pb::Chunk::kSignals);
  group.wait();
  const std::pair<uint64_t, size_t> counts[] = {{header.households(), d.households.size()},
                                                {header.persons(), d.persons.size()},
                                                {header.elderly(), d.elderly.size()},
                                                {header.signals(), d.signals.size()}};
  for (int t = 0; t < kEntityCount; ++t) {
    if (counts[t].first != counts[t].second) {
      return absl::DataLossError(Cat(name, ": the header announces ", counts[t].first, " ",
                                     TableName(static_cast<Entity>(t)), ", the chunks hold ",
                                     counts[t].second));
    }
  }
  if (absl::Status status = BuildIndexes(d); !status.ok()) {
    return absl::DataLossError(Cat(name, ": ", std::string(status.message())));
  }
  if (summary) Summarize(header, bytes.size(), *summary);
  return dataset;
}

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshot(const std::string& path,
                                                      SnapshotSummary* summary) {
  // Read, not mapped: a file truncated or rewritten while it is read must
  // give an error naming it (checksums, sizes), never a SIGBUS.
  SAFETYNET_ASSIGN_OR_RETURN(FileBytes bytes, FileBytes::Read(path));
  return ParseSnapshot(bytes.view(), path, summary);
}

}  // namespace safetynet
