#include "engine/io/snapshot_part.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_columns.h"
#include "engine/io/snapshot_frames.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: pb, VisitColumns, frames

// Appends the selected rows of a chunk's columns (checked by ParseFrame) to a
// table's columns.
struct SelectedRows {
  const std::vector<uint32_t>& rows;

  void operator()(const ColumnInfo&, StringColumn& to, pb::StringColumn& from) const {
    std::vector<uint64_t> offsets(from.lengths_size() + 1, 0);
    for (int i = 0; i < from.lengths_size(); ++i) offsets[i + 1] = offsets[i] + from.lengths(i);
    for (uint32_t row : rows) {
      to.push_back(
          std::string_view(from.data()).substr(offsets[row], offsets[row + 1] - offsets[row]));
    }
  }
  template <typename T, typename P>
  void operator()(const ColumnInfo&, std::vector<T>& to,
                  google::protobuf::RepeatedField<P>& from) const {
    for (uint32_t row : rows) to.push_back(static_cast<T>(from.Get(static_cast<int>(row))));
  }
  template <typename T>
  void operator()(const ColumnInfo&, std::vector<T>& to, std::string& from) const {
    for (uint32_t row : rows) to.push_back(static_cast<T>(static_cast<unsigned char>(from[row])));
  }
};

}  // namespace

