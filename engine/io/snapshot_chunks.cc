#include "engine/io/snapshot_chunks.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <unistd.h>

#include <algorithm>
#include <bit>

#include "engine/common/crc32c.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"
#include "engine/io/snapshot_columns.h"

namespace safetynet::snapshot_internal {
namespace {

static_assert(std::endian::native == std::endian::little,
              "snapshot columns are little-endian arrays copied as they lie");

using google::protobuf::io::CodedInputStream;

uint32_t GetU32(const char* p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return value;
}

const google::protobuf::Descriptor* ColumnsMessage(Entity table) {
  switch (table) {
    case Entity::kHousehold:
      return pb::HouseholdColumns::descriptor();
    case Entity::kPerson:
      return pb::PersonColumns::descriptor();
    case Entity::kElderly:
      return pb::ElderlyColumns::descriptor();
    case Entity::kSignal:
      return pb::SignalColumns::descriptor();
  }
  return nullptr;
}

// Per table: the declared column at each proto field number (-1: none),
// each column's field number, and the number of text columns.
struct ColumnFields {
  std::vector<int> column_of_field;
  std::vector<int> field_of_column;
  size_t text_columns = 0;
};

const ColumnFields& FieldsOf(Entity table) {
  static const std::array<ColumnFields, kEntityCount> fields = [] {
    std::array<ColumnFields, kEntityCount> all;
    for (int t = 0; t < kEntityCount; ++t) {
      const Entity table = static_cast<Entity>(t);
      const auto columns = ColumnsOf(table);
      for (size_t c = 0; c < columns.size(); ++c) {
        // Every declared column has its field (checked at compile time:
        // engine/io/snapshot_columns.h).
        const int number =
            ColumnsMessage(table)->FindFieldByName(std::string(columns[c].name))->number();
        std::vector<int>& of = all[t].column_of_field;
        if (of.size() <= static_cast<size_t>(number)) of.resize(number + 1, -1);
        of[number] = static_cast<int>(c);
        all[t].field_of_column.push_back(number);
        if (columns[c].kind == ColumnKind::kText) ++all[t].text_columns;
      }
    }
    return all;
  }();
  return fields[static_cast<int>(table)];
}

// The next length-delimited field of `in`: its number and its bytes (a view
// into `bytes`, which `in` reads); 0 at the end; -1 for a field that is not
// length-delimited or runs past the end.
int NextField(CodedInputStream& in, std::string_view bytes, std::string_view& field) {
  if (static_cast<size_t>(in.CurrentPosition()) == bytes.size()) return 0;
  const uint32_t tag = in.ReadTag();
  uint32_t length = 0;
  if (tag == 0 || (tag & 7) != 2 || !in.ReadVarint32(&length)) return -1;
  const size_t at = static_cast<size_t>(in.CurrentPosition());
  if (!in.Skip(static_cast<int>(length))) return -1;
  field = bytes.substr(at, length);
  return static_cast<int>(tag >> 3);
}

CodedInputStream Stream(std::string_view bytes) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()),
                          static_cast<int>(bytes.size()));
}

// Decodes a Chunk message of `table` into views of its columns; false if it
// does not parse as one. A field of no declared column is skipped (as
// protobuf does); a column that is not there is left empty.
bool DecodeChunk(std::string_view body, Entity table, std::vector<ColumnBytes>& columns) {
  CodedInputStream outer = Stream(body);
  std::string_view message, field, ignored;
  if (NextField(outer, body, message) != TableField(table) ||
      NextField(outer, body, ignored) != 0) {
    return false;
  }
  const std::vector<int>& column_of_field = FieldsOf(table).column_of_field;
  columns.assign(ColumnsOf(table).size(), {});
  CodedInputStream in = Stream(message);
  for (int number; (number = NextField(in, message, field)) != 0;) {
    if (number < 0) return false;
    const int column =
        static_cast<size_t>(number) < column_of_field.size() ? column_of_field[number] : -1;
    if (column < 0) continue;
    if (ColumnsOf(table)[column].kind != ColumnKind::kText) {
      columns[column].values = field;
      continue;
    }
    CodedInputStream text = Stream(field);  // a StringColumn: data = 1, lengths = 2
    std::string_view part;
    columns[column] = {};
    for (int text_number; (text_number = NextField(text, field, part)) != 0;) {
      if (text_number < 0) return false;
      if (text_number == 1) columns[column].values = part;
      if (text_number == 2) columns[column].lengths = part;
    }
  }
  return true;
}

