// Whole-file reads, and atomic writes: a file is written under a temporary
// name in the same folder (PATH.safetynet-tmp.PID, registered with
// engine/io/temporaries.h so a stopping signal removes it), then renamed
// into place, so a reader (or a crash) never sees a half-written file.
// Files are created readable and writable by the owner only (0600): they
// hold residents' data. Thread-safe for distinct paths.
#pragma once

#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/io/temporaries.h"

namespace safetynet {

absl::Status WriteFileAtomically(const std::string& path, std::string_view contents);

// Makes the folder `path` readable by its owner only (0700), unless there is
// one already. Errors (naming it): it cannot be made.
absl::Status MakePrivateFolder(const std::string& path);

// The same for a file made of several parts written one after the other.
absl::Status WriteFileAtomically(const std::string& path, const std::vector<std::string>& parts);
absl::Status WriteFileAtomically(const std::string& path, std::span<const std::string_view> parts);

// A file too large to hold in memory, written piece by piece with the same
// guarantee: Create() makes the temporary PATH.safetynet-tmp.PID (registered
// as above), Append() adds bytes through a buffer (1 MiB unless told), Commit()
// renames the file into place. The first error of a write is kept and
// returned by Commit() (naming the file); an appender destroyed without a
// successful Commit() removes its temporary. One owner; movable; not
// thread-safe (distinct appenders may be used by distinct threads).
class FileAppender {
 public:
  // Errors: the temporary cannot be created (naming it).
  static absl::StatusOr<FileAppender> Create(const std::string& path,
                                             size_t buffer_bytes = size_t{1} << 20);
  FileAppender(FileAppender&& other) noexcept;
  FileAppender& operator=(FileAppender&&) = delete;
  ~FileAppender();

  void Append(std::string_view bytes);
  absl::Status Commit();

 private:
  FileAppender() = default;
  void Flush();
  void Discard();  // closes and removes the temporary
  std::string path_;
  int fd_ = -1;  // -1 once committed or discarded
  std::string buffer_;
  size_t buffer_bytes_ = 0;  // written out when it would grow beyond
  absl::Status status_;
  Temporary registration_;
};

// Several files that belong together (a snapshot and its rejects report):
// all are written under temporary names first; then each replaces its file,
// and if one cannot, those already replaced are put back. Either every file
// is new or every file is as it was (short of a crash between the renames,
// microseconds apart). The files are on the disk (fdatasync) before any is
// renamed. Errors name the file; DataLoss if one could not be put back. On a
// file system without atomic exchange (NFS, SMB) a replaced file cannot be
// put back.
struct FileToWrite {
  std::string path;
  std::string_view contents;
};
absl::Status WriteFilesTogether(std::span<const FileToWrite> files);

// Removes the temporaries PATH.safetynet-tmp.PID that processes now gone left
// beside `path` (killed with SIGKILL while writing it): regular files that
// are empty or begin with `signature` (what is written there), nothing else.
void RemoveStaleTemporaries(const std::string& path, std::string_view signature);

// Whether a command may write a new `what` (say "snapshot") at `path`: yes
// if nothing is there, or a regular file (not a link) whose contents begin
// with `signature` (what safetynet writes there). Otherwise a
// FailedPrecondition naming the path and what is there, so that no input,
// folder or other file of the user's is ever replaced.
absl::Status CheckReplaceableFile(const std::string& path, std::string_view signature,
                                  std::string_view what);

// Reads a whole regular file. NotFound names the path; a folder, a pipe, a
// device or a socket is refused (InvalidArgument naming the path and what it
// is) without waiting on it.
absl::Status ReadWholeFile(const std::string& path, std::string& contents);

// A whole regular file read into memory (for large files such as
// snapshots): a fresh buffer, aligned to 2 MiB and backed by huge pages
// where the kernel offers them, not zero-filled first. Read, not mapped: a
// file truncated or rewritten while it is read gives a short or inconsistent
// buffer (which checksums catch), never a SIGBUS. One owner; movable.
class FileBytes {
 public:
  // The errors of ReadWholeFile.
  static absl::StatusOr<FileBytes> Read(const std::string& path);
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  struct Free {
    void operator()(char* data) const { std::free(data); }
  };
  std::unique_ptr<char, Free> data_;
  size_t size_ = 0;
};

// Opens `path` for reading if it is a regular file, never waiting on a pipe:
// the descriptor (the caller closes it), or the errors of ReadWholeFile.
absl::StatusOr<int> OpenRegularFile(const std::string& path);

}  // namespace safetynet
