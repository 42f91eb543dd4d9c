// An output folder that changes all at once: files are written into a
// staging folder beside it (FOLDER.partial-PID), and Commit() swaps the
// staging folder into place with one atomic rename (renameat2
// RENAME_EXCHANGE when the folder already exists), then removes the old
// contents. A run killed at any moment leaves either the previous complete
// outputs or the new complete outputs, never a mix; an uncommitted staging
// folder is removed when the OutputFolder is destroyed, and stale ones of
// killed runs when the next run begins. The output folder belongs to
// safetynet: what else is in it is replaced. One owner; not thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet {

class OutputFolder {
 public:
  static absl::StatusOr<OutputFolder> Begin(const std::string& folder);
  OutputFolder(OutputFolder&& other) noexcept;
  OutputFolder& operator=(OutputFolder&&) = delete;
  ~OutputFolder();

  // Where to write `file` (in the staging folder).
  std::string Path(std::string_view file) const;
  absl::Status Commit();

 private:
  OutputFolder(std::string folder, std::string staging)
      : folder_(std::move(folder)), staging_(std::move(staging)) {}
  std::string folder_, staging_;
  bool done_ = false;
};

// Removes a folder and everything in it (for staging folders).
void RemoveTree(const std::string& path);

}  // namespace safetynet
