#include "engine/io/scratch_folder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/common/text.h"

namespace safetynet {

absl::StatusOr<ScratchFolder> ScratchFolder::Create(const std::string& parent_in,
                                                    std::string_view prefix) {
  const std::string parent = parent_in.empty() ? "." : parent_in;
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(
        Cat("cannot create a scratch folder in ", parent, ": ", std::strerror(errno)));
  }
  const std::string stem = Cat(prefix, "-");
  ForEachStaleTemporary(fd, stem, '-', RemoveTreeAt);
  ScratchFolder folder;
  for (int n = 0;; ++n) {
    const std::string name = Cat(stem, ::getpid(), "-", n);
    const std::string path = Cat(parent, parent.back() == '/' ? "" : "/", name);
    if (Temporary::CreateFolder(fd, name, path, folder.registration_) == 0) {
      folder.path_ = path;
      break;
    }
    if (errno != EEXIST || n >= 1000) {
      absl::Status status = absl::UnavailableError(
          Cat("cannot create a scratch folder in ", parent, ": ", std::strerror(errno)));
      ::close(fd);
      return status;
    }
  }
  ::close(fd);
  return folder;
}

ScratchFolder::ScratchFolder(ScratchFolder&& other) noexcept
    : path_(std::move(other.path_)), registration_(std::move(other.registration_)) {
  other.path_.clear();
}

ScratchFolder::~ScratchFolder() {
  if (!path_.empty()) RemoveTree(path_);
}

}  // namespace safetynet
