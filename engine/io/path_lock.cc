#include "engine/io/path_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "engine/common/text.h"

namespace safetynet {
namespace {

absl::Status Refuse(const std::string& shown, std::string_view why) {
  return absl::FailedPreconditionError(Cat("refusing to write to ", shown, ": ", why));
}

// The pid a lock file holds, or "" if it holds anything else (empty: "?").
std::string PidIn(int fd, bool& is_lock_file) {
  char text[32] = {};
  ssize_t got = ::pread(fd, text, sizeof text - 1, 0);
  std::string pid(text, got > 0 ? static_cast<size_t>(got) : 0);
  if (!pid.empty() && pid.back() == '\n') pid.pop_back();
  is_lock_file = got >= 0 && got < static_cast<ssize_t>(sizeof text - 1) &&
                 pid.find_first_not_of("0123456789") == std::string::npos;  // "PID\n" or empty
  return pid.empty() ? "?" : pid;
}

}  // namespace

absl::StatusOr<PathLock> PathLock::Take(int dir_fd, const std::string& name,
                                        const std::string& shown) {
  const std::string file = Cat(".", name, ".safetynet-lock");
  PathLock lock;
  lock.fd_ =
      ::openat(dir_fd, file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
  if (lock.fd_ < 0) {
    if (errno == ELOOP) return Refuse(shown, Cat(file, " beside it is a symbolic link: remove it"));
    if (errno == EISDIR) return Refuse(shown, Cat(file, " beside it is a folder: remove it"));
    return absl::UnavailableError(
        Cat("cannot create the lock file ", file, " beside ", shown, ": ", std::strerror(errno)));
  }
  struct stat info;
  bool is_lock_file = false;
  const std::string holder = PidIn(lock.fd_, is_lock_file);
  if (::fstat(lock.fd_, &info) != 0 || !S_ISREG(info.st_mode) || info.st_nlink != 1 ||
      !is_lock_file) {
    return Refuse(shown, Cat(file,
                             " beside it is not a safetynet lock file (it holds something "
                             "else): move it away"));
  }
  struct flock range = {};
  range.l_type = F_WRLCK;
  range.l_whence = SEEK_SET;
  if (::fcntl(lock.fd_, F_OFD_SETLK, &range) != 0) {
    return Refuse(shown, Cat("another safetynet process (pid ", holder,
                             ") is writing it now; run again when it has finished"));
  }
  const std::string pid = Cat(::getpid(), "\n");
  if (::ftruncate(lock.fd_, 0) != 0 || ::pwrite(lock.fd_, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for the message another process shows; the lock holds without it.
  }
  return lock;
}

PathLock::PathLock(PathLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

PathLock& PathLock::operator=(PathLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

PathLock::~PathLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace safetynet
