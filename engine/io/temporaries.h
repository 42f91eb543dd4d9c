// What this process has half-written -- staging folders of output folders,
// files being written under a temporary name -- so that none of it outlives
// the process:
//
// - a Temporary registers a path for as long as it lives; if the process is
//   stopped by SIGINT, SIGTERM or SIGHUP (after InstallSignalCleanup), every
//   registered path is removed (a folder with everything in it, never
//   following a link) before the process ends with that signal;
// - what a process killed with SIGKILL (or a power cut) leaves is found by
//   the next run: a temporary's name carries its owner's pid, and
//   ForEachStaleTemporary visits those whose owner is gone.
//
// Thread-safe: the registry is guarded by one mutex, which the signal
// cleanup takes and never gives back, so no temporary is created after the
// cleanup has begun.
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet {

// Blocks SIGINT, SIGTERM and SIGHUP and starts a thread that waits for them,
// removes the registered temporaries and re-raises the signal (the process
// ends as the signal says: exit status 128 + signal). Call once from main()
// before any other thread starts (threads inherit the blocked signals).
void InstallSignalCleanup();

// A path registered for removal on a stopping signal while the Temporary
// lives. Creating the file or folder through Create*() happens under the
// registry's lock, so a signal never leaves one behind. Destroying the
// Temporary only forgets the path (its owner removes or renames it). One
// owner; movable.
class Temporary {
 public:
  Temporary() = default;
  // Creates the file `path` (O_CREAT | O_EXCL | O_NOFOLLOW, mode 0600, open
  // for writing) and registers it. Returns the descriptor, or -1 with errno.
  static int CreateFile(const std::string& path, Temporary& registration);
  // Creates the folder `name` in the folder open as `dir_fd` (mode 0700) and
  // registers `path` (the same folder, by path). 0, or -1 with errno.
  static int CreateFolder(int dir_fd, const std::string& name, const std::string& path,
                          Temporary& registration);

  Temporary(Temporary&& other) noexcept;
  Temporary& operator=(Temporary&& other) noexcept;
  ~Temporary();

  // Forgets the path now (after it was renamed into place or removed).
  void Forget();

 private:
  std::string path_;  // "" when nothing is registered
};

// True if a process with this pid exists (perhaps another user's).
bool ProcessIsAlive(pid_t pid);

// Calls `visit(dir_fd, name)` for every entry of the folder open as `dir_fd`
// named PREFIX followed by a pid (decimal digits), then optionally
// `suffix_separator` and anything, whose process is gone. The callback
// decides whether the entry really is a temporary and removes it.
void ForEachStaleTemporary(int dir_fd, std::string_view prefix, char suffix_separator,
                           const std::function<void(int dir_fd, const std::string& name)>& visit);

// Removes `name` in the folder open as `dir_fd`: a file or a link is
// unlinked (a link is never followed), a folder is emptied the same way and
// removed. Retries a folder that fills again while it is being removed (a
// writer still at work) a bounded number of times. Errors are ignored: what
// cannot be removed stays.
void RemoveTreeAt(int dir_fd, const std::string& name);

// The names in the folder open as `folder_fd` (not "." or ".."), in the
// order the file system gives; empty if it cannot be read. `folder_fd` stays
// open and unmoved.
std::vector<std::string> ListFolder(int folder_fd);

// Whether `name` in the folder open as `dir_fd` is a folder (not a link)
// holding a regular file (not a link) named `file`.
bool HoldsFile(int dir_fd, const std::string& name, std::string_view file);

// RemoveTreeAt for a path (its last component is never followed).
void RemoveTree(const std::string& path);

// The folder part of a path ("." if none) and its last component.
std::string ParentOf(const std::string& path);
std::string BaseOf(const std::string& path);

}  // namespace safetynet
