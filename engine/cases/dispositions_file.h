// Reads a caseworkers' dispositions file (docs/monitoring.md section 3):
// CSV with a header naming the columns case_id, date, action and worker (in
// any order; other columns are ignored), in UTF-8, GB18030 or UTF-16/32
// with a byte-order mark (engine/io/encoding.h, as import reads exports),
// any line ends. Every row comes back, readable or not: a row that is not
// CSV or lacks a field is returned with `unreadable` saying why, so that the
// night rejects it with its line (BAD_ROW, as it does an empty case_id or
// worker) -- never dropped. Fields are trimmed of surrounding spaces. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cases/night.h"

namespace safetynet::cases {

// The rows of the file at `path`. Errors (the night does not run): the file
// cannot be read (NotFound, or not a regular file); no encoding reads it; the
// header lacks a column (InvalidArgument naming the file and the column).
absl::StatusOr<std::vector<DispositionRow>> ReadDispositionsFile(const std::string& path);

// The same for a file's bytes, `name` naming it in messages.
absl::StatusOr<std::vector<DispositionRow>> ParseDispositions(std::string_view name,
                                                              std::string_view bytes);

}  // namespace safetynet::cases
