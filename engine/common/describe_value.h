// What a value looks like, said without repeating it: for messages about
// residents' data (reject reasons, import errors), which must never hold a
// resident id, a name or a date (docs/privacy.md). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safetynet {

// The length of `text` in characters (code points) and its kind:
//   "empty"
//   "18 characters, digits"                  only 0-9
//   "2 characters, letters"                  only ASCII letters
//   "4 characters, Chinese text"             only CJK ideographs (and the middle dot of names)
//   "18 characters, letters and digits"      ASCII letters and digits, both
//   "10 characters, digits and punctuation"  digits with ASCII punctuation or spaces
//   "1 character, punctuation"               only ASCII punctuation or spaces
//   "7 characters, mixed"                    anything else
//   "5 bytes, not UTF-8"                     text that is not well-formed UTF-8
// Never any of the characters themselves.
std::string DescribeValue(std::string_view text);

}  // namespace safetynet
