// Output folders and files never replace what safetynet did not write, never
// follow a link when removing, and leave nothing half-written behind
// (issue 12, part 1).
#include "engine/io/output_folder.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/io/files.h"
#include "engine/io/temporaries.h"
#include "tests/support/test_folder.h"

namespace safetynet {
namespace {

bool Exists(const std::string& path) {
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0;
}

std::string Read(const std::string& path) {
  std::string text;
  EXPECT_TRUE(ReadWholeFile(path, text).ok()) << path;
  return text;
}

void Write(const std::string& path, std::string_view text) {
  ASSERT_TRUE(WriteFileAtomically(path, text).ok()) << path;
}

// The names in a folder, sorted.
std::vector<std::string> Entries(const std::string& folder) {
  std::vector<std::string> names;
  if (DIR* dir = ::opendir(folder.c_str())) {
    while (dirent* entry = ::readdir(dir)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The pid of a process that has ended.
pid_t DeadPid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

absl::Status Claim(const std::string& folder, std::string command = "run",
                   std::vector<std::string> inputs = {}) {
  return OutputFolder::Begin(folder, {std::move(command), std::move(inputs)}).status();
}

class OutputFolderTest : public ::testing::Test {
 protected:
  ScratchFolder scratch_ = testing::TestFolder("output-folder");
  std::string dir_ = scratch_.path();
};

TEST_F(OutputFolderTest, AFolderSafetynetDidNotWriteIsRefusedAndUntouched) {
  const std::string out = dir_ + "/exports";
  ASSERT_EQ(::mkdir(out.c_str(), 0700), 0);
  Write(out + "/households.csv", "household_id\n");
  absl::Status status = Claim(out);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find(out), std::string::npos) << status;
  EXPECT_NE(status.message().find("households.csv"), std::string::npos) << status;
  EXPECT_EQ(Read(out + "/households.csv"), "household_id\n");
  EXPECT_FALSE(Exists(dir_ + "/.exports.safetynet-lock")) << "a refused folder gets no lock file";
}

TEST_F(OutputFolderTest, NewEmptyAndOwnFoldersAreReplacedWhole) {
  const std::string out = dir_ + "/night";
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok()) << folder.status();
    Write(folder->Path("alerts.csv"), "first");
    ASSERT_TRUE(folder->Commit().ok());
  }
  EXPECT_EQ(Read(out + "/.safetynet-output"), "safetynet run\n");
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok()) << folder.status();
    Write(folder->Path("entitlements.csv"), "second");
    ASSERT_TRUE(folder->Commit().ok());
  }
  EXPECT_FALSE(Exists(out + "/alerts.csv"));
  EXPECT_EQ(Read(out + "/entitlements.csv"), "second");
  const std::string empty = dir_ + "/empty";
  ASSERT_EQ(::mkdir(empty.c_str(), 0700), 0);
  EXPECT_TRUE(Claim(empty).ok());
}

TEST_F(OutputFolderTest, AnotherCommandsOutputsAreRefused) {
  const std::string out = dir_ + "/night";
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok());
    ASSERT_TRUE(folder->Commit().ok());
  }
  absl::Status status = Claim(out, "recalc");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("safetynet run"), std::string::npos) << status;
}

TEST_F(OutputFolderTest, ALinkIsRefusedAndItsTargetUntouched) {
  const std::string target = dir_ + "/target";
  ASSERT_EQ(::mkdir(target.c_str(), 0700), 0);
  Write(target + "/.safetynet-output", "safetynet run\n");  // even a folder of ours
  Write(target + "/notes.txt", "a caseworker's notes");
  ASSERT_EQ(::symlink(target.c_str(), (dir_ + "/link").c_str()), 0);
  absl::Status status = Claim(dir_ + "/link");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("symbolic link"), std::string::npos) << status;
  EXPECT_EQ(Read(target + "/notes.txt"), "a caseworker's notes");
}

