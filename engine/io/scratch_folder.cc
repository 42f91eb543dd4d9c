#include "engine/io/scratch_folder.h"

#include <stdlib.h>

#include <cerrno>
#include <cstring>

#include "engine/common/text.h"
#include "engine/io/output_folder.h"

namespace safetynet {

absl::StatusOr<ScratchFolder> ScratchFolder::Create(const std::string& parent,
                                                    std::string_view prefix) {
  std::string path =
      Cat(parent, parent.empty() || parent.back() == '/' ? "" : "/", prefix, "-XXXXXX");
  if (::mkdtemp(path.data()) == nullptr) {
    return absl::UnavailableError(
        Cat("cannot create a scratch folder in ", parent, ": ", std::strerror(errno)));
  }
  return ScratchFolder(std::move(path));
}

ScratchFolder::ScratchFolder(ScratchFolder&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

ScratchFolder::~ScratchFolder() {
  if (!path_.empty()) RemoveTree(path_);
}

}  // namespace safetynet
