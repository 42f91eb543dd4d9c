#include "engine/io/scratch_folder.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/common/text.h"

namespace safetynet {
namespace {

// The empty file that marks a scratch folder as safetynet's.
constexpr char kScratchMarker[] = ".safetynet-scratch";

}  // namespace

absl::StatusOr<ScratchFolder> ScratchFolder::Create(const std::string& parent_in,
                                                    std::string_view prefix) {
  const std::string parent = parent_in.empty() ? "." : parent_in;
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return absl::UnavailableError(
        Cat("cannot create a scratch folder in ", parent, ": ", std::strerror(errno)));
  }
  const std::string stem = Cat(prefix, "-");
  // A dead process's scratch folder: a folder (not a link) holding the marker.
  ForEachStaleTemporary(fd, stem, '-', [](int dir_fd, const std::string& name) {
    if (HoldsFile(dir_fd, name, kScratchMarker)) RemoveTreeAt(dir_fd, name);
  });
  ScratchFolder folder;
  for (int n = 0;; ++n) {
    const std::string name = Cat(stem, ::getpid(), "-", n);
    const std::string path = Cat(parent, parent.back() == '/' ? "" : "/", name);
    if (Temporary::CreateFolder(fd, name, path, folder.registration_) == 0) {
      folder.path_ = path;
      int marker = ::openat(fd, Cat(name, "/", kScratchMarker).c_str(),
                            O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (marker >= 0) ::close(marker);
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
