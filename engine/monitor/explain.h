// Explain: for one household, person or elderly resident, every rule of its
// kind with fired / not fired, each term of the rule's condition with
// yes / no, the values that decided it (why and why not), its derived values,
// and its entitlements. Thread-safe: calls share only read-only inputs.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/common/date.h"
#include "engine/lang/program.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

// `subject_id` is a household id or a resident id (a person, an elderly
// resident, or both), with or without blanks around it, a resident id's
// check character X in either case, or an old 15-digit id (found by its
// 18-character form). A resident id whose check character is wrong finds
// whom the import accepted with it (import --accept-ids). NotFound if
// nothing has that id (saying so if a resident id's check character is
// wrong, and what it would be).
absl::StatusOr<std::string> Explain(const lang::Program& program, const Dataset& data, Days as_of,
                                    std::string_view subject_id);

}  // namespace safetynet::monitor
