// File names made from data (a district code and a town as the data spells
// them), safe to write on Linux and to copy to a Windows share, readable by
// the caseworkers who open them, and distinct within a folder.
//
// The scheme, for one name (SafeFileName):
//   - the text is kept as it is, Chinese and every other script included,
//     except that these become `_`: the characters / \ : * ? " < > |;
//     control characters (U+0000-U+001F, U+007F-U+009F, the line and
//     paragraph separators U+2028 and U+2029); the invisible characters that
//     hide or reorder text (U+200B-U+200F, U+202A-U+202E, U+2060-U+206F,
//     U+FEFF); and each byte that is not part of well-formed UTF-8;
//   - blanks (space, U+00A0, U+3000) and dots are removed from both ends, so
//     a name never starts with a dot (hidden) nor ends with a blank or a dot
//     (Windows drops them); a name left empty (also `.` and `..`) is `_`;
//   - a Windows device name (CON, PRN, AUX, NUL, CONIN$, CONOUT$, COM0-9,
//     LPT0-9, COM and LPT with a superscript 1, 2 or 3), in any case, alone or
//     before a dot, gets a `_` after it: `CON` -> `CON_`, `nul.txt` -> `nul_.txt`;
//   - a name longer than its bound is cut at a UTF-8 character boundary.
// For the names of one folder (SafeFileNames): each is SafeFileName of its
// text plus the extension, within kMaxFileNameBytes in all. Names that are
// then equal, also when compared case-insensitively as Windows does, are told
// apart by a suffix before the extension: `~2`, `~3`, ... The texts are taken
// in a fixed order: first those the scheme left unchanged, then the others,
// each part in byte order of the text. In that order each text gets its
// plain name if no text before it has it, and the others then get, in the
// same order, the lowest suffix whose name is free. The names depend only on
// the set of texts, never on their order or the thread count.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet {

// The most bytes of a name made here, suffix and extension included: well
// under the 255 of Linux file systems and of Windows, so that the temporary
// name a file is first written under (up to 22 bytes longer,
// engine/io/files.h) also fits, even on eCryptfs (143 bytes).
inline constexpr size_t kMaxFileNameBytes = 120;

// `text` (any bytes) as a safe file name of at most `max_bytes` bytes, by the
// scheme above; never empty. `max_bytes` must be at least 16 (a smaller
// bound is taken as 16).
// Examples: "环翠楼街道/竹岛街道" -> "环翠楼街道_竹岛街道", " ..a?b.. " -> "a_b",
// ".." -> "_", "com1" -> "com1_".
std::string SafeFileName(std::string_view text, size_t max_bytes = kMaxFileNameBytes);

// One safe name per text, names[i] for texts[i], each ending in `extension`
// (say ".csv", which must itself be safe and short), distinct from each other
// and from the names in `taken` (files the caller writes into the same
// folder, such as "index.csv"), also when compared case-insensitively; at
// most kMaxFileNameBytes each. Case is compared as Windows does for ASCII,
// Latin-1, Greek, Cyrillic and full-width Latin letters (Chinese has none);
// other case pairs count as different letters.
std::vector<std::string> SafeFileNames(std::span<const std::string> texts,
                                       std::string_view extension,
                                       std::span<const std::string> taken = {});

}  // namespace safetynet
