// Large buffers backed by transparent huge pages where the kernel offers
// them (Linux, "madvise" mode): one page fault per 2 MiB instead of one per
// 4 KiB when a fresh buffer is first written. Only advice: without huge
// pages (or on another system) nothing changes. Call on a buffer's reserved
// capacity before it is first written. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace safetynet {

// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes).
void AdviseHugePages(void* data, size_t bytes);

// Reserves room for `count` elements and advises huge pages for it.
template <typename T>
void ReserveHuge(std::vector<T>& buffer, size_t count) {
  buffer.reserve(count);
  AdviseHugePages(buffer.data(), buffer.capacity() * sizeof(T));
}

inline void ReserveHuge(std::string& buffer, size_t bytes) {
  buffer.reserve(bytes);
  AdviseHugePages(buffer.data(), buffer.capacity());
}

}  // namespace safetynet
