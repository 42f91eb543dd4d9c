// An output folder that safetynet replaces whole, and only if it is its own.
//
// Begin() decides, before any work, whether the folder may be replaced: it
// may when it does not exist, is empty, or holds the marker file
// `.safetynet-output` that an earlier run of the same command wrote (its
// first line names the command, e.g. "safetynet run"). Anything else is
// refused with a FailedPrecondition status naming the folder and why, and
// nothing is touched: a folder without the marker (the input CSVs, a
// caseworker's notes), one holding another command's outputs, a symbolic
// link (never followed: give the folder it points to), `.`, `..`, `/`, the
// folder the process is working in or one above it, a folder inside another
// output or staging folder, and a folder equal to, above or below one of the
// command's inputs.
//
// Begin() then takes a lock (engine/io/path_lock.h: the hidden file
// `.NAME.safetynet-lock` beside the folder, which stays): a second process
// on the same folder is refused while the first works. It removes the
// staging folders of earlier processes that are gone (named
// FOLDER.partial-PID-N..., holding a marker or nothing), and creates its
// own, FOLDER.partial-PID-N, holding the marker. A folder named like a
// staging folder is never taken as an output folder. Files are written there;
// Commit() swaps it into place with one atomic rename (renameat2
// RENAME_EXCHANGE when the folder exists) and removes the old contents. A
// run killed at any moment leaves either the previous complete outputs or
// the new complete outputs, never a mix. On a file system without atomic
// exchange (NFS, SMB) the previous outputs first step aside under a staging
// name: a kill at that moment leaves no folder, never a mix. An uncommitted staging folder is
// removed when the OutputFolder is destroyed or the process is stopped by
// SIGINT, SIGTERM or SIGHUP (engine/io/temporaries.h). Removal never follows
// a link.
//
// One owner; not thread-safe (the files in Path() may be written by several
// threads at once).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/io/path_lock.h"
#include "engine/io/temporaries.h"

namespace safetynet {

// The marker file in every output folder safetynet writes.
inline constexpr std::string_view kOutputMarker = ".safetynet-output";

// Who claims an output folder: the command (e.g. "run") and the paths it reads.
struct OutputClaim {
  std::string command;
  std::vector<std::string> inputs;
};

// FailedPrecondition if `path` (a folder or a file to write) is inside an
// output folder of safetynet's or a staging folder: what is written there
// would be deleted by the next run. Also checked by OutputFolder::Begin.
absl::Status CheckNotInsideOutputs(const std::string& path);

class OutputFolder {
 public:
  // FailedPrecondition when the folder may not be replaced (see above), or
  // when another process holds it; other errors for what cannot be created.
  static absl::StatusOr<OutputFolder> Begin(const std::string& folder, const OutputClaim& claim);
  OutputFolder(OutputFolder&& other) noexcept;
  OutputFolder& operator=(OutputFolder&&) = delete;
  ~OutputFolder();

  // Where to write `file` (in the staging folder).
  std::string Path(std::string_view file) const;
  // The staging folder itself, for writers that take a folder.
  std::string StagingPath() const;
  // The folder as given.
  const std::string& folder() const { return folder_; }
  // Swaps the staging folder into place (the folder is checked again first).
  absl::Status Commit();

 private:
  OutputFolder() = default;
  std::string folder_;            // as given, without trailing slashes
  std::string command_;           // "run", ...
  std::string base_;              // the folder's last component
  std::string staging_base_;      // FOLDER.partial-PID-N's last component
  int parent_fd_ = -1;            // the folder that holds both
  std::optional<PathLock> lock_;  // released last, after the staging folder is gone
  Temporary staging_;             // registered for removal on a stopping signal
  bool done_ = true;              // committed, or nothing to clean up
};

}  // namespace safetynet
