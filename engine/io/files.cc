#include "engine/io/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <span>
#include <vector>

#include "engine/common/text.h"

namespace safetynet {
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  int error = errno;
  std::string message = Cat("cannot ", what, " ", path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::UnavailableError(message);
}

absl::Status WriteParts(const std::string& path, std::span<const std::string_view> parts) {
  std::string temporary = Cat(path, ".tmp.", getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("create", temporary);
  // Many small parts (say one per alert line) go out in batches, one system call each.
  std::vector<iovec> batch;
  for (size_t next = 0; next < parts.size() || !batch.empty();) {
    while (next < parts.size() && batch.size() < IOV_MAX) {
      if (!parts[next].empty())
        batch.push_back({const_cast<char*>(parts[next].data()), parts[next].size()});
      ++next;
    }
    if (batch.empty()) break;
    ssize_t written = ::writev(fd, batch.data(), static_cast<int>(batch.size()));
    if (written < 0) {
      if (errno == EINTR) continue;
      absl::Status status = ErrnoError("write", temporary);
      ::close(fd);
      ::unlink(temporary.c_str());
      return status;
    }
    // Drop what was written; a short write leaves the rest of a part in front.
    size_t done = 0;
    size_t left = static_cast<size_t>(written);
    while (done < batch.size() && left >= batch[done].iov_len) left -= batch[done++].iov_len;
    if (done < batch.size()) {
      batch[done].iov_base = static_cast<char*>(batch[done].iov_base) + left;
      batch[done].iov_len -= left;
    }
    batch.erase(batch.begin(), batch.begin() + static_cast<ptrdiff_t>(done));
  }
  // No fsync: the rename already guarantees that a killed process leaves the
  // old file or the new one; forcing every output to the disk would cost
  // more than the whole nightly computation.
  if (::close(fd) != 0) {
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

}  // namespace

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  return WriteParts(path, std::span<const std::string_view>(&contents, 1));
}

absl::Status WriteFileAtomically(const std::string& path, const std::vector<std::string>& parts) {
  std::vector<std::string_view> views(parts.begin(), parts.end());
  return WriteParts(path, views);
}

absl::Status WriteFileAtomically(const std::string& path, std::span<const std::string_view> parts) {
  return WriteParts(path, parts);
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