// Checks a decoded chunk's columns against its place; the first problem, or "".
struct ChunkChecker {
  const ChunkPlace& place;
  size_t text_column = 0;
  std::string problem;

  void Bad(std::string_view column, std::string_view what) {
    if (problem.empty()) problem = Cat("column ", column, " ", what);
  }
  // None at all is most likely a snapshot of a safetynet that had no such column.
  void WrongLength(std::string_view column, size_t length) {
    Bad(column, length == 0 && place.records > 0
                    ? "is missing (a snapshot of another safetynet version? import the "
                      "exchange files again)"
                    : "has the wrong length");
  }
  void operator()(const ColumnInfo& info, const StringColumn&, const ColumnBytes& bytes) {
    const uint64_t expected_text = place.text_bytes[text_column++];
    if (bytes.lengths.size() != place.records * sizeof(uint32_t)) {
      return WrongLength(info.name, bytes.lengths.size());
    }
    uint64_t total = 0;
    for (size_t row = 0; row < place.records; ++row) total += ValueAt<uint32_t>(bytes.lengths, row);
    if (total != bytes.values.size()) return Bad(info.name, "has text lengths that do not add up");
    if (total != expected_text) Bad(info.name, "holds other text than the header's index says");
  }
  template <typename T>
  void operator()(const ColumnInfo& info, const std::vector<T>&, const ColumnBytes& bytes) {
    if (bytes.values.size() != place.records * sizeof(T)) {
      return WrongLength(info.name, bytes.values.size());
    }
    if constexpr (sizeof(T) == 1) {
      const uint8_t max_code = info.max_code();
      for (char c : bytes.values) {
        if (static_cast<unsigned char>(c) > max_code) {
          return Bad(info.name, "holds a code out of range");
        }
      }
    } else if (ImportBounded(info.kind)) {
      for (size_t row = 0; row < place.records; ++row) {
        const std::string_view wrong =
            OutOfImportRange(info, static_cast<int64_t>(ValueAt<T>(bytes.values, row)));
        if (!wrong.empty()) return Bad(info.name, wrong);
      }
    }
  }
};

