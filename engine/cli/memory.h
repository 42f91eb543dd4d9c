// The safetynet binary's memory policy (issue 16: the fresh process a user
// starts pays a page fault and a zeroing for every page it touches first):
// memory the process frees is kept for its next allocations, and large
// allocations are advised huge pages (memory.cc, which also replaces the
// global operator new). Only in the safetynet binary, not in the libraries,
// tests or benchmarks.
#pragma once

namespace safetynet::cli {

// Keeps freed memory for reuse: at most 4 malloc arenas for all threads (a
// block freed by one thread is mostly reused by another; with one arena the
// threads writing workbooks, which allocate per cell, queued on its lock and
// ran no faster than one), blocks up to 32 MiB (the most glibc allows) from the heap rather
// than mapped, a freed heap never trimmed. Call before any thread starts.
// Only advice: another allocator (a sanitizer's) ignores it.
void KeepFreedMemory();

}  // namespace safetynet::cli
