#include "engine/io/snapshot_part.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <numeric>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot_chunks.h"

namespace safetynet {
namespace {

using namespace snapshot_internal;  // NOLINT: chunks, ColumnBytes, ValueAt

// Appends the selected rows of a chunk's columns (checked by ReadChunk) to a
// table's columns.
struct SelectedRows {
  const std::vector<uint32_t>& rows;

  void operator()(const ColumnInfo&, StringColumn& to, const ColumnBytes& from) const {
    const size_t records = from.lengths.size() / sizeof(uint32_t);
    std::vector<uint64_t> offsets(records + 1, 0);
    for (size_t i = 0; i < records; ++i) {
      offsets[i + 1] = offsets[i] + ValueAt<uint32_t>(from.lengths, i);
    }
    for (uint32_t row : rows) {
      to.push_back(from.values.substr(offsets[row], offsets[row + 1] - offsets[row]));
    }
  }
  template <typename T>
  void operator()(const ColumnInfo&, std::vector<T>& to, const ColumnBytes& from) const {
    for (uint32_t row : rows) to.push_back(ValueAt<T>(from.values, row));
  }
};

// Calls `visit` for every chunk, in file order, each read, verified and
// decoded (one chunk in memory at a time).
absl::Status ScanChunks(const OpenSnapshot& snapshot,
                        const std::function<absl::Status(const ChunkView& chunk)>& visit) {
  const Layout& layout = snapshot.layout();
  std::string scratch;
  for (size_t i = 0; i < layout.chunks.size(); ++i) {
    SAFETYNET_ASSIGN_OR_RETURN(ChunkView chunk, ReadChunk(snapshot.source(), layout, i, scratch));
    SAFETYNET_RETURN_IF_ERROR(visit(chunk));
  }
  return absl::OkStatus();
}

// The values of the chunk's fixed-width column `name`.
std::string_view Values(const ChunkView& chunk, std::string_view name) {
  return chunk.columns[ColumnIndex(chunk.place->table, name)].values;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotPart(const OpenSnapshot& snapshot,
                                                          const SnapshotPart& part) {
  auto dataset = std::make_unique<Dataset>();
  Dataset& d = *dataset;
  std::vector<int64_t> new_row;  // household row of the whole snapshot -> of the part, or -1
  absl::flat_hash_set<PackedId> kept_ids;  // persons and elderly residents kept
  uint32_t previous_household = 0;
  std::vector<uint32_t> rows;
  const std::string& path = snapshot.source().name();
  SAFETYNET_RETURN_IF_ERROR(ScanChunks(snapshot, [&](const ChunkView& chunk) -> absl::Status {
    rows.clear();
    const ChunkPlace& place = *chunk.place;
    switch (place.table) {
      case Entity::kHousehold: {
        const std::string_view districts = Values(chunk, "district");
        for (size_t i = 0; i < place.records; ++i) {
          const bool keep = part.districts.contains(ValueAt<int32_t>(districts, i)) ||
                            part.extra_households.contains(place.first_row + i);
          new_row.push_back(keep ? static_cast<int64_t>(d.households.size() + rows.size()) : -1);
          if (keep) rows.push_back(static_cast<uint32_t>(i));
        }
        VisitChunkColumns(d.households, chunk, SelectedRows{rows});
        return absl::OkStatus();
      }
      case Entity::kPerson: {
        const std::string_view households = Values(chunk, "household_row");
        const std::string_view ids = Values(chunk, "person_id");
        for (size_t i = 0; i < place.records; ++i) {
          const uint32_t household = ValueAt<uint32_t>(households, i);
          // The checks of BuildIndexes, on every row (a part keeps only some).
          if (household >= new_row.size()) {
            return absl::DataLossError(Cat(path, ": person row ", place.first_row + i,
                                           " names household row ", household, " of ",
                                           new_row.size()));
          }
          if (household < previous_household) {
            return absl::DataLossError(Cat(path, ": person row ", place.first_row + i,
                                           " is not grouped with its household's members"));
          }
          previous_household = household;
          if (new_row[household] >= 0) {
            rows.push_back(static_cast<uint32_t>(i));
            kept_ids.insert(ValueAt<PackedId>(ids, i));
          }
        }
        const size_t first = d.persons.size();
        VisitChunkColumns(d.persons, chunk, SelectedRows{rows});
        for (size_t row = first; row < d.persons.size(); ++row) {  // rows of the part
          uint32_t& household = d.persons.household_row[row];
          household = static_cast<uint32_t>(new_row[household]);
        }
        return absl::OkStatus();
      }
      case Entity::kElderly: {
        const std::string_view districts = Values(chunk, "district");
        const std::string_view ids = Values(chunk, "person_id");
        for (size_t i = 0; i < place.records; ++i) {
          if (part.districts.contains(ValueAt<int32_t>(districts, i))) {
            rows.push_back(static_cast<uint32_t>(i));
            kept_ids.insert(ValueAt<PackedId>(ids, i));
          }
        }
        VisitChunkColumns(d.elderly, chunk, SelectedRows{rows});
        return absl::OkStatus();
      }
      case Entity::kSignal: {
        const std::string_view ids = Values(chunk, "person_id");
        for (size_t i = 0; i < place.records; ++i) {
          const PackedId id = ValueAt<PackedId>(ids, i);
          const bool keep = part.signals_about_none_of ? !part.signals_about_none_of->contains(id)
                                                       : kept_ids.contains(id);
          if (keep) rows.push_back(static_cast<uint32_t>(i));
        }
        VisitChunkColumns(d.signals, chunk, SelectedRows{rows});
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }));
  if (absl::Status status = BuildIndexes(d); !status.ok()) {
    return absl::DataLossError(Cat(path, ": ", std::string(status.message())));
  }
  return dataset;
}

absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotColumns(const OpenSnapshot& snapshot,
                                                             std::span<const ColumnName> columns) {
  for (const ColumnName& wanted : columns) {
    if (ColumnIndex(wanted.table, wanted.column) == ColumnsOf(wanted.table).size()) {
      return absl::InvalidArgumentError(
          Cat(TableName(wanted.table), " has no column ", wanted.column));
    }
  }
  auto dataset = std::make_unique<Dataset>();
  std::vector<uint32_t> rows;
  SAFETYNET_RETURN_IF_ERROR(ScanChunks(snapshot, [&](const ChunkView& chunk) -> absl::Status {
    const Entity entity = chunk.place->table;
    rows.resize(chunk.place->records);
    std::iota(rows.begin(), rows.end(), 0);
    VisitTable(*dataset, entity, [&](auto& table) {
      VisitChunkColumns(table, chunk,
                        [&](const ColumnInfo& info, auto& to, const ColumnBytes& from) {
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

absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshotPart(std::string_view bytes,
                                                           std::string_view name,
                                                           const SnapshotPart& part) {
  SAFETYNET_ASSIGN_OR_RETURN(OpenSnapshot snapshot, OpenSnapshot::FromBytes(bytes, name));
  return ReadSnapshotPart(snapshot, part);
}

}  // namespace safetynet
