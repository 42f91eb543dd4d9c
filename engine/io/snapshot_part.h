// Reading part of a snapshot, in bounded memory: the chunks are read one at
// a time, each checked as the whole reader checks it (ReadChunk), and only
// the wanted rows or columns kept -- the households of some districts (and
// any extra households asked for) with their members, the elderly residents
// of those districts, and the signals about anyone kept (or about nobody at
// all); or a few columns of every row, to plan the parts. Used to run a
// province or the country district by district. Thread-safe: calls share
// nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/io/snapshot.h"
#include "engine/table/dataset.h"

namespace safetynet {

struct SnapshotPart {
  absl::flat_hash_set<int32_t> districts;  // households and elderly residents of these
  absl::flat_hash_set<uint32_t>
      extra_households;  // and these household rows (of the whole snapshot)
  // If set: instead of the signals about anyone kept, those about no one in
  // this set -- given every person and elderly id of the snapshot, the
  // unmatched signals. The caller owns the set.
  const absl::flat_hash_set<PackedId>* signals_about_none_of = nullptr;
};

// The part of the open snapshot (engine/io/snapshot.h: every part read
// through it is of the same file); its tables are as a whole snapshot's,
// with fewer rows. Errors: those of ReadSnapshot.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotPart(const OpenSnapshot& snapshot,
                                                          const SnapshotPart& part);

// OpenSnapshot::FromBytes and ReadSnapshotPart (`name` for messages).
absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshotPart(std::string_view bytes,
                                                           std::string_view name,
                                                           const SnapshotPart& part);

// A column of a table, by its declared name (engine/table/model.h).
struct ColumnName {
  Entity table;
  std::string_view column;
};

// Every row of the named columns, and nothing of the others: a Dataset whose
// other columns are empty, without indexes (not one to run rules on). Errors:
// a name that is not a declared column (InvalidArgument), and those of
// ReadSnapshot.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotColumns(const OpenSnapshot& snapshot,
                                                             std::span<const ColumnName> columns);

}  // namespace safetynet
