// Reading UTF-8 text one code point at a time, checking that text is clean
// UTF-8, and how wide text is on a terminal. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace safetynet {

// The code point that starts at text[at], advancing `at` past it; nullopt
// (and `at` unchanged) if the bytes there are not well-formed UTF-8: a stray
// continuation byte, a sequence cut short, an overlong form, a surrogate or a
// value above U+10FFFF. `at` must be below text.size().
std::optional<char32_t> NextCodePoint(std::string_view text, size_t& at);

// True if `text` is well-formed UTF-8 without NUL bytes (they break every
// downstream tool).
bool IsCleanUtf8(std::string_view text);

// `text` with each byte that is not part of well-formed UTF-8 (and each
// NUL) replaced by U+FFFD, so that it can be printed as JSON.
std::string ValidUtf8(std::string_view text);

// Whether `c` is a control character (U+0000-U+001F, the tab included,
// U+007F-U+009F), a line or paragraph separator, a bidirectional control
// or a zero-width character: what has no place in a label or a sentence
// people read.
bool IsControlOrInvisible(char32_t c);

// The columns `text` takes on a terminal: 2 for each East Asian wide or
// full-width character (Chinese, full-width forms), 0 for a combining mark,
// 1 for anything else (a byte that is not UTF-8 included), so that a caret
// printed under a line of Chinese text stands under the right character.
size_t DisplayWidth(std::string_view text);

}  // namespace safetynet
