#include "engine/io/output_folder.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"

namespace safetynet {
namespace {

absl::Status Refuse(const std::string& folder, std::string_view why) {
  return absl::FailedPreconditionError(Cat("refusing to write to ", folder, ": ", why));
}

std::string Canonical(const std::string& path) {
  char resolved[PATH_MAX];
  return ::realpath(path.c_str(), resolved) ? std::string(resolved) : std::string();
}

// True if `inner` is `outer` or a path inside it (both canonical).
bool IsSameOrInside(const std::string& inner, const std::string& outer) {
  if (inner.empty() || outer.empty()) return false;
  if (outer == "/") return true;
  return inner == outer || (inner.starts_with(outer) && inner[outer.size()] == '/');
}

// The command named by the marker in the folder open as `fd`, or "" if there is none.
std::string MarkerCommand(int fd) {
  int marker = ::openat(fd, std::string(kOutputMarker).c_str(),
                        O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (marker < 0) return "";
  struct stat info;
  char text[256];
  ssize_t got = -1;
  if (::fstat(marker, &info) == 0 && S_ISREG(info.st_mode)) got = ::read(marker, text, sizeof text);
  ::close(marker);
  if (got <= 0) return "";
  std::string_view first(text, static_cast<size_t>(got));
  first = first.substr(0, first.find('\n'));
  constexpr std::string_view kPrefix = "safetynet ";
  return first.starts_with(kPrefix) ? std::string(first.substr(kPrefix.size())) : "";
}

// Whether the folder `name` in the folder open as `dir_fd` holds a marker
// file (of any content: a killed process may have left it empty) or nothing
// at all: the two states a staging folder can be left in.
bool MarkedOrEmpty(int dir_fd, const std::string& name) {
  if (HoldsFile(dir_fd, name, kOutputMarker)) return true;
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  const bool empty = ListFolder(fd).empty();
  ::close(fd);
  return empty;
}

// Removes the outputs folder `name` (never following a link), its marker
// last: a process killed while removing leaves a folder that is still
// recognised (MarkedOrEmpty) and removed by the next run.
void RemoveOutputsAt(int dir_fd, const std::string& name) {
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    for (const std::string& entry : ListFolder(fd)) {
      if (entry != kOutputMarker) RemoveTreeAt(fd, entry);
    }
    ::close(fd);
  }
  RemoveTreeAt(dir_fd, name);  // the marker, then the folder
}

// True if `base` is named as a staging folder is (NAME.partial-PID-N...).
bool LooksLikeStaging(std::string_view base) {
  size_t at = base.rfind(".partial-");
  if (at == std::string_view::npos) return false;
  std::string_view rest = base.substr(at + 9);
  size_t digits = 0;
  while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
  return digits > 0 && digits < rest.size() && rest[digits] == '-';
}

// Whether `base` in the folder open as `parent_fd` may be replaced by `command`.
absl::Status CheckReplaceable(int parent_fd, const std::string& base, const std::string& folder,
                              const std::string& command) {
  struct stat info;
  if (::fstatat(parent_fd, base.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return absl::UnavailableError(Cat("cannot look at ", folder, ": ", std::strerror(errno)));
  }
  if (S_ISLNK(info.st_mode)) {
    char target[PATH_MAX];
    ssize_t length = ::readlinkat(parent_fd, base.c_str(), target, sizeof target - 1);
    std::string to = length > 0 ? std::string(target, static_cast<size_t>(length)) : "?";
    return Refuse(folder, Cat("it is a symbolic link (to ", to,
                              "); safetynet never follows a link in a folder it replaces: give "
                              "the folder itself or a new one"));
  }
  if (!S_ISDIR(info.st_mode)) return Refuse(folder, "it exists and is not a folder");
  int fd = ::openat(parent_fd, base.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return absl::UnavailableError(Cat("cannot open ", folder, ": ", std::strerror(errno)));
  const std::string marked = MarkerCommand(fd);
  std::vector<std::string> entries = ListFolder(fd);
  ::close(fd);
  if (entries.empty() || marked == command) return absl::OkStatus();
  if (!marked.empty()) {
    return Refuse(folder, Cat("it holds the outputs of 'safetynet ", marked,
                              "', not of 'safetynet ", command, "': give another folder"));
  }
  std::sort(entries.begin(), entries.end());
  if (std::find(entries.begin(), entries.end(), kOutputMarker) != entries.end()) {
    return Refuse(folder, Cat("its ", kOutputMarker, " is not a marker safetynet wrote (",
                              entries.size(), " entries): give a new or empty folder"));
  }
  return Refuse(folder, Cat("it is a folder that safetynet did not write (", entries.size(),
                            " entries, such as '", entries.front(), "', and no ", kOutputMarker,
                            " marker). safetynet replaces its output folder whole, deleting what "
                            "is in it: give a new or empty folder (outputs of a safetynet older "
                            "than the marker: remove the folder once)"));
}

// Refuses `.`, `..`, the working folder or one above it, and a folder equal
// to, above or below an input. `canonical` is the folder's canonical path.
absl::Status CheckPlace(const std::string& folder, const std::string& base,
                        const std::string& canonical, const std::vector<std::string>& inputs) {
  if (base.empty() || base == "." || base == ".." || base == "/") {
    return Refuse(folder, "give the output folder by its own name, not '.', '..' or '/'");
  }
  if (LooksLikeStaging(base)) {
    return Refuse(folder,
                  "it is named as the staging folder of a safetynet run (NAME.partial-PID-N)");
  }
  if (IsSameOrInside(Canonical("."), canonical)) {
    return Refuse(folder, "it is the folder you are working in, or holds it");
  }
  SAFETYNET_RETURN_IF_ERROR(CheckNotInsideOutputs(folder));
  for (const std::string& input : inputs) {
    const std::string in = Canonical(input);
    if (IsSameOrInside(in, canonical)) {
      return Refuse(folder, Cat(in == canonical ? "it is" : "it holds", " the input ", input));
    }
    if (IsSameOrInside(canonical, in)) return Refuse(folder, Cat("it is inside the input ", input));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckNotInsideOutputs(const std::string& path) {
  const std::string canonical = Cat(Canonical(ParentOf(path)), "/", BaseOf(path));
  for (std::string folder = ParentOf(canonical); folder.size() > 1; folder = ParentOf(folder)) {
    struct stat info;
    const std::string marker = Cat(folder, "/", kOutputMarker);
    if (LooksLikeStaging(BaseOf(folder)) ||
        (::lstat(marker.c_str(), &info) == 0 && S_ISREG(info.st_mode))) {
      return Refuse(path, Cat("it is inside ", folder,
                              ", a folder of safetynet's outputs that "
                              "the next run replaces whole: give a path outside it"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<OutputFolder> OutputFolder::Begin(const std::string& folder_in,
                                                 const OutputClaim& claim) {
  OutputFolder out;
  out.folder_ = folder_in;
  while (out.folder_.size() > 1 && out.folder_.back() == '/') out.folder_.pop_back();
  out.command_ = claim.command;
  out.base_ = BaseOf(out.folder_);
  if (out.folder_.empty()) return Refuse("''", "give the output folder's name");
  const std::string parent = ParentOf(out.folder_);
  out.parent_fd_ = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (out.parent_fd_ < 0) {
    return absl::UnavailableError(Cat("cannot open ", parent, ", the folder that would hold ",
                                      out.folder_, ": ", std::strerror(errno)));
  }
  const std::string canonical = Cat(Canonical(parent), "/", out.base_);
  SAFETYNET_RETURN_IF_ERROR(CheckPlace(out.folder_, out.base_, canonical, claim.inputs));
  SAFETYNET_RETURN_IF_ERROR(CheckReplaceable(out.parent_fd_, out.base_, out.folder_, out.command_));
  SAFETYNET_ASSIGN_OR_RETURN(PathLock lock, PathLock::Take(out.parent_fd_, out.base_, out.folder_));
  out.lock_.emplace(std::move(lock));
  // Under the lock: the folder may have changed while we waited for it.
  SAFETYNET_RETURN_IF_ERROR(CheckReplaceable(out.parent_fd_, out.base_, out.folder_, out.command_));

  // Staging folders of processes that are gone, recognised by name and marker.
  ForEachStaleTemporary(out.parent_fd_, Cat(out.base_, ".partial-"), '-',
                        [](int dir_fd, const std::string& name) {
                          if (MarkedOrEmpty(dir_fd, name)) RemoveOutputsAt(dir_fd, name);
                        });
  for (int n = 0;; ++n) {
    out.staging_base_ = Cat(out.base_, ".partial-", ::getpid(), "-", n);
    const std::string path = Cat(parent, "/", out.staging_base_);
    if (Temporary::CreateFolder(out.parent_fd_, out.staging_base_, path, out.staging_) == 0) break;
    if (errno != EEXIST || n >= 100) {
      return absl::UnavailableError(Cat("cannot create ", path, ": ", std::strerror(errno)));
    }
  }
  out.done_ = false;
  // The marker first, written in place (no temporary that a kill could strand).
  const std::string marker = Cat("safetynet ", out.command_, "\n");
  int marker_fd = ::open(out.Path(kOutputMarker).c_str(),
                         O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (marker_fd < 0 ||
      ::write(marker_fd, marker.data(), marker.size()) != static_cast<ssize_t>(marker.size())) {
    absl::Status status = absl::UnavailableError(
        Cat("cannot write ", out.Path(kOutputMarker), ": ", std::strerror(errno)));
    if (marker_fd >= 0) ::close(marker_fd);
    return status;
  }
  ::close(marker_fd);
  return out;
}

OutputFolder::OutputFolder(OutputFolder&& other) noexcept
    : folder_(std::move(other.folder_)),
      command_(std::move(other.command_)),
      base_(std::move(other.base_)),
      staging_base_(std::move(other.staging_base_)),
      parent_fd_(std::exchange(other.parent_fd_, -1)),
      lock_(std::move(other.lock_)),
      staging_(std::move(other.staging_)),
      done_(std::exchange(other.done_, true)) {}

OutputFolder::~OutputFolder() {
  if (!done_) RemoveOutputsAt(parent_fd_, staging_base_);
  staging_.Forget();
  if (parent_fd_ >= 0) ::close(parent_fd_);
}

std::string OutputFolder::StagingPath() const { return Cat(ParentOf(folder_), "/", staging_base_); }

std::string OutputFolder::Path(std::string_view file) const {
  return Cat(StagingPath(), "/", file);
}

absl::Status OutputFolder::Commit() {
  SAFETYNET_RETURN_IF_ERROR(CheckReplaceable(parent_fd_, base_, folder_, command_));
  const char* staging = staging_base_.c_str();
  const char* target = base_.c_str();
  auto cannot = [&](int error) {
    return absl::UnavailableError(
        Cat("cannot put the new outputs in place of ", folder_, ": ", std::strerror(error),
            error == EBUSY ? " (a mount point? give a folder inside it)" : ""));
  };
  if (::renameat2(parent_fd_, staging, parent_fd_, target, RENAME_EXCHANGE) == 0) {
    RemoveOutputsAt(parent_fd_, staging_base_);  // now the previous outputs
  } else if (errno == ENOENT) {                  // no previous outputs
    if (::renameat(parent_fd_, staging, parent_fd_, target) != 0) return cannot(errno);
  } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
    // A file system without atomic exchange (NFS, SMB): the previous outputs
    // step aside under a staging name (removed at the next start if we are
    // killed now), then the new ones take their place.
    const std::string old = Cat(staging_base_, "-previous");
    if (::renameat(parent_fd_, target, parent_fd_, old.c_str()) != 0) return cannot(errno);
    if (::renameat(parent_fd_, staging, parent_fd_, target) != 0) {
      const int error = errno;
      ::renameat(parent_fd_, old.c_str(), parent_fd_, target);
      return cannot(error);
    }
    RemoveOutputsAt(parent_fd_, old);
  } else {
    return cannot(errno);
  }
  staging_.Forget();
  done_ = true;
  return absl::OkStatus();
}

}  // namespace safetynet
