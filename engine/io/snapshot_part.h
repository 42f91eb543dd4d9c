// Reading part of a snapshot, in bounded memory: the chunks are read one at
// a time and only the wanted rows kept -- the households of some districts
// (and any extra households asked for) with their members, the elderly
// residents of those districts, and the signals about anyone kept. Used to
// run a province or the country district by district. Also a scan of the
// chunks in file order, one at a time. Thread-safe: calls share nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/table/dataset.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet {

// Calls `visit` for every chunk, in file order, each verified and parsed.
absl::Status ScanSnapshot(const std::string& path,
                          const std::function<absl::Status(snapshot::Chunk& chunk)>& visit);

struct SnapshotPart {
  absl::flat_hash_set<int32_t> districts;  // households and elderly residents of these
  absl::flat_hash_set<uint32_t>
      extra_households;  // and these household rows (of the whole snapshot)
};

// The part; its tables are as a whole snapshot's, with fewer rows.
absl::StatusOr<std::unique_ptr<Dataset>> ReadSnapshotPart(const std::string& path,
                                                          const SnapshotPart& part);

// The same from the bytes of a snapshot file (`name` for messages).
absl::StatusOr<std::unique_ptr<Dataset>> ParseSnapshotPart(std::string_view bytes,
                                                           std::string_view name,
                                                           const SnapshotPart& part);

}  // namespace safetynet
