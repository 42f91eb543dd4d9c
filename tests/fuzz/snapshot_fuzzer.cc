// libFuzzer target: arbitrary bytes as a snapshot file. Reading must never
// crash: either the whole snapshot loads, or an error says what is damaged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/io/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto loaded = safetynet::ParseSnapshot(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.snap");
  (void)loaded;
  return 0;
}
