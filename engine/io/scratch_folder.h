// A new private folder for temporary files (PARENT/PREFIX-PID-N, mode 0700,
// holding the empty marker file .safetynet-scratch), removed with everything
// in it when the ScratchFolder goes away -- also when the work in it ends
// early with an error, or the process is stopped by SIGINT, SIGTERM or
// SIGHUP (engine/io/temporaries.h). Scratch folders of the same prefix that
// processes now gone left behind (SIGKILL) are removed when a new one is
// created: only folders holding the marker. One owner; movable.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "engine/io/temporaries.h"

namespace safetynet {

class ScratchFolder {
 public:
  static absl::StatusOr<ScratchFolder> Create(const std::string& parent, std::string_view prefix);
  ScratchFolder(ScratchFolder&& other) noexcept;
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ~ScratchFolder();

  const std::string& path() const { return path_; }

 private:
  ScratchFolder() = default;
  std::string path_;  // "" once moved from
  Temporary registration_;
};

}  // namespace safetynet
