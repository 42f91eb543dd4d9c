// libFuzzer target: arbitrary bytes as a snapshot file, read whole and in
// part (one district, as --by-district does). Reading must never crash:
// either the snapshot loads, or an error says what is damaged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/io/snapshot.h"
#include "engine/io/snapshot_part.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto loaded = safetynet::ParseSnapshot(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.snap");
  (void)loaded;
  safetynet::SnapshotPart part;
  part.districts = {371002};  // the district of the seed corpus
  part.extra_households = {0};
  auto loaded_part = safetynet::ParseSnapshotPart(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.snap", part);
  (void)loaded_part;
  return 0;
}
