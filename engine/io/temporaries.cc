#include "engine/io/temporaries.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

namespace safetynet {
namespace {

// The registry: paths to remove if a stopping signal comes.
std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}
std::multiset<std::string>& Registered() {
  static std::multiset<std::string> paths;
  return paths;
}

void Unregister(const std::string& path) {
  std::lock_guard lock(RegistryMutex());
  auto found = Registered().find(path);
  if (found != Registered().end()) Registered().erase(found);
}

constexpr int kStoppingSignals[] = {SIGINT, SIGTERM, SIGHUP};

sigset_t StoppingSignals() {
  sigset_t set;
  sigemptyset(&set);
  for (int stopping : kStoppingSignals) sigaddset(&set, stopping);
  return set;
}

// The signal thread: waits, removes every temporary, ends the process with the signal.
void WaitForStoppingSignal() {
  const sigset_t set = StoppingSignals();
  int caught = 0;
  while (sigwait(&set, &caught) != 0) {
  }
  RegistryMutex().lock();  // never released: nothing new is registered from here on
  for (const std::string& path : Registered()) RemoveTree(path);
  ::signal(caught, SIG_DFL);
  sigset_t just_this;
  sigemptyset(&just_this);
  sigaddset(&just_this, caught);
  pthread_sigmask(SIG_UNBLOCK, &just_this, nullptr);
  ::raise(caught);
  std::_Exit(128 + caught);  // not reached: the default action ends the process
}

// Removes everything in the folder open as `fd` (which this closes).
void RemoveContents(int fd) {
  for (const std::string& name : ListFolder(fd)) RemoveTreeAt(fd, name);
  ::close(fd);
}

}  // namespace

void InstallSignalCleanup() {
  const sigset_t set = StoppingSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(WaitForStoppingSignal).detach();
}

int Temporary::CreateFile(const std::string& path, Temporary& registration) {
  std::lock_guard lock(RegistryMutex());
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd >= 0) {
    Registered().insert(path);
    registration.path_ = path;
  }
  return fd;
}

int Temporary::CreateFolder(int dir_fd, const std::string& name, const std::string& path,
                            Temporary& registration) {
  std::lock_guard lock(RegistryMutex());
  if (::mkdirat(dir_fd, name.c_str(), 0700) != 0) return -1;
  Registered().insert(path);
  registration.path_ = path;
  return 0;
}

Temporary::Temporary(Temporary&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

Temporary& Temporary::operator=(Temporary&& other) noexcept {
  if (this != &other) {
    Forget();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

Temporary::~Temporary() { Forget(); }

void Temporary::Forget() {
  if (path_.empty()) return;
  Unregister(path_);
  path_.clear();
}

bool ProcessIsAlive(pid_t pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM); }

void ForEachStaleTemporary(int dir_fd, std::string_view prefix, char suffix_separator,
                           const std::function<void(int dir_fd, const std::string& name)>& visit) {
  std::vector<std::string> stale;
  for (const std::string& entry : ListFolder(dir_fd)) {
    std::string_view name = entry;
    if (!name.starts_with(prefix)) continue;
    std::string_view rest = name.substr(prefix.size());
    size_t digits = 0;
    long long pid = 0;
    while (digits < rest.size() && digits < 10 && rest[digits] >= '0' && rest[digits] <= '9') {
      pid = pid * 10 + (rest[digits++] - '0');
    }
    if (digits == 0) continue;
    if (digits < rest.size() && rest[digits] != suffix_separator) continue;
    if (digits == rest.size() - 1) continue;  // a separator with nothing after it
    if (!ProcessIsAlive(static_cast<pid_t>(pid)) || pid == ::getpid()) stale.push_back(entry);
  }
  for (const std::string& name : stale) visit(dir_fd, name);
}

std::vector<std::string> ListFolder(int folder_fd) {
  std::vector<std::string> names;
  // A descriptor of its own: closedir closes it, and its reading position is its own.
  int fd = ::openat(folder_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return names;
  DIR* dir = ::fdopendir(fd);
  if (dir == nullptr) {
    ::close(fd);
    return names;
  }
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  return names;
}

bool HoldsFile(int dir_fd, const std::string& name, std::string_view file) {
  int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info;
  const bool holds = ::fstatat(fd, std::string(file).c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 &&
                     S_ISREG(info.st_mode);
  ::close(fd);
  return holds;
}

void RemoveTreeAt(int dir_fd, const std::string& name) {
  constexpr int kAttempts = 100;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    struct stat info;
    if (::fstatat(dir_fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return;  // gone
    if (!S_ISDIR(info.st_mode)) {
      ::unlinkat(dir_fd, name.c_str(), 0);
      return;
    }
    int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    RemoveContents(fd);
    if (::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) == 0 || errno != ENOTEMPTY) return;
  }
}

void RemoveTree(const std::string& path) {
  const std::string parent = ParentOf(path);
  int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  RemoveTreeAt(fd, BaseOf(path));
  ::close(fd);
}

std::string ParentOf(const std::string& path) {
  size_t end = path.size();
  while (end > 1 && path[end - 1] == '/') --end;
  size_t slash = path.find_last_of('/', end - 1);
  if (slash == std::string::npos) return ".";
  while (slash > 0 && path[slash - 1] == '/') --slash;
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  size_t end = path.size();
  while (end > 1 && path[end - 1] == '/') --end;
  size_t slash = path.find_last_of('/', end - 1);
  return slash == std::string::npos ? path.substr(0, end) : path.substr(slash + 1, end - slash - 1);
}

}  // namespace safetynet
