#include "engine/serve/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string_view>
#include <utility>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/serve/journal_format.h"

namespace safetynet {
namespace {

absl::Status SystemError(std::string_view what, std::string_view path, int error) {
  return absl::ErrnoToStatus(error, Cat("cannot ", what, " ", path));
}

// A descriptor closed when it goes out of scope unless released.
class OwnedFd {
 public:
  explicit OwnedFd(int fd = -1) : fd_(fd) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() { Reset(-1); }
  void Reset(int fd) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string FolderOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Writes all of `bytes` at `offset`, or the error (naming `path`).
absl::Status WriteAllAt(int fd, std::string_view bytes, uint64_t offset, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t wrote = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (wrote < 0) {
      if (errno == EINTR) continue;
      return SystemError("write to", path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(wrote));
    offset += static_cast<uint64_t>(wrote);
  }
  return absl::OkStatus();
}

absl::Status ReadAll(int fd, const std::string& path, std::string& bytes) {
  char buffer[1 << 16];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return SystemError("read", path, errno);
    }
    if (got == 0) return absl::OkStatus();
    bytes.append(buffer, static_cast<size_t>(got));
  }
}

absl::Status CheckPayloadSize(std::string_view payload) {
  if (payload.size() <= kJournalMaxPayload) return absl::OkStatus();
  return absl::InvalidArgumentError(Cat("a journal record of ", payload.size(),
                                        " bytes is larger than the largest allowed, ",
                                        kJournalMaxPayload, " bytes"));
}

// Opens (creating it 0600 if missing) and locks the journal at `path`;
// `created` says whether this call made the file.
absl::StatusOr<int> OpenLocked(const std::string& path, bool& created) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    created = false;
    OwnedFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (fd.get() < 0 && errno == ENOENT) {
      fd.Reset(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
      if (fd.get() < 0 && errno == EEXIST) continue;  // another process made it: open that
      created = fd.get() >= 0;
    }
    if (fd.get() < 0) {
      if (errno == ELOOP) {
        return absl::FailedPreconditionError(
            Cat("the journal ", path, " is a symbolic link; a journal is a regular file"));
      }
      return SystemError("open the journal", path, errno);
    }
    struct stat open_info;
    if (::fstat(fd.get(), &open_info) != 0) return SystemError("examine the journal", path, errno);
    if (!S_ISREG(open_info.st_mode)) {
      return absl::FailedPreconditionError(
          Cat("the journal ", path, " is not a regular file; a journal is one"));
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return absl::FailedPreconditionError(
            Cat("the journal ", path,
                " is in use by another safetynet service (it is locked): one journal serves one "
                "service at a time"));
      }
      return SystemError("lock the journal", path, errno);
    }
    // A Rewrite of the holder may have renamed a new file over the one
    // opened while this lock was awaited: lock what the path names now.
    struct stat path_info;
    if (::stat(path.c_str(), &path_info) == 0 && path_info.st_dev == open_info.st_dev &&
        path_info.st_ino == open_info.st_ino) {
      if (created && ::fchmod(fd.get(), 0600) != 0) {
        return SystemError("make private the journal", path, errno);
      }
      return fd.Release();
    }
  }
  return absl::UnavailableError(
      Cat("the journal ", path, " was replaced again and again while it was being opened"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Journal>> Journal::Open(const std::string& path,
                                                       std::vector<std::string>* replayed) {
  const std::string folder = FolderOf(path);
  OwnedFd folder_fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder_fd.get() < 0) return SystemError("open the folder of the journal", path, errno);
  bool created = false;
  SAFETYNET_ASSIGN_OR_RETURN(const int opened, OpenLocked(path, created));
  OwnedFd fd(opened);

  std::string bytes;
  SAFETYNET_RETURN_IF_ERROR(ReadAll(fd.get(), path, bytes));
  SAFETYNET_ASSIGN_OR_RETURN(ParsedJournal parsed, ParseJournal(bytes, path));
  JournalCounters counters;
  counters.torn_bytes = parsed.torn_bytes;
  counters.records = parsed.records.size();
  counters.bytes = parsed.valid_bytes;
  if (!parsed.header_complete) {  // new, or a creation cut short
    const std::string header = JournalHeader();
    if (::ftruncate(fd.get(), 0) != 0) return SystemError("truncate the journal", path, errno);
    SAFETYNET_RETURN_IF_ERROR(WriteAllAt(fd.get(), header, 0, path));
    if (::fdatasync(fd.get()) != 0) return SystemError("sync the journal", path, errno);
    if (::fsync(folder_fd.get()) != 0) return SystemError("sync the folder of", path, errno);
    counters.bytes = header.size();
    counters.fsyncs += 2;
  } else if (parsed.torn_bytes > 0) {  // a write cut short: never acknowledged
    if (::ftruncate(fd.get(), static_cast<off_t>(parsed.valid_bytes)) != 0) {
      return SystemError("truncate the torn tail of the journal", path, errno);
    }
    if (::fdatasync(fd.get()) != 0) return SystemError("sync the journal", path, errno);
    counters.fsyncs += 1;
  }
  // What a Rewrite cut short before its rename left (only the lock's holder writes it).
  const std::string stale = path + ".rewrite";
  if (::unlink(stale.c_str()) != 0 && errno != ENOENT) {
    return SystemError("remove the unfinished rewrite", stale, errno);
  }
  if (replayed != nullptr) {
    for (std::string& record : parsed.records) replayed->push_back(std::move(record));
  }
  return std::unique_ptr<Journal>(new Journal(path, fd.Release(), folder_fd.Release(), counters));
}

Journal::Journal(std::string path, int fd, int folder_fd, const JournalCounters& counters)
    : path_(std::move(path)), fd_(fd), folder_fd_(folder_fd), end_(counters.bytes) {
  counters_ = counters;
  writer_ = std::thread(&Journal::WriterLoop, this);
}

Journal::~Journal() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  writer_.join();
  ::close(fd_);
  ::close(folder_fd_);
}

