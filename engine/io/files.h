// Whole-file reads, and atomic writes: a file is written under a temporary
// name in the same folder, then renamed into place, so a reader (or a crash)
// never sees a half-written file. Files are created readable and writable by the owner only (0600):
// they hold residents' data. Thread-safe for distinct paths.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace safetynet {

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents);

// The same for a file made of several parts written one after the other.
absl::Status WriteFileAtomically(const std::string& path, const std::vector<std::string>& parts);
absl::Status WriteFileAtomically(const std::string& path, std::span<const std::string_view> parts);

// Reads a whole file; NotFound / error statuses name the path.
absl::Status ReadWholeFile(const std::string& path, std::string& contents);

}  // namespace safetynet
