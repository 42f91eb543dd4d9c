// The safetynet binary's memory policy (memory.h). KeepFreedMemory sets
// malloc's options. The global operator new: an allocation of 4 MiB or
// more (a table's column, an index, a file's bytes, a serialized snapshot)
// is advised huge pages (engine/common/huge_pages.h), so that the first
// writes to it take one page fault per 2 MiB instead of one per 4 KiB, and
// giving it back at exit is as cheap. For the fresh process a user starts,
// those faults were most of the system time of an import (issue 16).
// Smaller allocations, and every deallocation, are the C library's as
// without this file.
//
// Not in sanitizer builds, whose runtime replaces operator new itself.
// Thread-safe, as malloc is.
#include "engine/cli/memory.h"

#include <malloc.h>

#include <cstdlib>
#include <new>

#include "engine/common/huge_pages.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SAFETYNET_OWN_OPERATOR_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define SAFETYNET_OWN_OPERATOR_NEW 0
#endif
#endif
#ifndef SAFETYNET_OWN_OPERATOR_NEW
#define SAFETYNET_OWN_OPERATOR_NEW 1
#endif

void safetynet::cli::KeepFreedMemory() {
  mallopt(M_ARENA_MAX, 4);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

#if SAFETYNET_OWN_OPERATOR_NEW

namespace {

constexpr std::size_t kLarge = std::size_t{4} << 20;

void* Allocate(std::size_t size) noexcept {
  void* data = std::malloc(size == 0 ? 1 : size);
  if (data != nullptr && size >= kLarge) safetynet::AdviseHugePages(data, size);
  return data;
}

}  // namespace

// The standard's replaceable forms that allocate without an alignment, as
// the standard has them behave (the new-handler called until it gives up);
// the default forms of delete (std::free) match them.
void* operator new(std::size_t size) {
  while (true) {
    if (void* data = Allocate(size)) return data;
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}
void* operator new[](std::size_t size) { return operator new(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new(size);
  } catch (...) {
    return nullptr;
  }
}

#endif
