#include "engine/io/files.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <functional>
#include <new>
#include <span>
#include <utility>
#include <vector>

#include "engine/common/huge_pages.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/temporaries.h"

namespace safetynet {
namespace {

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  int error = errno;
  std::string message = Cat("cannot ", what, " ", path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::UnavailableError(message);
}

std::string TemporaryName(const std::string& path) {
  return Cat(path, ".safetynet-tmp.", ::getpid());
}

// Writes `parts` to `fd`, in batches of one system call each.
absl::Status WriteAll(int fd, std::span<const std::string_view> parts, const std::string& name) {
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
      return ErrnoError("write", name);
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
  return absl::OkStatus();
}

// Whether the file open as `fd` begins with `signature`.
bool BeginsWith(int fd, std::string_view signature) {
  std::string start(signature.size(), '\0');
  return ::pread(fd, start.data(), start.size(), 0) == static_cast<ssize_t>(start.size()) &&
         start == signature;
}

enum class Durability { kRenameOnly, kOnDisk };

// Writes `parts` into the temporary of `path` (with kOnDisk, flushed to the
// disk before it is closed); on success `registration` holds it (the caller
// renames it), on failure it is removed.
absl::Status WriteTemporary(const std::string& path, std::span<const std::string_view> parts,
                            Durability durability, Temporary& registration) {
  const std::string temporary = TemporaryName(path);
  int fd = Temporary::CreateFile(temporary, registration);
  if (fd < 0 && errno == EEXIST) {  // left by a dead process that had this pid
    ::unlink(temporary.c_str());
    fd = Temporary::CreateFile(temporary, registration);
  }
  if (fd < 0) return ErrnoError("create", temporary);
  absl::Status status = WriteAll(fd, parts, temporary);
  if (status.ok() && durability == Durability::kOnDisk && ::fdatasync(fd) != 0) {
    status = ErrnoError("flush to disk", temporary);
  }
  // No fsync: the rename already guarantees that a killed process leaves the
  // old file or the new one; forcing every output to the disk would cost
  // more than the whole nightly computation.
  if (::close(fd) != 0 && status.ok()) status = ErrnoError("flush", temporary);
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    registration.Forget();
  }
  return status;
}

absl::Status WriteParts(const std::string& path, std::span<const std::string_view> parts) {
  Temporary registration;
  SAFETYNET_RETURN_IF_ERROR(WriteTemporary(path, parts, Durability::kRenameOnly, registration));
  const std::string temporary = TemporaryName(path);
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    absl::Status status = ErrnoError("rename into", path);
    ::unlink(temporary.c_str());
    return status;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status MakePrivateFolder(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::InternalError(Cat("cannot make ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

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

absl::StatusOr<FileAppender> FileAppender::Create(const std::string& path, size_t buffer_bytes) {
  FileAppender file;
  const std::string temporary = TemporaryName(path);
  file.fd_ = Temporary::CreateFile(temporary, file.registration_);
  if (file.fd_ < 0 && errno == EEXIST) {  // left by a dead process that had this pid
    ::unlink(temporary.c_str());
    file.fd_ = Temporary::CreateFile(temporary, file.registration_);
  }
  if (file.fd_ < 0) return ErrnoError("create", temporary);
  file.path_ = path;
  file.buffer_bytes_ = buffer_bytes;
  return file;
}

FileAppender::FileAppender(FileAppender&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      buffer_(std::move(other.buffer_)),
      buffer_bytes_(other.buffer_bytes_),
      status_(std::move(other.status_)),
      registration_(std::move(other.registration_)) {}

FileAppender::~FileAppender() { Discard(); }

void FileAppender::Append(std::string_view bytes) {
  if (buffer_.size() + bytes.size() > buffer_bytes_) Flush();
  if (bytes.size() >= buffer_bytes_) {
    if (status_.ok()) status_ = WriteAll(fd_, {&bytes, 1}, TemporaryName(path_));
  } else {
    buffer_.append(bytes);
  }
}

void FileAppender::Flush() {
  const std::string_view pending = buffer_;
  if (status_.ok() && !pending.empty())
    status_ = WriteAll(fd_, {&pending, 1}, TemporaryName(path_));
  buffer_.clear();
}

absl::Status FileAppender::Commit() {
  if (fd_ < 0) return absl::FailedPreconditionError(Cat("cannot write ", path_, " twice"));
  Flush();
  const std::string temporary = TemporaryName(path_);
  if (::close(std::exchange(fd_, -1)) != 0 && status_.ok())
    status_ = ErrnoError("flush", temporary);
  if (status_.ok() && ::rename(temporary.c_str(), path_.c_str()) != 0) {
    status_ = ErrnoError("rename into", path_);
  }
  if (!status_.ok()) ::unlink(temporary.c_str());
  registration_.Forget();
  return status_;
}

void FileAppender::Discard() {
  if (fd_ < 0) return;
  ::close(std::exchange(fd_, -1));
  ::unlink(TemporaryName(path_).c_str());
  registration_.Forget();
}

absl::Status WriteFilesTogether(std::span<const FileToWrite> files) {
  std::vector<Temporary> registrations(files.size());
  absl::Status status;
  size_t written = 0;
  for (; written < files.size() && status.ok(); ++written) {
    const FileToWrite& file = files[written];
    // On the disk before any is renamed: a power cut never leaves one of
    // them renamed but empty.
    status = WriteTemporary(file.path, std::span<const std::string_view>(&file.contents, 1),
                            Durability::kOnDisk, registrations[written]);
  }
  // Each new file takes its place; an old one moves to the temporary name.
  std::vector<bool> exchanged(files.size());
  size_t placed = 0;
  for (; status.ok() && placed < files.size(); ++placed) {
    const std::string temporary = TemporaryName(files[placed].path);
    const char* target = files[placed].path.c_str();
    struct stat info;
    if (::lstat(target, &info) == 0 && !S_ISREG(info.st_mode)) {
      status = absl::FailedPreconditionError(
          Cat("cannot write ", files[placed].path, ": something that is not a file is there"));
      break;
    }
    if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target, RENAME_EXCHANGE) == 0) {
      exchanged[placed] = true;
    } else if (errno != ENOENT && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
      status = ErrnoError("rename into", files[placed].path);
      break;
    } else if (::rename(temporary.c_str(), target) != 0) {
      // (No previous file, or a file system without atomic exchange: then the
      // previous file is replaced and cannot be put back.)
      status = ErrnoError("rename into", files[placed].path);
      break;
    }
  }
  if (!status.ok()) {  // put back what was replaced
    std::string not_put_back;
    for (size_t i = 0; i < placed; ++i) {
      const std::string temporary = TemporaryName(files[i].path);
      const char* target = files[i].path.c_str();
      const bool back = exchanged[i] ? ::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target,
                                                   RENAME_EXCHANGE) == 0
                                     : ::unlink(target) == 0;
      if (!back) not_put_back += Cat(not_put_back.empty() ? "" : ", ", files[i].path);
    }
    if (!not_put_back.empty()) {
      status = absl::DataLossError(Cat(std::string(status.message()), "; and ", not_put_back,
                                       " could not be put back as it was: it is the new one"));
    }
  }
  for (size_t i = 0; i < written; ++i) ::unlink(TemporaryName(files[i].path).c_str());
  return status;
}

void RemoveStaleTemporaries(const std::string& path, std::string_view signature) {
  int fd = ::open(ParentOf(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ForEachStaleTemporary(
      fd, Cat(BaseOf(path), ".safetynet-tmp."), '\0', [&](int dir_fd, const std::string& name) {
        int file = ::openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (file < 0) return;
        struct stat info;
        const bool ours = ::fstat(file, &info) == 0 && S_ISREG(info.st_mode) &&
                          (info.st_size == 0 || BeginsWith(file, signature));
        ::close(file);
        if (ours) ::unlinkat(dir_fd, name.c_str(), 0);
      });
  ::close(fd);
}

absl::Status CheckReplaceableFile(const std::string& path, std::string_view signature,
                                  std::string_view what) {
  struct stat info;
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return ErrnoError("look at", path);
  }
  auto refuse = [&](std::string_view why) {
    return absl::FailedPreconditionError(
        Cat("refusing to write the ", what, " ", path, ": ", why, "; give another path"));
  };
  if (S_ISLNK(info.st_mode)) return refuse("it is a symbolic link");
  if (!S_ISREG(info.st_mode)) return refuse("it exists and is not a file");
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  const bool ours = fd >= 0 && BeginsWith(fd, signature);
  if (fd >= 0) ::close(fd);
  if (!ours) {
    return refuse(Cat("a file is there that is not a ", what, " safetynet wrote"));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> OpenRegularFile(const std::string& path) {
  // O_NONBLOCK: opening a pipe with no writer would wait forever.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return ErrnoError("open", path);
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    absl::Status status = ErrnoError("stat", path);
    ::close(fd);
    return status;
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    const char* what = S_ISDIR(info.st_mode)    ? "a folder"
                       : S_ISFIFO(info.st_mode) ? "a pipe (FIFO)"
                       : S_ISSOCK(info.st_mode) ? "a socket"
                                                : "a device";
    return absl::InvalidArgumentError(Cat(path, " is ", what, ", not a regular file"));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

namespace {

// Reads the regular file `path` into the buffer `allocate(size)` gives; the
// bytes read (fewer if the file shrank meanwhile).
absl::StatusOr<size_t> ReadInto(const std::string& path,
                                const std::function<char*(size_t size)>& allocate) {
  SAFETYNET_ASSIGN_OR_RETURN(int fd, OpenRegularFile(path));
  struct stat info;
  if (::fstat(fd, &info) != 0) {
    absl::Status status = ErrnoError("stat", path);
    ::close(fd);
    return status;
  }
  const size_t size = static_cast<size_t>(info.st_size);
  char* data = allocate(size);
  size_t done = 0;
  absl::Status status;
  while (done < size) {
    ssize_t got = ::read(fd, data + done, size - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) status = ErrnoError("read", path);
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  SAFETYNET_RETURN_IF_ERROR(status);
  return done;
}

}  // namespace

absl::Status ReadWholeFile(const std::string& path, std::string& contents) {
  SAFETYNET_ASSIGN_OR_RETURN(size_t done, ReadInto(path, [&](size_t size) {
                               contents.resize(size);
                               return contents.data();
                             }));
  contents.resize(done);
  return absl::OkStatus();
}

absl::StatusOr<FileBytes> FileBytes::Read(const std::string& path) {
  FileBytes bytes;
  constexpr size_t kHugePage = size_t{2} << 20;
  SAFETYNET_ASSIGN_OR_RETURN(
      bytes.size_, ReadInto(path, [&](size_t size) {
        const size_t rounded = (std::max<size_t>(size, 1) + kHugePage - 1) & ~(kHugePage - 1);
        bytes.data_.reset(static_cast<char*>(std::aligned_alloc(kHugePage, rounded)));
        if (bytes.data_ == nullptr) throw std::bad_alloc();
        AdviseHugePages(bytes.data_.get(), rounded);
        return bytes.data_.get();
      }));
  return bytes;
}

}  // namespace safetynet