TEST_F(OutputFolderTest, DotAndTheWorkingFolderAndInputsAreRefused) {
  EXPECT_EQ(Claim(".").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Claim(dir_ + "/..").code(), absl::StatusCode::kFailedPrecondition);
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  EXPECT_EQ(Claim(cwd).code(), absl::StatusCode::kFailedPrecondition);

  const std::string rules = dir_ + "/rules";
  ASSERT_EQ(::mkdir(rules.c_str(), 0700), 0);
  const std::string snapshot = dir_ + "/data/city.snap";
  ASSERT_EQ(::mkdir((dir_ + "/data").c_str(), 0700), 0);
  Write(snapshot, "SNETSNAP");
  const std::vector<std::string> inputs = {snapshot, rules};
  for (const std::string& out : {rules, rules + "/night", dir_ + "/data", dir_}) {
    absl::Status status = Claim(out, "run", inputs);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << out;
    EXPECT_NE(status.message().find("input"), std::string::npos) << status;
  }
  EXPECT_TRUE(Claim(dir_ + "/night", "run", inputs).ok());
}

TEST_F(OutputFolderTest, ASecondClaimIsRefusedWhileTheFirstWorks) {
  const std::string out = dir_ + "/night";
  {
    auto first = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(first.ok());
    absl::Status second = Claim(out);
    EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_NE(second.message().find("another safetynet process (pid " + std::to_string(::getpid())),
              std::string::npos)
        << second;
    ASSERT_TRUE(first->Commit().ok());
  }  // the first run ends
  EXPECT_TRUE(Claim(out).ok());
}

TEST_F(OutputFolderTest, OnlyStagingFoldersOfDeadProcessesAreRemoved) {
  const std::string out = dir_ + "/night";
  const pid_t dead = DeadPid();
  const std::string stale = dir_ + "/night.partial-" + std::to_string(dead) + "-0";
  ASSERT_EQ(::mkdir(stale.c_str(), 0700), 0);
  Write(stale + "/.safetynet-output", "safetynet run\n");
  Write(stale + "/alerts.csv", "resident data");
  // Look alike, but not a dead safetynet's: kept.
  const std::string users = dir_ + "/night.partial-old";
  const std::string unmarked = dir_ + "/night.partial-" + std::to_string(dead) + "-1";
  const std::string living = dir_ + "/night.partial-1-0";  // pid 1 is always alive
  for (const std::string& folder : {users, unmarked, living}) {
    ASSERT_EQ(::mkdir(folder.c_str(), 0700), 0);
    Write(folder + "/keep.txt", "mine");
  }
  Write(living + "/.safetynet-output", "safetynet run\n");
  auto folder = OutputFolder::Begin(out, {"run", {}});
  ASSERT_TRUE(folder.ok()) << folder.status();
  EXPECT_FALSE(Exists(stale));
  for (const std::string& kept : {users, unmarked, living}) {
    EXPECT_EQ(Read(kept + "/keep.txt"), "mine") << kept;
  }
}

TEST_F(OutputFolderTest, AStagingFolderLeftEmptyIsRemovedAndOneNamedLikeItIsNeverAnOutput) {
  const std::string empty = dir_ + "/night.partial-" + std::to_string(DeadPid()) + "-0";
  ASSERT_EQ(::mkdir(empty.c_str(), 0700), 0);  // killed between mkdir and marker, or after removal
  ASSERT_TRUE(Claim(dir_ + "/night").ok());
  EXPECT_FALSE(Exists(empty));
  absl::Status status = Claim(dir_ + "/night.partial-12345-0");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("staging"), std::string::npos) << status;
}

TEST_F(OutputFolderTest, NothingIsWrittenInsideAnotherOutputOrStagingFolder) {
  const std::string out = dir_ + "/night";
  {
    auto live = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(live.ok());
    const std::string staging = live->StagingPath();
    ASSERT_EQ(::mkdir((staging + "/sub").c_str(), 0700), 0);
    for (const std::string& inside : {staging + "/sub", staging + "/sub/deeper"}) {
      EXPECT_EQ(Claim(inside).code(), absl::StatusCode::kFailedPrecondition) << inside;
    }
    EXPECT_EQ(CheckNotInsideOutputs(staging + "/x.snap").code(),
              absl::StatusCode::kFailedPrecondition);
    ASSERT_TRUE(live->Commit().ok());
  }
  absl::Status status = Claim(out + "/sub");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(status.message().find("the next run replaces"), std::string::npos) << status;
  EXPECT_EQ(CheckNotInsideOutputs(out + "/x.snap").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckNotInsideOutputs(dir_ + "/x.snap").ok());
}

