// Internal to the snapshot readers: a file's frames
// (header and chunk byte ranges, sizes checked) and one chunk's verification
// and parsing. Shared by the whole reader and the partial reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "safetynet/snapshot.pb.h"

namespace safetynet::snapshot_internal {

struct Frames {
  ::safetynet::snapshot::SnapshotHeader header;
  std::vector<std::string_view> chunks;  // each frame: size, CRC-32C, body
};

// Checks the magic, the header and every frame's size against the file.
absl::StatusOr<Frames> ReadFrames(std::string_view bytes, std::string_view name);

// Verifies a frame's checksum, parses it and checks its columns (each as long
// as the chunk's record count, text lengths that add up, codes in range);
// a DataLoss error whose message is the problem (without the file and
// chunk, which the caller adds). Every reader goes through it, so a chunk
// that passes is safe to index by row.
absl::Status ParseFrame(std::string_view frame, ::safetynet::snapshot::Chunk& chunk);

// The DataLoss error "NAME: chunk N: WHAT".
absl::Status ChunkError(std::string_view name, size_t chunk, std::string_view what);

}  // namespace safetynet::snapshot_internal
