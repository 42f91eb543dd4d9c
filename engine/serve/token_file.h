// The live service's bearer token: read from a file only its owner can read,
// and compared in constant time. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet::serve {

// The token in the file at `path`: one line of at least 16 printable ASCII
// characters without spaces (a trailing "\n" or "\r\n" is stripped; at most
// 4096 bytes). The file must be a regular file, not a symlink (opened with
// O_NOFOLLOW, then checked with fstat on the descriptor), of mode exactly
// 0600 or 0400, owned by the running (effective) user.
// Errors, naming the file and never quoting its content: NotFound (no such
// file), FailedPrecondition (a symlink, not a regular file, another mode --
// saying `chmod 600 FILE` --, another owner), InvalidArgument (the content).
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// Whether `presented` equals `token`, in a time that depends on the length
// of `token` only (not on where the two differ).
bool TokenMatches(std::string_view presented, std::string_view token);

}  // namespace safetynet::serve