// Checks the magic and the header at the start of the file; `header_end`
// is set to the first byte after it.
absl::Status ReadHeader(const SnapshotSource& source, pb::SnapshotHeader& header,
                        uint64_t& header_end) {
  const std::string& name = source.name();
  std::string scratch;
  const size_t start = kSnapshotMagic.size() + kFrameBytes;
  if (source.size() == 0) {
    return absl::InvalidArgumentError(Cat(name, ": is empty, not a safetynet snapshot"));
  }
  SAFETYNET_ASSIGN_OR_RETURN(std::string_view frame,
                             source.Read(0, std::min<uint64_t>(start, source.size()), scratch));
  if (!frame.starts_with(kSnapshotMagic)) {
    return absl::InvalidArgumentError(Cat(name, ": not a safetynet snapshot (no SNETSNAP magic)"));
  }
  if (frame.size() < start) return absl::DataLossError(Cat(name, ": truncated in the header"));
  const uint32_t header_size = GetU32(frame.data() + kSnapshotMagic.size());
  const uint32_t header_crc = GetU32(frame.data() + kSnapshotMagic.size() + 4);
  if (header_size > source.size() - start) {
    return absl::DataLossError(Cat(name, ": truncated in the header"));
  }
  SAFETYNET_ASSIGN_OR_RETURN(std::string_view bytes, source.Read(start, header_size, scratch));
  if (Crc32c(bytes.data(), bytes.size()) != header_crc) {
    return absl::DataLossError(Cat(name, ": the header fails its checksum"));
  }
  // A damaged header is our error to report: protobuf's own note on stderr
  // ("String field ... contains invalid UTF-8") is kept out of the messages.
  const google::protobuf::LogSilencer quiet;
  if (!header.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(Cat(name, ": the header does not parse"));
  }
  header_end = start + header_size;
  if (header.format_version() != kSnapshotFormatVersion) {
    return absl::FailedPreconditionError(Cat(
        name, ": snapshot format version ", header.format_version(),
        header.format_version() < kSnapshotFormatVersion ? " (written by an older safetynet)" : "",
        "; this safetynet reads version ", kSnapshotFormatVersion,
        ": import the exchange files again (safetynet import) to make a snapshot it reads"));
  }
  const int64_t as_of = header.as_of();
  if (as_of != kNoDate && (as_of < kFirstDate || as_of > kLastDate)) {
    return absl::DataLossError(
        Cat(name, ": the header holds an as-of date outside the years 0001-9999"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SnapshotSource> SnapshotSource::OpenFile(const std::string& path) {
  SAFETYNET_ASSIGN_OR_RETURN(int fd, OpenRegularFile(path));
  const off_t size = ::lseek(fd, 0, SEEK_END);
  if (size < 0) {
    ::close(fd);
    return absl::InternalError(Cat(path, ": cannot tell its size"));
  }
  return SnapshotSource(path, fd, {}, static_cast<uint64_t>(size));
}

SnapshotSource SnapshotSource::InMemory(std::string_view bytes, std::string_view name) {
  return SnapshotSource(std::string(name), -1, bytes, bytes.size());
}

SnapshotSource::SnapshotSource(SnapshotSource&& other) noexcept
    : name_(std::move(other.name_)), fd_(other.fd_), bytes_(other.bytes_), size_(other.size_) {
  other.fd_ = -1;
}

SnapshotSource::~SnapshotSource() {
  if (fd_ >= 0) ::close(fd_);
}

absl::StatusOr<std::string_view> SnapshotSource::Read(uint64_t offset, size_t length,
                                                      std::string& scratch) const {
  auto short_read = [&] {
    return absl::DataLossError(Cat(name_, ": ends early (truncated or changed while it was read)"));
  };
  if (fd_ < 0) {
    if (offset > bytes_.size() || length > bytes_.size() - offset) return short_read();
    return bytes_.substr(offset, length);
  }
  scratch.resize(length);
  size_t done = 0;
  while (done < length) {
    const ssize_t got =
        ::pread(fd_, scratch.data() + done, length - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return absl::DataLossError(Cat(name_, ": cannot be read: ", strerror(errno)));
    if (got == 0) return short_read();
    done += static_cast<size_t>(got);
  }
  return std::string_view(scratch);
}

absl::StatusOr<Layout> ReadLayout(const SnapshotSource& source) {
  const std::string& name = source.name();
  Layout layout;
  uint64_t offset = 0;
  SAFETYNET_RETURN_IF_ERROR(ReadHeader(source, layout.header, offset));
  const pb::SnapshotHeader& header = layout.header;
  if (static_cast<uint64_t>(header.chunk_index_size()) != header.chunks()) {
    return absl::DataLossError(Cat(name, ": the header announces ", header.chunks(),
                                   " chunks and lists ", header.chunk_index_size()));
  }
  for (int t = 0; t < kEntityCount; ++t) {
    layout.text_bytes[t].assign(FieldsOf(static_cast<Entity>(t)).text_columns, 0);
  }
  int previous_table = 0;
  for (const pb::ChunkEntry& entry : header.chunk_index()) {
    const size_t index = layout.chunks.size();
    if (entry.table() < 1 || entry.table() > kEntityCount ||
        static_cast<int>(entry.table()) < previous_table) {
      return ChunkError(name, index,
                        "the header lists it as no table, or out of the tables' order "
                        "(households, persons, elderly, signals)");
    }
    previous_table = static_cast<int>(entry.table());
    const int t = previous_table - 1;
    ChunkPlace& place = layout.chunks.emplace_back();
    place.table = static_cast<Entity>(t);
    // Every record takes at least one byte: a count above the chunk's size
    // is a lie that must not size the tables.
    if (entry.bytes() > static_cast<uint64_t>(INT32_MAX) || entry.records() > entry.bytes() ||
        static_cast<size_t>(entry.text_bytes_size()) != layout.text_bytes[t].size()) {
      return ChunkError(name, index, "the header's index gives it an impossible size");
    }
    if (offset > source.size() || source.size() - offset < kFrameBytes + entry.bytes()) {
      return absl::DataLossError(Cat(name, ": truncated: chunk ", index, " of ", header.chunks(),
                                     " ends past the end of the file"));
    }
    place.records = entry.records();
    place.offset = offset;
    place.bytes = static_cast<uint32_t>(entry.bytes());
    place.first_row = layout.rows[t];
    layout.rows[t] += entry.records();
    for (int c = 0; c < entry.text_bytes_size(); ++c) {
      if (entry.text_bytes(c) > entry.bytes()) {
        return ChunkError(name, index, "the header's index gives it an impossible size");
      }
      place.text_bytes.push_back(entry.text_bytes(c));
      place.first_text_byte.push_back(layout.text_bytes[t][c]);
      layout.text_bytes[t][c] += entry.text_bytes(c);
    }
    offset += kFrameBytes + entry.bytes();
  }
  if (offset != source.size()) {
    const uint64_t extra = source.size() - offset;
    return absl::DataLossError(Cat(name, ": ", extra, extra == 1 ? " byte" : " bytes",
                                   " after the last chunk the header announces"));
  }
  const uint64_t announced[] = {header.households(), header.persons(), header.elderly(),
                                header.signals()};
  for (int t = 0; t < kEntityCount; ++t) {
    if (announced[t] != layout.rows[t]) {
      return absl::DataLossError(Cat(name, ": the header announces ", announced[t], " ",
                                     TableName(static_cast<Entity>(t)), ", the chunks hold ",
                                     layout.rows[t]));
    }
  }
  return layout;
}

absl::StatusOr<ChunkView> ReadChunk(const SnapshotSource& source, const Layout& layout,
                                    size_t index, std::string& scratch) {
  const ChunkPlace& place = layout.chunks[index];
  auto error = [&](std::string_view what) { return ChunkError(source.name(), index, what); };
  absl::StatusOr<std::string_view> frame =
      source.Read(place.offset, kFrameBytes + place.bytes, scratch);
  if (!frame.ok()) return error("truncated, or changed while it was read");
  if (GetU32(frame->data()) != place.bytes) {
    return error(Cat("its frame claims ", GetU32(frame->data()), " bytes, the header's index ",
                     place.bytes));
  }
  const std::string_view body = frame->substr(kFrameBytes);
  if (Crc32c(body.data(), body.size()) != GetU32(frame->data() + 4)) {
    return error("fails its checksum (the file is damaged)");
  }
  ChunkView view;
  view.place = &place;
  if (!DecodeChunk(body, place.table, view.columns)) {
    return error(Cat("does not parse as a chunk of ", TableName(place.table)));
  }
  ChunkChecker checker{place, 0, {}};
  static const Dataset kNoTables;  // the checker looks at the chunk's columns only
  VisitTable(kNoTables, place.table,
             [&](const auto& table) { VisitChunkColumns(table, view, checker); });
  if (!checker.problem.empty()) return error(checker.problem);
  return view;
}

int ColumnField(Entity table, size_t column) { return FieldsOf(table).field_of_column[column]; }

int TableField(Entity table) { return static_cast<int>(table) + 1; }

size_t ColumnIndex(Entity table, std::string_view name) {
  const auto columns = ColumnsOf(table);
  return static_cast<size_t>(
      std::find_if(columns.begin(), columns.end(),
                   [&](const ColumnInfo& info) { return info.name == name; }) -
      columns.begin());
}

absl::Status ChunkError(std::string_view name, size_t chunk, std::string_view what) {
  return absl::DataLossError(Cat(name, ": chunk ", chunk, ": ", what));
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

}  // namespace safetynet::snapshot_internal
