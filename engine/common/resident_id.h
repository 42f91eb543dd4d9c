// Resident identity numbers (GB 11643): 17 digits and a check character
// computed with ISO 7064 MOD 11-2; digits 7-14 are the birth date. The old
// first-generation form (15 digits, issued before 1999) converts to it
// (docs/exchange-format.md, clarification 12).
//
// A valid id packs into a uint64: (17 digits as an integer) * 16 + check,
// with check 0-9 or 10 for 'X'. Packed ids sort in the same order as the
// upper-cased id strings. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/common/date.h"

namespace safetynet {

using PackedId = uint64_t;

enum class IdError {
  kNone,
  kLength,     // not 18 characters
  kCharacter,  // a non-digit among the first 17, or a check that is not 0-9/X/x
  kChecksum,   // the check character does not match
  // The old 15-digit form (ConvertOldResidentId):
  kOldCharacter,  // 15 characters, not all of them digits
  kOldBirthDate,  // 15 digits whose birth date (19YYMMDD) is not a real day
};

struct ParsedId {
  // The id; for kChecksum, the id as written (with its printed check
  // character), which is what an accepted irregular id packs to; else 0 on
  // an error.
  PackedId packed = 0;
  IdError error = IdError::kNone;
  bool converted = false;  // read from the old 15-digit form
  bool ok() const { return error == IdError::kNone; }
};

// An 18-character id. Accepts a lower-case 'x' as 'X'.
ParsedId ParseResidentId(std::string_view text);

// Clarification 12: a 15-digit first-generation id (6 region digits, the
// birth date as YYMMDD, 3 sequence digits) in its 18-character form: `19`
// inserted after the region code, then the MOD 11-2 check character
// appended; "371002380808014" -> "371002193808080148". Errors: kLength if
// `text` is not 15 characters, kOldCharacter if they are not all digits,
// kOldBirthDate if 19YYMMDD is not a real day. `converted` is set on success.
ParsedId ConvertOldResidentId(std::string_view text);

// An id as an exchange file may hold it: 15 characters are read as the old
// form (ConvertOldResidentId), anything else as an 18-character id
// (ParseResidentId).
ParsedId ParseAnyResidentId(std::string_view text);

// The upper-case 18-character form.
std::string FormatResidentId(PackedId id);
// The same written to out[0..17] (no allocation).
void FormatResidentId(PackedId id, char* out);

// The birth date encoded in digits 7-14, or kNoDate if it is not a real day.
Days BirthDateOfId(PackedId id);

// The check character (0-10, 10 = X) for the first 17 digits.
int ResidentIdCheck(std::string_view seventeen_digits);

std::string_view IdErrorName(IdError error);

// For lists that leave the bureau: the district digits and the last four
// characters stay, the birth date and sequence are hidden:
// "371002194506300018" -> "371002********0018". Works on the 18 characters
// at `id`, in place (no allocation).
void MaskResidentIdInPlace(char* id);
// The same for the old 15-digit form (6 district digits, the birth date as
// YYMMDD, 3 sequence digits): the district and the last three digits stay,
// "371002450630001" -> "371002******001".
void MaskOldResidentIdInPlace(char* id);

// Every resident id inside `text` masked as above: each run of ASCII digits
// (letters and other characters around it do not matter) that is 18 digits
// long, or 17 digits followed by a check X or x, or 15 digits long. Longer or
// shorter runs are left alone. Nothing is checked beyond the shape (a wrong
// checksum or date is masked too). Returns `text` itself when it holds no
// such run (nothing copied), else a view of `scratch`, which then holds the
// masked copy (same length); the view is valid until `scratch` changes.
std::string_view MaskResidentIdsInText(std::string_view text, std::string& scratch);

// MaskResidentIdsInText into a new string (for tests and single values).
std::string MaskResidentIds(std::string_view text);

}  // namespace safetynet
