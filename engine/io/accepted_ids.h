// The bureau's list of irregular resident ids (`import --accept-ids FILE`,
// docs/import.md "Old and irregular ids"): ids whose check character is not
// the ISO 7064 MOD 11-2 one but that are genuine (printed so on the card),
// checked by hand. Ids on the list are imported as written, with a note.
//
// Plain values: read once, then only read (by the import's threads at once).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "engine/common/resident_id.h"

namespace safetynet {

// Packed as written (ParsedId::packed of a kChecksum id): with the printed
// check character.
using AcceptedIds = absl::flat_hash_set<PackedId>;

struct AcceptedIdList {
  AcceptedIds ids;
  // "FILE line N: ..." for an entry that needs none (its check character is
  // in fact the MOD 11-2 one), and for a list with no ids.
  std::vector<std::string> warnings;
};

// Parses the list's text; `name` is the file as messages name it. One id per
// line (LF, CRLF or CR); blanks around it are ignored, and so are blank lines,
// a `#` and what follows it on its line (a comment), a UTF-8 byte-order mark
// and a first line `person_id` (a header, as a spreadsheet saves one column).
// An id is 17 digits and a check character 0-9, X or x. Error
// (InvalidArgument): any other line, as "FILE line N: ..." saying what is
// wrong with it without repeating it (docs/privacy.md).
absl::StatusOr<AcceptedIdList> ParseAcceptedIds(std::string_view name, std::string_view content);

// ReadWholeFile(path) (its errors), then ParseAcceptedIds with `path` as the name.
absl::StatusOr<AcceptedIdList> ReadAcceptedIds(const std::string& path);

// A resident id field of an exchange file as the importer reads it:
// ParseAnyResidentId (18 characters, or the old 15 digits converted), except
// that an 18-character id failing only its checksum is read as written if it
// is on `accepted`.
struct ExchangeId {
  ParsedId parsed;
  bool accepted = false;  // on the list: parsed.packed is the id as written
  bool ok() const { return parsed.ok() || accepted; }
};
ExchangeId ReadExchangeId(std::string_view text, const AcceptedIds& accepted);

}  // namespace safetynet
