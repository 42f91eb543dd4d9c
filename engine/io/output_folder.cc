#include "engine/io/output_folder.h"

#include <dirent.h>
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
  if (fd < 0) return absl::UnavailableError(Cat("cannot open ", folder, ": ", std::strerror(errno)));
  const std::string marked = MarkerCommand(fd);
  std::vector<std::string> entries;
  if (DIR* dir = ::fdopendir(fd)) {
    while (dirent* entry = ::readdir(dir)) {
      std::string_view name = entry->d_name;
      if (name != "." && name != "..") entries.emplace_back(name);
    }
    ::closedir(dir);
  } else {
    ::close(fd);
  }
  if (entries.empty() || marked == command) return absl::OkStatus();
  if (!marked.empty()) {
    return Refuse(folder, Cat("it holds the outputs of 'safetynet ", marked, "', not of 'safetynet ",
                              command, "': give another folder"));
  }
  std::sort(entries.begin(), entries.end());
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
  if (IsSameOrInside(Canonical("."), canonical)) {
    return Refuse(folder, "it is the folder you are working in, or holds it");
  }
  for (const std::string& input : inputs) {
    const std::string in = Canonical(input);
    if (IsSameOrInside(in, canonical)) {
      return Refuse(folder, Cat(in == canonical ? "it is" : "it holds", " the input ", input));
    }
    if (IsSameOrInside(canonical, in)) return Refuse(folder, Cat("it is inside the input ", input));
  }
  return absl::OkStatus();
}

// Takes the lock beside the folder; FailedPrecondition if another process has it.
absl::StatusOr<int> Lock(int parent_fd, const std::string& base, const std::string& folder) {
  const std::string name = Cat(".", base, ".safetynet-lock");
  int fd = ::openat(parent_fd, name.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(
        Cat("cannot create the lock file ", name, " beside ", folder, ": ", std::strerror(errno)));
  }
  struct flock lock = {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  if (::fcntl(fd, F_OFD_SETLK, &lock) != 0) {
    char text[32] = {};
    ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
    ::close(fd);
    std::string pid = got > 0 ? std::string(text, static_cast<size_t>(got)) : "?";
    while (!pid.empty() && pid.back() == '\n') pid.pop_back();
    return Refuse(folder, Cat("another safetynet process (pid ", pid,
                              ") is writing it now; run again when it has finished"));
  }
  const std::string pid = Cat(::getpid(), "\n");
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message another process shows; the lock holds without it.
  }
  return fd;
}

}  // namespace

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
  RETURN_IF_ERROR(CheckPlace(out.folder_, out.base_, canonical, claim.inputs));
  RETURN_IF_ERROR(CheckReplaceable(out.parent_fd_, out.base_, out.folder_, out.command_));
  ASSIGN_OR_RETURN(out.lock_fd_, Lock(out.parent_fd_, out.base_, out.folder_));
  // Under the lock: the folder may have changed while we waited for it.
  RETURN_IF_ERROR(CheckReplaceable(out.parent_fd_, out.base_, out.folder_, out.command_));

  // Staging folders of processes that are gone, recognised by name and marker.
  ForEachStaleTemporary(out.parent_fd_, Cat(out.base_, ".partial-"), '-',
                        [](int dir_fd, const std::string& name) {
                          int fd = ::openat(dir_fd, name.c_str(),
                                            O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                          if (fd < 0) return;
                          const bool ours = !MarkerCommand(fd).empty();
                          ::close(fd);
                          if (ours) RemoveTreeAt(dir_fd, name);
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
  RETURN_IF_ERROR(WriteFileAtomically(out.Path(kOutputMarker), Cat("safetynet ", out.command_, "\n")));
  return out;
}

OutputFolder::OutputFolder(OutputFolder&& other) noexcept
    : folder_(std::move(other.folder_)),
      command_(std::move(other.command_)),
      base_(std::move(other.base_)),
      staging_base_(std::move(other.staging_base_)),
      parent_fd_(std::exchange(other.parent_fd_, -1)),
      lock_fd_(std::exchange(other.lock_fd_, -1)),
      staging_(std::move(other.staging_)),
      done_(std::exchange(other.done_, true)) {}

OutputFolder::~OutputFolder() {
  if (!done_) RemoveTreeAt(parent_fd_, staging_base_);
  staging_.Forget();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
  if (parent_fd_ >= 0) ::close(parent_fd_);
}

std::string OutputFolder::StagingPath() const { return Cat(ParentOf(folder_), "/", staging_base_); }

std::string OutputFolder::Path(std::string_view file) const { return Cat(StagingPath(), "/", file); }

absl::Status OutputFolder::Commit() {
  RETURN_IF_ERROR(CheckReplaceable(parent_fd_, base_, folder_, command_));
  const char* staging = staging_base_.c_str();
  const char* target = base_.c_str();
  if (::renameat2(parent_fd_, staging, parent_fd_, target, RENAME_EXCHANGE) == 0) {
    RemoveTreeAt(parent_fd_, staging_base_);  // now the previous outputs
  } else if (errno != ENOENT || ::renameat(parent_fd_, staging, parent_fd_, target) != 0) {
    return absl::UnavailableError(
        Cat("cannot put the new outputs in place of ", folder_, ": ", std::strerror(errno)));
  }
  staging_.Forget();
  done_ = true;
  return absl::OkStatus();
}

}  // namespace safetynet
