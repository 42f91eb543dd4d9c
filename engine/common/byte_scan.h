// Scans text eight bytes at a time (one 64-bit word, no SIMD instructions
// needed) for bytes that need escaping or quoting. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace safetynet {

constexpr uint64_t kEveryByte = 0x0101010101010101ull;

// Is some byte of `word` equal to `byte`?
constexpr bool HasByte(uint64_t word, unsigned char byte) {
  const uint64_t x = word ^ (kEveryByte * byte);
  return ((x - kEveryByte) & ~x & (kEveryByte * 0x80)) != 0;
}

// Is some byte of `word` below `limit` (at most 128)?
constexpr bool HasByteBelow(uint64_t word, unsigned char limit) {
  return ((word - kEveryByte * limit) & ~word & (kEveryByte * 0x80)) != 0;
}

// Does test(word) hold for some word of `text`? A text shorter than a word
// is padded with spaces, so a test must not match a space; the last word of
// a longer text overlaps the one before it.
template <typename WordTest>
bool AnyWord(std::string_view text, WordTest test) {
  const char* p = text.data();
  const size_t n = text.size();
  uint64_t word;
  if (n < 8) {  // built in a register: no store and reload of a partial word
    word = kEveryByte * ' ';
    for (size_t j = 0; j < n; ++j) {
      word = (word & ~(uint64_t{0xFF} << (8 * j))) |
             (uint64_t{static_cast<unsigned char>(p[j])} << (8 * j));
    }
    return test(word);
  }
  for (size_t i = 0; i + 8 <= n; i += 8) {
    std::memcpy(&word, p + i, 8);
    if (test(word)) return true;
  }
  if (n % 8 == 0) return false;
  std::memcpy(&word, p + n - 8, 8);
  return test(word);
}

}  // namespace safetynet
