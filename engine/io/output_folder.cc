#include "engine/io/output_folder.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/common/text.h"

namespace safetynet {
namespace {

std::string Parent(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string Base(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

void RemoveTree(const std::string& path) {
  if (DIR* dir = ::opendir(path.c_str())) {
    while (dirent* entry = ::readdir(dir)) {
      std::string name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string child = path + "/" + name;
      struct stat info;
      if (::lstat(child.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
        RemoveTree(child);
      } else {
        ::unlink(child.c_str());
      }
    }
    ::closedir(dir);
  }
  ::rmdir(path.c_str());
}

absl::StatusOr<OutputFolder> OutputFolder::Begin(const std::string& folder_in) {
  std::string folder = folder_in;
  while (folder.size() > 1 && folder.back() == '/') folder.pop_back();
  // Stale staging folders of killed runs.
  const std::string prefix = Base(folder) + ".partial-";
  if (DIR* dir = ::opendir(Parent(folder).c_str())) {
    while (dirent* entry = ::readdir(dir)) {
      std::string name = entry->d_name;
      if (name.rfind(prefix, 0) == 0) RemoveTree(Parent(folder) + "/" + name);
    }
    ::closedir(dir);
  }
  std::string staging = Cat(folder, ".partial-", ::getpid());
  if (::mkdir(staging.c_str(), 0700) != 0) {
    return absl::UnavailableError(Cat("cannot create ", staging, ": ", std::strerror(errno)));
  }
  return OutputFolder(folder, staging);
}

OutputFolder::OutputFolder(OutputFolder&& other) noexcept
    : folder_(std::move(other.folder_)), staging_(std::move(other.staging_)), done_(other.done_) {
  other.done_ = true;
}

OutputFolder::~OutputFolder() {
  if (!done_) RemoveTree(staging_);
}

std::string OutputFolder::Path(std::string_view file) const { return Cat(staging_, "/", file); }

absl::Status OutputFolder::Commit() {
  struct stat info;
  if (::stat(folder_.c_str(), &info) != 0) {
    if (::rename(staging_.c_str(), folder_.c_str()) != 0) {
      return absl::UnavailableError(
          Cat("cannot rename ", staging_, " to ", folder_, ": ", std::strerror(errno)));
    }
  } else {
    if (!S_ISDIR(info.st_mode))
      return absl::InvalidArgumentError(Cat(folder_, " exists and is not a folder"));
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, folder_.c_str(), RENAME_EXCHANGE) != 0) {
      return absl::UnavailableError(
          Cat("cannot swap ", staging_, " into ", folder_, ": ", std::strerror(errno)));
    }
    RemoveTree(staging_);  // now the previous outputs
  }
  done_ = true;
  return absl::OkStatus();
}

}  // namespace safetynet
