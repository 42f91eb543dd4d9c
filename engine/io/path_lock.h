// A lock on a path that a safetynet process writes (an output folder, a
// snapshot), so that a second process on the same path is refused while the
// first works: an open-file-description lock on the hidden file
// `.NAME.safetynet-lock` beside it, which holds the pid of the holder (for
// the message) and stays after the lock is released. A file of that name
// that is not such a lock file (other contents, several links) is never
// written: the path is refused until it is removed. The lock is released
// when the PathLock is destroyed or the process ends (also by SIGKILL).
// One owner; movable; not shared between threads.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace safetynet {

class PathLock {
 public:
  // Locks `name` in the folder open as `dir_fd`; `shown` is the path as the
  // user gave it. FailedPrecondition (naming `shown` and the holder's pid)
  // if another process holds it or the lock file is not one; Unavailable if
  // it cannot be created.
  static absl::StatusOr<PathLock> Take(int dir_fd, const std::string& name,
                                       const std::string& shown);
  PathLock(PathLock&& other) noexcept;
  PathLock& operator=(PathLock&& other) noexcept;
  ~PathLock();

 private:
  PathLock() = default;
  int fd_ = -1;
};

}  // namespace safetynet
