// The signals of a live service's journal as the rows of a signals.csv, for
// the night's import (`import --journal`, docs/api.md "The night and the
// journal"). Read only: the service may be running and holding its lock.
// Pure apart from reading the file; thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace safetynet::serve {

// The journal at `path` as signals.csv text (header, then a row per signal
// in the journal's order); a torn tail (never acknowledged) is left out.
// Errors: the file's (naming it), those of ParseJournal (not a journal,
// damage with valid records after it), DataLoss for a record that is not a
// journal entry.
absl::StatusOr<std::string> ReadJournalSignals(const std::string& path);

}  // namespace safetynet::serve
