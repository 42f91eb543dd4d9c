// The live service's write-ahead journal (docs/journal.md): the signals it
// accepted, as opaque payloads (JournalEntry messages of
// proto/safetynet/journal.proto, serialized by the service), each on disk
// (fdatasync) before the service answers its sender, so that a kill at any
// moment loses no acknowledged signal; replayed when the service starts.
//
// Group commit: Append() queues a batch (the records of one request, all or
// nothing); one writer thread takes every batch queued so far, writes them
// with one write, makes them durable with one fdatasync, then calls each
// batch's `done`. The file is locked (flock) while a Journal is open, so a
// second service on the same journal is refused.
//
// Ownership: the Journal owns its file descriptor and its writer thread;
// destroying it writes what is queued, calls those `done`s and joins the
// thread. Thread-safe: Append, AppendAndWait, Rewrite and counters may be
// called from any thread (not from a `done`, which runs on the writer thread,
// for the blocking ones).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace safetynet {

// What a journal has done since it was opened (for the status page and the
// benchmarks).
struct JournalCounters {
  uint64_t records = 0;        // records in the file now
  uint64_t bytes = 0;          // the file's size now, header included
  uint64_t appended = 0;       // records appended durably since Open
  uint64_t fsyncs = 0;         // fdatasync/fsync calls that succeeded since Open
  uint64_t largest_group = 0;  // most records made durable by one fdatasync
  uint64_t torn_bytes = 0;     // bytes of a torn tail truncated away by Open
};

class Journal {
 public:
  // Opens the journal at `path`, creating it (mode 0600, its folder
  // fsynced) if there is none, locks it and appends every record it holds,
  // oldest first, to `*replayed`. A torn tail (a write cut short by a kill
  // or a crash: never acknowledged) is truncated away and counted in
  // counters().torn_bytes. Errors: FailedPrecondition if another process
  // (or another Journal in this one) has it open, or if it is not a
  // journal (naming the path); DataLoss naming the byte offset if records
  // are damaged with valid ones after them; the system's error (naming the
  // path) if it cannot be opened, read or truncated.
  static absl::StatusOr<std::unique_ptr<Journal>> Open(const std::string& path,
                                                       std::vector<std::string>* replayed);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Queues `payloads` (each at most kJournalMaxPayload bytes:
  // journal_format.h) as one batch and returns at once; `done` is called
  // once, from the writer thread, with OK when every payload is on the disk,
  // or an error when none is acknowledged: InvalidArgument for a payload too
  // large (nothing of the batch written), or the journal's failure. After a
  // write or fdatasync error (ENOSPC, EIO) every batch of that group and
  // every later one fails: the journal must be reopened (the service
  // restarted), never trusted again.
  void Append(std::vector<std::string> payloads, std::function<void(absl::Status)> done);

  // Append and wait for `done`'s status.
  absl::Status AppendAndWait(std::vector<std::string> payloads);

  // Replaces the journal's contents with `keep` (each a record of its own):
  // written to PATH.rewrite, made durable, renamed over PATH, the folder
  // fsynced; a crash at any moment leaves the old journal or the new one
  // whole. Batches appended before the call are written to the old file
  // first (`keep` must name those the caller wants kept); batches appended
  // during it wait and go after `keep` in the new file. Errors: those of the
  // files (naming them; the old journal stays in use if the rename was not
  // reached), or the journal's failure.
  absl::Status Rewrite(const std::vector<std::string>& keep);

  JournalCounters counters() const;
  const std::string& path() const { return path_; }

 private:
  // An Append's batch, or a Rewrite's request (when `rewrite`).
  struct Job {
    std::vector<std::string> payloads;
    std::function<void(absl::Status)> done;
    absl::Status refused;  // not OK: written not at all, `done` gets this
    bool rewrite = false;
    std::promise<absl::Status>* rewrite_result = nullptr;
  };

  Journal(std::string path, int fd, int folder_fd, const JournalCounters& counters);
  void WriterLoop();
  // Writes the batches `group` with one write and one fdatasync; the status
  // for each (all OK, or all the failure).
  absl::Status WriteGroup(const std::vector<Job>& group);
  absl::Status DoRewrite(const std::vector<std::string>& keep);
  absl::Status Fail(absl::Status status);  // records the first failure

  const std::string path_;
  int fd_;         // the journal, locked; owned by the writer thread after Open
  int folder_fd_;  // its folder, for fsync after a rename
  uint64_t end_;   // the file's size; owned by the writer thread after Open

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;     // guarded by mutex_
  bool stopping_ = false;     // guarded by mutex_
  absl::Status failure_;      // guarded by mutex_: once not OK, every job fails
  JournalCounters counters_;  // guarded by mutex_
  std::thread writer_;
};

}  // namespace safetynet
