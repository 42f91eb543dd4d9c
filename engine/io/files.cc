#include "engine/io/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/common/text.h"

namespace safetynet {
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  int error = errno;
  std::string message = Cat("cannot ", what, " ", path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::UnavailableError(message);
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  std::string temporary = Cat(path, ".tmp.", getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("create", temporary);
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t written = ::write(fd, p, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      absl::Status status = ErrnoError("write", temporary);
      ::close(fd);
      ::unlink(temporary.c_str());
      return status;
    }
    p += written;
    left -= static_cast<size_t>(written);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    absl::Status status = ErrnoError("flush", temporary);
    ::unlink(temporary.c_str());
    return status;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("rename into", path);
    ::unlink(temporary.c_str());
    return status;
  }
  return absl::OkStatus();
}

absl::Status ReadWholeFile(const std::string& path, std::string& contents) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open", path);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    absl::Status status = ErrnoError("stat", path);
    ::close(fd);
    return status;
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError(Cat(path, " is a folder, not a file"));
  }
  contents.resize(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t got = ::read(fd, contents.data() + done, contents.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  contents.resize(done);
  return absl::OkStatus();
}

}  // namespace safetynet
