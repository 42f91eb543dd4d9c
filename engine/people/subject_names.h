// Who a subject is by name, for the caseworker lists that ask for names
// (`run --with-names`, docs/privacy.md): a person's and an elderly
// resident's name, and for a household its head's (relation HEAD; else its
// first member's). Read from the snapshot's name columns only when asked,
// so that no other output ever holds a name. Immutable once read;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/io/snapshot_part.h"

namespace safetynet::people {

class SubjectNames {
 public:
  // Reads the ids and names of `snapshot`. Errors: the snapshot's (a damaged
  // or unreadable chunk, naming it).
  static absl::StatusOr<SubjectNames> Read(const OpenSnapshot& snapshot);

  // The name of the subject of `kind` (HOUSEHOLD, PERSON, ELDERLY) and `id`
  // (as the lists write it); "" if unknown.
  std::string Of(std::string_view kind, std::string_view id) const;

 private:
  absl::flat_hash_map<std::string, std::string> households_, persons_, elderly_;
};

}  // namespace safetynet::people
