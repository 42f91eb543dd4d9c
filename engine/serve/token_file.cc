#include "engine/serve/token_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace safetynet::serve {
namespace {

constexpr size_t kMaxTokenFileBytes = 4096;
constexpr size_t kMinTokenLength = 16;

// Closes a descriptor when it goes out of scope.
struct FileDescriptor {
  int fd;
  ~FileDescriptor() {
    if (fd >= 0) close(fd);
  }
};

absl::Status ModeError(const std::string& path, const std::string& what) {
  return absl::FailedPreconditionError(
      absl::StrCat("token file ", path, ": ", what,
                   "; it must be readable by its owner only (chmod 600 ", path, ")"));
}

}  // namespace

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  FileDescriptor file{open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)};
  if (file.fd < 0) {
    const int error = errno;
    if (error == ELOOP) {
      return absl::FailedPreconditionError(
          absl::StrCat("token file ", path, ": is a symbolic link; name the file itself"));
    }
    if (error == ENOENT)
      return absl::NotFoundError(absl::StrCat("token file ", path, ": no such file"));
    return absl::FailedPreconditionError(
        absl::StrCat("token file ", path, ": ", std::strerror(error)));
  }
  struct stat info;
  if (fstat(file.fd, &info) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("token file ", path, ": ", std::strerror(errno)));
  }
  if (!S_ISREG(info.st_mode)) return ModeError(path, "is not a regular file");
  const mode_t mode = info.st_mode & 07777;
  if (mode != 0600 && mode != 0400) {
    return ModeError(path, absl::StrFormat("has mode %04o", mode));
  }
  if (info.st_uid != geteuid()) {
    return absl::FailedPreconditionError(absl::StrCat("token file ", path, ": is owned by user ",
                                                      info.st_uid, ", not by the running user ",
                                                      geteuid()));
  }
  std::string content(kMaxTokenFileBytes + 1, '\0');
  size_t size = 0;
  while (size < content.size()) {
    const ssize_t n = read(file.fd, content.data() + size, content.size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return absl::FailedPreconditionError(
          absl::StrCat("token file ", path, ": ", std::strerror(errno)));
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  if (size > kMaxTokenFileBytes) {
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, ": longer than ",
                                                   kMaxTokenFileBytes,
                                                   " bytes; it holds one token line"));
  }
  content.resize(size);
  if (!content.empty() && content.back() == '\n') content.pop_back();
  if (!content.empty() && content.back() == '\r') content.pop_back();
  for (const char c : content) {
    if (c < 0x21 || c > 0x7e) {
      return absl::InvalidArgumentError(
          absl::StrCat("token file ", path,
                       ": the token must be one line of printable ASCII characters without spaces "
                       "(found another byte)"));
    }
  }
  if (content.size() < kMinTokenLength) {
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, ": the token has ",
                                                   content.size(), " characters; at least ",
                                                   kMinTokenLength, " are needed"));
  }
  return content;
}

bool TokenMatches(std::string_view presented, std::string_view token) {
  unsigned char difference = presented.size() == token.size() ? 0 : 1;
  for (size_t i = 0; i < token.size(); ++i) {
    const unsigned char p = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0;
    difference |= p ^ static_cast<unsigned char>(token[i]);
  }
  return difference == 0;
}

}  // namespace safetynet::serve