TEST_F(OutputFolderTest, ALockFileThatIsNotOneIsNeverWritten) {
  Write(dir_ + "/precious.txt", "precious content");
  ASSERT_EQ(::link((dir_ + "/precious.txt").c_str(), (dir_ + "/.a.safetynet-lock").c_str()), 0);
  Write(dir_ + "/.b.safetynet-lock", "my notes");
  Write(dir_ + "/.c.safetynet-lock", "99999\n\n\n");
  ASSERT_EQ(::mkdir((dir_ + "/.d.safetynet-lock").c_str(), 0700), 0);
  for (const char* name : {"a", "b", "c", "d"}) {
    absl::Status status = Claim(dir_ + "/" + name);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << name;
    EXPECT_NE(status.message().find(std::string(".") + name + ".safetynet-lock beside it is"),
              std::string::npos)
        << status;
  }
  EXPECT_EQ(Read(dir_ + "/precious.txt"), "precious content");
  EXPECT_EQ(Read(dir_ + "/.b.safetynet-lock"), "my notes");
}

TEST_F(OutputFolderTest, ScratchFoldersOfDeadProcessesGoOnlyIfMarked) {
  const std::string dead = std::to_string(DeadPid());
  const std::string users_file = dir_ + "/safetynet-capacity-2025-notes.txt";
  const std::string users_folder = dir_ + "/safetynet-capacity-" + dead;
  Write(users_file, "notes");
  ASSERT_EQ(::mkdir(users_folder.c_str(), 0700), 0);
  Write(users_folder + "/notes.txt", "notes");
  std::string stale;
  {
    auto first = ScratchFolder::Create(dir_, "safetynet-capacity");
    ASSERT_TRUE(first.ok());
    stale = dir_ + "/safetynet-capacity-" + dead + "-0";  // as a killed process leaves one
    ASSERT_EQ(::rename(first->path().c_str(), stale.c_str()), 0);
    ASSERT_EQ(::mkdir(first->path().c_str(), 0700), 0);  // for its destructor
  }
  auto second = ScratchFolder::Create(dir_, "safetynet-capacity");
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(Exists(stale));
  EXPECT_EQ(Read(users_file), "notes");
  EXPECT_EQ(Read(users_folder + "/notes.txt"), "notes");
}

TEST_F(OutputFolderTest, RemovingNeverFollowsALink) {
  const std::string precious = dir_ + "/precious";
  ASSERT_EQ(::mkdir(precious.c_str(), 0700), 0);
  Write(precious + "/file", "keep");
  const std::string out = dir_ + "/night";
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok());
    ASSERT_EQ(::symlink(precious.c_str(), folder->Path("link").c_str()), 0);
    ASSERT_TRUE(folder->Commit().ok());
  }
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});  // replaces the folder holding the link
    ASSERT_TRUE(folder.ok());
    ASSERT_TRUE(folder->Commit().ok());
  }
  EXPECT_FALSE(Exists(out + "/link"));
  EXPECT_EQ(Read(precious + "/file"), "keep");
  // And an uncommitted staging folder holding a link.
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok());
    ASSERT_EQ(::symlink(precious.c_str(), folder->Path("link").c_str()), 0);
  }
  EXPECT_EQ(Read(precious + "/file"), "keep");
}

TEST_F(OutputFolderTest, AFailedRunLeavesThePreviousOutputsAndNoStaging) {
  const std::string out = dir_ + "/night";
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok());
    Write(folder->Path("alerts.csv"), "yesterday");
    ASSERT_TRUE(folder->Commit().ok());
  }
  {
    auto folder = OutputFolder::Begin(out, {"run", {}});
    ASSERT_TRUE(folder.ok());
    Write(folder->Path("alerts.csv"), "half of tonight");
  }  // not committed
  EXPECT_EQ(Read(out + "/alerts.csv"), "yesterday");
  EXPECT_EQ(Entries(dir_),
            (std::vector<std::string>{".night.safetynet-lock", ".safetynet-scratch", "night"}));
}

