// A new private folder for temporary files (PARENT/PREFIX-XXXXXX, mode
// 0700), removed with everything in it when the ScratchFolder goes away --
// also when the work in it ends early with an error. One owner; movable.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace safetynet {

class ScratchFolder {
 public:
  static absl::StatusOr<ScratchFolder> Create(const std::string& parent, std::string_view prefix);
  ScratchFolder(ScratchFolder&& other) noexcept;
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ~ScratchFolder();

  const std::string& path() const { return path_; }

 private:
  explicit ScratchFolder(std::string path) : path_(std::move(path)) {}
  std::string path_;  // "" once moved from
};

}  // namespace safetynet
