// CRC-32C (Castagnoli), the checksum of snapshot chunks.
//
// Uses the SSE4.2 crc32 instruction where the processor has it, a table
// otherwise; both give the same value. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

namespace safetynet {

uint32_t Crc32c(const void* data, size_t size);

}  // namespace safetynet