TEST(Files, ASnapshotOnlyReplacesASnapshot) {
  const ScratchFolder scratch = testing::TestFolder("files");
  const std::string dir = scratch.path();
  EXPECT_TRUE(CheckReplaceableFile(dir + "/new.snap", "SNETSNAP", "snapshot").ok());
  Write(dir + "/old.snap", "SNETSNAP and the rest");
  EXPECT_TRUE(CheckReplaceableFile(dir + "/old.snap", "SNETSNAP", "snapshot").ok());
  Write(dir + "/households.csv", "household_id,...");
  EXPECT_EQ(CheckReplaceableFile(dir + "/households.csv", "SNETSNAP", "snapshot").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckReplaceableFile(dir, "SNETSNAP", "snapshot").code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_EQ(::symlink((dir + "/old.snap").c_str(), (dir + "/link.snap").c_str()), 0);
  EXPECT_EQ(CheckReplaceableFile(dir + "/link.snap", "SNETSNAP", "snapshot").code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Files, FilesWrittenTogetherAreAllNewOrAllOld) {
  const ScratchFolder scratch = testing::TestFolder("files");
  const std::string dir = scratch.path();
  Write(dir + "/a", "old a");
  Write(dir + "/b", "old b");
  const FileToWrite both[] = {{dir + "/a", "new a"}, {dir + "/b", "new b"}};
  ASSERT_TRUE(WriteFilesTogether(both).ok());
  EXPECT_EQ(Read(dir + "/a"), "new a");
  EXPECT_EQ(Read(dir + "/b"), "new b");
  // The second cannot be written: the first stays as it was.
  const FileToWrite failing[] = {{dir + "/a", "newer a"}, {dir + "/missing/b", "newer b"}};
  EXPECT_FALSE(WriteFilesTogether(failing).ok());
  EXPECT_EQ(Read(dir + "/a"), "new a");
  // The second cannot be renamed into place (a folder is there): the first is put back,
  // and a file that did not exist before is not left behind.
  ASSERT_EQ(::mkdir((dir + "/folder").c_str(), 0700), 0);
  ASSERT_EQ(::mkdir((dir + "/folder/x").c_str(), 0700), 0);
  const FileToWrite renaming[] = {
      {dir + "/a", "newest a"}, {dir + "/c", "c"}, {dir + "/folder", "f"}};
  EXPECT_FALSE(WriteFilesTogether(renaming).ok());
  EXPECT_EQ(Read(dir + "/a"), "new a");
  EXPECT_FALSE(Exists(dir + "/c"));
  for (const char* name : {"a", "c", "folder"}) {
    EXPECT_FALSE(Exists(dir + "/" + name + ".safetynet-tmp." + std::to_string(::getpid())));
  }
}

TEST(Files, StaleTemporariesOfDeadProcessesAreRemoved) {
  const ScratchFolder scratch = testing::TestFolder("files");
  const std::string dir = scratch.path();
  const std::string stale = dir + "/city.snap.safetynet-tmp." + std::to_string(DeadPid());
  const std::string living = dir + "/city.snap.safetynet-tmp.1";
  const std::string other = dir + "/other.snap.safetynet-tmp." + std::to_string(DeadPid());
  for (const std::string& path : {stale, living, other}) Write(path, "SNETSNAP, half");
  const std::string users = dir + "/city.snap.safetynet-tmp." + std::to_string(DeadPid());
  Write(users, "caseworker notes");  // named alike, but not a snapshot
  RemoveStaleTemporaries(dir + "/city.snap", "SNETSNAP");
  EXPECT_FALSE(Exists(stale));
  EXPECT_TRUE(Exists(living));
  EXPECT_TRUE(Exists(other));
  EXPECT_EQ(Read(users), "caseworker notes");
}

TEST(Files, APipeIsRefusedWithoutWaiting) {
  const ScratchFolder scratch = testing::TestFolder("files");
  const std::string fifo = scratch.path() + "/households.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string contents;
  absl::Status status = ReadWholeFile(fifo, contents);  // would block forever if it waited
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("pipe"), std::string::npos) << status;
}

}  // namespace
}  // namespace safetynet