void Journal::Append(std::vector<std::string> payloads, std::function<void(absl::Status)> done) {
  Job job;
  job.payloads = std::move(payloads);
  job.done = std::move(done);
  for (const std::string& payload : job.payloads) {
    job.refused = CheckPayloadSize(payload);
    if (!job.refused.ok()) break;
  }
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

absl::Status Journal::AppendAndWait(std::vector<std::string> payloads) {
  std::promise<absl::Status> result;
  std::future<absl::Status> status = result.get_future();
  Append(std::move(payloads), [&result](absl::Status s) { result.set_value(std::move(s)); });
  return status.get();
}

absl::Status Journal::Rewrite(const std::vector<std::string>& keep) {
  std::promise<absl::Status> result;
  std::future<absl::Status> status = result.get_future();
  Job job;
  job.payloads = keep;
  job.rewrite = true;
  job.rewrite_result = &result;
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return status.get();
}

JournalCounters Journal::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

void Journal::WriterLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is done
    absl::Status failure = failure_;
    if (queue_.front().rewrite) {
      Job job = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      job.rewrite_result->set_value(failure.ok() ? DoRewrite(job.payloads) : failure);
      lock.lock();
      continue;
    }
    std::vector<Job> group;
    while (!queue_.empty() && !queue_.front().rewrite) {
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    lock.unlock();
    const absl::Status status = failure.ok() ? WriteGroup(group) : failure;
    for (Job& job : group) {
      if (job.done) job.done(job.refused.ok() ? status : job.refused);
    }
    group.clear();  // the callbacks' captures go before the lock is taken again
    lock.lock();
  }
}

absl::Status Journal::WriteGroup(const std::vector<Job>& group) {
  std::string buffer;
  uint64_t records = 0;
  for (const Job& job : group) {
    if (!job.refused.ok()) continue;
    for (size_t i = 0; i < job.payloads.size(); ++i) {
      AppendJournalRecord(job.payloads[i], i + 1 < job.payloads.size(), buffer);
      ++records;
    }
  }
  if (buffer.empty()) return absl::OkStatus();
  absl::Status status = WriteAllAt(fd_, buffer, end_, path_);
  if (status.ok() && ::fdatasync(fd_) != 0) status = SystemError("sync the journal", path_, errno);
  if (!status.ok()) {
    // Best effort: take the group's bytes away, so that a restart does not
    // replay what was refused to its senders (Open truncates a torn tail anyway).
    if (::ftruncate(fd_, static_cast<off_t>(end_)) == 0) (void)::fdatasync(fd_);
    return Fail(status);
  }
  end_ += buffer.size();
  std::lock_guard lock(mutex_);
  counters_.records += records;
  counters_.appended += records;
  counters_.bytes = end_;
  counters_.fsyncs += 1;
  counters_.largest_group = std::max(counters_.largest_group, records);
  return absl::OkStatus();
}

absl::Status Journal::DoRewrite(const std::vector<std::string>& keep) {
  std::string buffer = JournalHeader();
  for (const std::string& payload : keep) {
    SAFETYNET_RETURN_IF_ERROR(CheckPayloadSize(payload));
    AppendJournalRecord(payload, false, buffer);
  }
  const std::string temp = path_ + ".rewrite";
  OwnedFd fd(::open(temp.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return SystemError("create", temp, errno);
  absl::Status status;
  if (::fchmod(fd.get(), 0600) != 0) status = SystemError("make private", temp, errno);
  // Locked before it takes the journal's name, so that the lock never lapses.
  if (status.ok() && ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    status = SystemError("lock", temp, errno);
  }
  if (status.ok()) status = WriteAllAt(fd.get(), buffer, 0, temp);
  if (status.ok() && ::fsync(fd.get()) != 0) status = SystemError("sync", temp, errno);
  if (status.ok() && ::rename(temp.c_str(), path_.c_str()) != 0) {
    status = SystemError(Cat("rename ", temp, " to"), path_, errno);
  }
  if (!status.ok()) {
    ::unlink(temp.c_str());
    return status;  // the old journal is whole and stays in use
  }
  ::close(std::exchange(fd_, fd.Release()));
  end_ = buffer.size();
  const bool folder_synced = ::fsync(folder_fd_) == 0;
  const int error = errno;
  {
    std::lock_guard lock(mutex_);
    counters_.records = keep.size();
    counters_.bytes = end_;
    counters_.fsyncs += folder_synced ? 2 : 1;
  }
  if (!folder_synced) return Fail(SystemError("sync the folder of", path_, error));
  return absl::OkStatus();
}

absl::Status Journal::Fail(absl::Status status) {
  std::lock_guard lock(mutex_);
  if (failure_.ok()) {
    failure_ = absl::Status(status.code(), Cat(std::string(status.message()),
                                               "; the journal accepts nothing more until it is "
                                               "opened again (the service restarted)"));
  }
  return failure_;
}

}  // namespace safetynet
