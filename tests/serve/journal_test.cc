#include "engine/serve/journal.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/serve/journal_format.h"
#include "gtest/gtest.h"

namespace safetynet {
namespace {

// A folder for one test, removed with its contents at the end.
class JournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "journal_test.XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    folder_ = pattern;
    path_ = folder_ + "/signals.journal";
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::unique_ptr<Journal> OpenOk(std::vector<std::string>* replayed = nullptr,
                                  const std::string& path = "") {
    std::vector<std::string> ignored;
    auto journal = Journal::Open(path.empty() ? path_ : path, replayed ? replayed : &ignored);
    EXPECT_TRUE(journal.ok()) << journal.status();
    return journal.ok() ? std::move(*journal) : nullptr;
  }
  std::vector<std::string> Replay(const std::string& path = "") {
    std::vector<std::string> replayed;
    auto journal = OpenOk(&replayed, path);
    return replayed;
  }

  std::string folder_;
  std::string path_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

using Records = std::vector<std::string>;

// Whether the message of `status` holds `text`.
bool Says(const absl::Status& status, const std::string& text) {
  return std::string(status.message()).find(text) != std::string::npos;
}

TEST_F(JournalTest, RoundTrip) {
  Records replayed;
  auto journal = OpenOk(&replayed);
  ASSERT_NE(journal, nullptr);
  EXPECT_TRUE(replayed.empty());
  ASSERT_TRUE(journal->AppendAndWait({"first"}).ok());
  ASSERT_TRUE(journal->AppendAndWait({"second", std::string("\0\xff", 2), ""}).ok());
  ASSERT_TRUE(journal->AppendAndWait({}).ok());  // an empty batch: nothing written
  const JournalCounters counters = journal->counters();
  EXPECT_EQ(counters.records, 4u);
  EXPECT_EQ(counters.appended, 4u);
  EXPECT_EQ(counters.bytes, ReadFile(path_).size());
  EXPECT_EQ(counters.torn_bytes, 0u);
  journal.reset();
  EXPECT_EQ(Replay(), (Records{"first", "second", std::string("\0\xff", 2), ""}));
}

TEST_F(JournalTest, ReopenAfterCloseKeepsAppending) {
  Records expected;
  for (int round = 0; round < 3; ++round) {
    Records replayed;
    auto journal = OpenOk(&replayed);
    ASSERT_NE(journal, nullptr);
    EXPECT_EQ(replayed, expected);
    EXPECT_EQ(journal->counters().records, expected.size());
    const std::string record = "round " + std::to_string(round);
    ASSERT_TRUE(journal->AppendAndWait({record}).ok());
    expected.push_back(record);
  }
  EXPECT_EQ(Replay(), expected);
}

TEST_F(JournalTest, FileIsPrivate) {
  const mode_t old_mask = ::umask(0);
  auto journal = OpenOk();
  ::umask(old_mask);
  struct stat info;
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

// The file of records "before", then the batch {"batch-1", "batch-2"}, then
// "last"; `batch_start` and `last_start` are where those begin.
struct ThreeAppends {
  std::string bytes;
  size_t batch_start = 0;
  size_t last_start = 0;
};

TEST_F(JournalTest, TornTailIsTruncatedAtEveryByte) {
  {
    auto journal = OpenOk();
    ASSERT_NE(journal, nullptr);
    ASSERT_TRUE(journal->AppendAndWait({"before"}).ok());
    ASSERT_TRUE(journal->AppendAndWait({"batch-1", "batch-2"}).ok());
    ASSERT_TRUE(journal->AppendAndWait({"last record"}).ok());
  }
  const std::string whole = ReadFile(path_);
  const size_t batch_start = kJournalHeaderBytes + kJournalFrameBytes + 6;
  const size_t last_start = whole.size() - kJournalFrameBytes - 11;
  const size_t batch_end = last_start;
  const std::string cut_path = folder_ + "/cut.journal";
  // Every cut inside the batch loses the whole batch (never acknowledged);
  // every cut inside the last record loses it alone.
  for (size_t cut = batch_start; cut < whole.size(); ++cut) {
    WriteFile(cut_path, std::string_view(whole).substr(0, cut));
    Records replayed;
    auto journal = OpenOk(&replayed, cut_path);
    ASSERT_NE(journal, nullptr) << "cut at " << cut;
    const size_t kept = cut < batch_end ? batch_start : batch_end;
    EXPECT_EQ(replayed,
              cut < batch_end ? Records{"before"} : (Records{"before", "batch-1", "batch-2"}))
        << "cut at " << cut;
    EXPECT_EQ(journal->counters().torn_bytes, cut - kept) << "cut at " << cut;
    journal.reset();
    EXPECT_EQ(ReadFile(cut_path).size(), kept) << "the torn tail was not truncated, cut at " << cut;
    Records again;
    auto reopened = OpenOk(&again, cut_path);
    EXPECT_EQ(reopened->counters().torn_bytes, 0u);
    EXPECT_EQ(again, replayed);
  }
}

TEST_F(JournalTest, LastRecordWithBadChecksumIsATornTail) {
  {
    auto journal = OpenOk();
    ASSERT_TRUE(journal->AppendAndWait({"kept"}).ok());
    ASSERT_TRUE(journal->AppendAndWait({"damaged at the end"}).ok());
  }
  std::string bytes = ReadFile(path_);
  bytes.back() ^= 0x01;
  WriteFile(path_, bytes);
  Records replayed;
  auto journal = OpenOk(&replayed);
  EXPECT_EQ(replayed, Records{"kept"});
  EXPECT_EQ(journal->counters().torn_bytes, kJournalFrameBytes + 18);
}

TEST_F(JournalTest, DamageBeforeValidRecordsIsRefused) {
  {
    auto journal = OpenOk();
    ASSERT_TRUE(journal->AppendAndWait({"first"}).ok());
    ASSERT_TRUE(journal->AppendAndWait({"second"}).ok());
  }
  std::string bytes = ReadFile(path_);
  bytes[kJournalHeaderBytes + kJournalFrameBytes + 2] ^= 0x20;  // in "first"
  WriteFile(path_, bytes);
  Records replayed;
  auto journal = Journal::Open(path_, &replayed);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_PRED2(Says, journal.status(), path_);
  EXPECT_PRED2(Says, journal.status(), "damaged at byte " + std::to_string(kJournalHeaderBytes));
  EXPECT_TRUE(replayed.empty());
  EXPECT_EQ(ReadFile(path_), bytes) << "a refused journal was changed";
}

TEST_F(JournalTest, DamagedLengthBeforeValidRecordsIsRefused) {
  {
    auto journal = OpenOk();
    ASSERT_TRUE(journal->AppendAndWait({"first"}).ok());
    ASSERT_TRUE(journal->AppendAndWait({"second"}).ok());
  }
  std::string bytes = ReadFile(path_);
  bytes[kJournalHeaderBytes + 2] = 0x7f;  // a length far beyond the end of the file
  WriteFile(path_, bytes);
  auto journal = Journal::Open(path_, nullptr);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(JournalTest, WrongFileIsRefusedByName) {
  WriteFile(path_, "household_id,district\n371002,1\n");
  auto journal = Journal::Open(path_, nullptr);
  ASSERT_FALSE(journal.ok());
  EXPECT_EQ(journal.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_PRED2(Says, journal.status(), path_);
  EXPECT_PRED2(Says, journal.status(), "not a safetynet journal");
  EXPECT_EQ(ReadFile(path_), "household_id,district\n371002,1\n");

  std::string other_version = JournalHeader();
  other_version[kJournalMagic.size()] = 2;
  WriteFile(path_, other_version);
  journal = Journal::Open(path_, nullptr);
  ASSERT_FALSE(journal.ok());
  EXPECT_PRED2(Says, journal.status(), "format version 2");
}

TEST_F(JournalTest, EmptyFileIsACreationCutShort) {
  WriteFile(path_, "");
  EXPECT_TRUE(Replay().empty());
  EXPECT_EQ(ReadFile(path_), JournalHeader());
  WriteFile(path_, JournalHeader().substr(0, 7));
  EXPECT_TRUE(Replay().empty());
  EXPECT_EQ(ReadFile(path_), JournalHeader());
}

TEST_F(JournalTest, SecondOpenIsRefusedWhileTheFirstIsOpen) {
  auto first = OpenOk();
  ASSERT_NE(first, nullptr);
  auto second = Journal::Open(path_, nullptr);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_PRED2(Says, second.status(), "in use by another");
  first.reset();
  EXPECT_NE(OpenOk(), nullptr);
}

TEST_F(JournalTest, ConcurrentAppendsAreThereOnceInEachThreadsOrder) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 150;
  {
    auto journal = OpenOk();
    ASSERT_NE(journal, nullptr);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&journal, t] {
        for (int i = 0; i < kPerThread; ++i) {
          // Every third append a batch of two.
          std::vector<std::string> batch = {std::to_string(t) + " " + std::to_string(i)};
          if (i % 3 == 0) batch.push_back(std::to_string(t) + " " + std::to_string(++i));
          ASSERT_TRUE(journal->AppendAndWait(std::move(batch)).ok());
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    const JournalCounters counters = journal->counters();
    EXPECT_EQ(counters.appended, uint64_t{kThreads} * kPerThread);
    std::cout << "fsyncs " << counters.fsyncs << " for " << counters.appended
              << " records, largest group " << counters.largest_group << "\n";
  }
  std::map<int, int> next;  // thread -> its next record
  for (const std::string& record : Replay()) {
    const int thread = std::stoi(record.substr(0, record.find(' ')));
    const int index = std::stoi(record.substr(record.find(' ') + 1));
    EXPECT_EQ(index, next[thread]) << "thread " << thread;
    next[thread] = index + 1;
  }
  ASSERT_EQ(next.size(), size_t{kThreads});
  for (const auto& [thread, count] : next) EXPECT_EQ(count, kPerThread) << "thread " << thread;
}

TEST_F(JournalTest, RewriteKeepsWhatItIsGivenThenAppends) {
  auto journal = OpenOk();
  ASSERT_TRUE(journal->AppendAndWait({"folded in"}).ok());
  ASSERT_TRUE(journal->AppendAndWait({"kept 1"}).ok());
  ASSERT_TRUE(journal->AppendAndWait({"kept 2"}).ok());
  ASSERT_TRUE(journal->Rewrite({"kept 1", "kept 2"}).ok());
  EXPECT_EQ(journal->counters().records, 2u);
  ASSERT_TRUE(journal->AppendAndWait({"after"}).ok());
  // Still locked after the rename: the new file is the locked one.
  EXPECT_FALSE(Journal::Open(path_, nullptr).ok());
  journal.reset();
  EXPECT_FALSE(std::filesystem::exists(path_ + ".rewrite"));
  EXPECT_EQ(Replay(), (Records{"kept 1", "kept 2", "after"}));
  struct stat info;
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(JournalTest, AppendsDuringARewriteGoAfterWhatItKeeps) {
  auto journal = OpenOk();
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  // The writer thread waits in this batch's `done` while the Rewrite and a
  // later Append are queued behind it.
  journal->Append({"before"}, [opened](absl::Status status) {
    EXPECT_TRUE(status.ok());
    opened.wait();
  });
  absl::Status rewritten;
  std::thread rewrite([&] { rewritten = journal->Rewrite({"kept"}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the Rewrite is queued
  std::promise<absl::Status> appended;
  journal->Append({"during"}, [&appended](absl::Status status) { appended.set_value(status); });
  gate.set_value();
  rewrite.join();
  EXPECT_TRUE(rewritten.ok()) << rewritten;
  EXPECT_TRUE(appended.get_future().get().ok());
  journal.reset();
  EXPECT_EQ(Replay(), (Records{"kept", "during"}));
}

TEST_F(JournalTest, ClosingWritesWhatIsQueued) {
  std::atomic<int> acknowledged = 0;
  Records expected;
  {
    auto journal = OpenOk();
    for (int i = 0; i < 200; ++i) {
      expected.push_back(std::to_string(i));
      journal->Append({expected.back()}, [&acknowledged](absl::Status status) {
        if (status.ok()) ++acknowledged;
      });
    }
  }
  EXPECT_EQ(acknowledged, 200);
  EXPECT_EQ(Replay(), expected);
}

TEST_F(JournalTest, UnfinishedRewriteIsRemovedAndTheOldJournalKept) {
  {
    auto journal = OpenOk();
    ASSERT_TRUE(journal->AppendAndWait({"old"}).ok());
  }
  WriteFile(path_ + ".rewrite", JournalHeader() + "half");  // killed before its rename
  EXPECT_EQ(Replay(), Records{"old"});
  EXPECT_FALSE(std::filesystem::exists(path_ + ".rewrite"));
}

TEST_F(JournalTest, OversizedRecordIsRefusedAndNothingOfItsBatchWritten) {
  auto journal = OpenOk();
  const absl::Status status =
      journal->AppendAndWait({"small", std::string(kJournalMaxPayload + 1, 'x')});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(journal->AppendAndWait({"next"}).ok());
  journal.reset();
  EXPECT_EQ(Replay(), Records{"next"});
}

TEST_F(JournalTest, WriteErrorFailsTheGroupAndEveryLaterAppend) {
  auto journal = OpenOk();
  ASSERT_TRUE(journal->AppendAndWait({"acknowledged"}).ok());
  // A file size limit makes the next write fail (EFBIG) as a full disk would.
  ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit limit = old_limit;
  limit.rlim_cur = journal->counters().bytes + 100;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  const absl::Status failed = journal->AppendAndWait({std::string(300, 'x')});
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &old_limit), 0);
  EXPECT_FALSE(failed.ok());
  EXPECT_PRED2(Says, failed, path_);
  const absl::Status later = journal->AppendAndWait({"small"});
  EXPECT_FALSE(later.ok()) << "a journal that failed took another append";
  EXPECT_FALSE(journal->Rewrite({"acknowledged"}).ok());
  journal.reset();
  EXPECT_EQ(Replay(), Records{"acknowledged"});
}

}  // namespace
}  // namespace safetynet