namespace {

// Calls `visit` for every chunk, in file order, each verified and parsed.
absl::Status ScanSnapshotBytes(std::string_view bytes, std::string_view path,
                               const std::function<absl::Status(pb::Chunk& chunk)>& visit) {
  SAFETYNET_ASSIGN_OR_RETURN(Frames frames, ReadFrames(bytes, path));
  for (size_t i = 0; i < frames.chunks.size(); ++i) {
    pb::Chunk chunk;
    if (absl::Status problem = ParseFrame(frames.chunks[i], chunk); !problem.ok()) {
      return ChunkError(path, i, std::string(problem.message()));
    }
    SAFETYNET_RETURN_IF_ERROR(visit(chunk));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotColumns(const std::string& path,
                                                             std::span<const ColumnName> columns) {
  for (const ColumnName& wanted : columns) {
    const auto declared = ColumnsOf(wanted.table);
    if (std::none_of(declared.begin(), declared.end(),
                     [&](const ColumnInfo& info) { return info.name == wanted.column; })) {
      return absl::InvalidArgumentError(
          Cat(TableName(wanted.table), " has no column ", wanted.column));
    }
  }
  SAFETYNET_ASSIGN_OR_RETURN(FileBytes bytes,
                             FileBytes::Read(path));  // read, not mapped: see ReadSnapshot
  auto dataset = std::make_unique<Dataset>();
  std::vector<uint32_t> rows;
  SAFETYNET_RETURN_IF_ERROR(
      ScanSnapshotBytes(bytes.view(), path, [&](pb::Chunk& chunk) -> absl::Status {
        VisitChunkTable(*dataset, chunk, [&](Entity entity, auto& table, auto& chunk_columns) {
          bool counted = false;
          VisitColumns(table, chunk_columns, [&](const ColumnInfo& info, auto& to, auto& from) {
            if (!counted) {  // the first column's length is the chunk's record count
              rows.resize(ColumnLength(from));
              std::iota(rows.begin(), rows.end(), 0);
              counted = true;
            }
            for (const ColumnName& wanted : columns) {
              if (wanted.table == entity && wanted.column == info.name) {
                SelectedRows{rows}(info, to, from);
              }
            }
          });
        });
        return absl::OkStatus();
      }));
  return dataset;
}

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotPart(const std::string& path,
                                                          const SnapshotPart& part) {
  SAFETYNET_ASSIGN_OR_RETURN(FileBytes bytes,
                             FileBytes::Read(path));  // read, not mapped: see ReadSnapshot
  return ParseSnapshotPart(bytes.view(), path, part);
}

absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshotPart(std::string_view bytes,
                                                           std::string_view path,
                                                           const SnapshotPart& part) {
  auto dataset = std::make_unique<Dataset>();
  Dataset& d = *dataset;
  std::vector<int64_t> new_row;  // household row of the whole snapshot -> of the part, or -1
  absl::flat_hash_set<PackedId> kept_ids;  // persons and elderly residents kept
  uint32_t household_base = 0;             // whole-snapshot row of the chunk's first household
  size_t person_row = 0;                   // whole-snapshot row of the person being read
  uint32_t previous_household = 0;
  std::vector<uint32_t> rows;
  int phase = 0;  // tables must come in the writer's order: households, persons, elderly, signals
  SAFETYNET_RETURN_IF_ERROR(ScanSnapshotBytes(bytes, path, [&](pb::Chunk& chunk) -> absl::Status {
    rows.clear();
    const int table = static_cast<int>(chunk.table_case()) - 1;
    if (table < phase) {
      return absl::FailedPreconditionError(
          Cat(path,
              ": its tables are not in the order a partial read needs (households, persons, "
              "elderly, signals)"));
    }
    phase = table;
    switch (chunk.table_case()) {
      case pb::Chunk::kHouseholds: {
        const auto& h = chunk.households();
        for (int i = 0; i < h.district_size(); ++i) {
          bool keep = part.districts.contains(h.district(i)) ||
                      part.extra_households.contains(household_base + i);
          new_row.push_back(keep ? static_cast<int64_t>(d.households.size() + rows.size()) : -1);
          if (keep) rows.push_back(static_cast<uint32_t>(i));
        }
        household_base += static_cast<uint32_t>(h.district_size());
        VisitColumns(d.households, *chunk.mutable_households(), SelectedRows{rows});
        return absl::OkStatus();
      }
      case pb::Chunk::kPersons: {
        auto& p = *chunk.mutable_persons();
        for (int i = 0; i < p.person_id_size(); ++i, ++person_row) {
          uint32_t household = p.household_row(i);
          // The checks of BuildIndexes, on every row (a part keeps only some).
          if (household >= new_row.size()) {
            return absl::DataLossError(Cat(path, ": person row ", person_row,
                                           " names household row ", household, " of ",
                                           new_row.size()));
          }
          if (household < previous_household) {
            return absl::DataLossError(Cat(path, ": person row ", person_row,
                                           " is not grouped with its household's members"));
          }
          previous_household = household;
          if (new_row[household] >= 0) {
            rows.push_back(static_cast<uint32_t>(i));
            p.set_household_row(i, static_cast<uint32_t>(new_row[household]));
            kept_ids.insert(p.person_id(i));
          }
        }
        VisitColumns(d.persons, p, SelectedRows{rows});
        return absl::OkStatus();
      }
      case pb::Chunk::kElderly: {
        const auto& e = chunk.elderly();
        for (int i = 0; i < e.person_id_size(); ++i) {
          if (part.districts.contains(e.district(i))) {
            rows.push_back(static_cast<uint32_t>(i));
            kept_ids.insert(e.person_id(i));
          }
        }
        VisitColumns(d.elderly, *chunk.mutable_elderly(), SelectedRows{rows});
        return absl::OkStatus();
      }
      default: {
        const auto& s = chunk.signals();
        for (int i = 0; i < s.person_id_size(); ++i) {
          const bool keep = part.signals_about_none_of
                                ? !part.signals_about_none_of->contains(s.person_id(i))
                                : kept_ids.contains(s.person_id(i));
          if (keep) rows.push_back(static_cast<uint32_t>(i));
        }
        VisitColumns(d.signals, *chunk.mutable_signals(), SelectedRows{rows});
        return absl::OkStatus();
      }
    }
  }));
  if (absl::Status status = BuildIndexes(d); !status.ok()) {
    return absl::DataLossError(Cat(path, ": ", std::string(status.message())));
  }
  return dataset;
}

}  // namespace safetynet
