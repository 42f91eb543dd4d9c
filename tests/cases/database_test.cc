// The store's database connection (engine/cases/database.h): the same cases
// on an SQLite file and on the PostgreSQL server that the CTest fixture
// postgres_server starts (SAFETYNET_TEST_POSTGRES names it; each test gets
// a database of its own, dropped after).
#include "engine/cases/database.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/cases/postgres_database.h"
#include "engine/cases/sqlite_database.h"
#include "tests/cases/test_stores.h"
#include "tests/support/test_folder.h"

namespace safetynet::cases {
namespace {

enum class Backend { kSqlite, kPostgres };

void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::kSqlite ? "SQLite" : "PostgreSQL");
}

// The fixture's server, as the tests' environment names it ("" if unset:
// the PostgreSQL tests then fail, they are never skipped).
std::string PostgresServer() {
  const char* address = std::getenv("SAFETYNET_TEST_POSTGRES");
  return address != nullptr ? address : "";
}

// Runs `sql` and returns the first column of its rows ("<NULL>" for NULL).
std::vector<std::string> Column(Database& db, const std::string& sql,
                                const std::vector<SqlValue>& params = {}) {
  std::vector<std::string> values;
  absl::Status status = db.Query(sql, params, [&](const SqlRow& row) {
    std::optional<std::string_view> value = row.Get(0);
    values.push_back(value.has_value() ? std::string(*value) : "<NULL>");
  });
  EXPECT_TRUE(status.ok()) << status;
  return values;
}

long long Count(Database& db, const std::string& table) {
  std::vector<std::string> count = Column(db, "SELECT COUNT(*) FROM " + table);
  return count.size() == 1 ? std::stoll(count[0]) : -1;
}

std::unique_ptr<Database> OpenOrDie(const std::string& address) {
  auto db = OpenDatabase(address, /*create=*/true);
  if (!db.ok()) {
    ADD_FAILURE() << db.status();
    return nullptr;
  }
  return std::move(*db);
}

class DatabaseTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      folder_.emplace(testing::TestFolder("database_test"));
      address_ = folder_->path() + "/store.db";
    } else {
      ASSERT_FALSE(PostgresServer().empty())
          << "SAFETYNET_TEST_POSTGRES is not set (run through ctest)";
      static int serial = 0;
      database_name_ = absl::StrCat("test_", getpid(), "_", ++serial);
      auto admin = OpenDatabase(PostgresServer(), true);
      ASSERT_TRUE(admin.ok()) << admin.status();
      ASSERT_TRUE((*admin)->Execute("CREATE DATABASE " + database_name_).ok());
      address_ = WithDatabase(PostgresServer(), database_name_);
    }
    db_ = OpenOrDie(address_);
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(db_->Execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, note TEXT)").ok());
  }

  void TearDown() override {
    db_.reset();
    if (!database_name_.empty()) {
      auto admin = OpenDatabase(PostgresServer(), true);
      ASSERT_TRUE(admin.ok()) << admin.status();
      absl::Status dropped = (*admin)->Execute("DROP DATABASE " + database_name_ + " WITH (FORCE)");
      EXPECT_TRUE(dropped.ok()) << dropped;
    }
  }

  // A second connection to the same store, Begin waiting up to `wait`.
  std::unique_ptr<Database> OpenAnother(absl::Duration wait = absl::Seconds(10)) {
    absl::StatusOr<std::unique_ptr<Database>> db;
    if (GetParam() == Backend::kSqlite) {
      db = SqliteDatabase::Open(address_, false, wait);
    } else {
      db = PostgresDatabase::Open(address_, wait);
    }
    if (!db.ok()) {
      ADD_FAILURE() << db.status();
      return nullptr;
    }
    return std::move(*db);
  }

  std::optional<ScratchFolder> folder_;  // SQLite: the store's folder
  std::string database_name_;            // PostgreSQL: this test's database
  std::string address_;
  std::unique_ptr<Database> db_;
};

TEST_P(DatabaseTest, QueryBindsParametersAndNulls) {
  ASSERT_TRUE(
      db_->Query("INSERT INTO t (id, name, note) VALUES ($1, $2, $3)", {"7", "seven", std::nullopt})
          .ok());
  ASSERT_TRUE(
      db_->Query("INSERT INTO t (id, name, note) VALUES ($1, $2, $3)", {"8", std::nullopt, ""})
          .ok());
  std::vector<std::vector<SqlValue>> rows;
  absl::Status status = db_->Query(
      "SELECT id, name, note FROM t WHERE id >= $1 ORDER BY id", {"7"}, [&](const SqlRow& row) {
        ASSERT_EQ(row.size(), 3);
        std::vector<SqlValue> values;
        for (int i = 0; i < 3; ++i) {
          std::optional<std::string_view> value = row.Get(i);
          values.push_back(value.has_value() ? SqlValue(std::string(*value)) : std::nullopt);
        }
        rows.push_back(values);
      });
  ASSERT_TRUE(status.ok()) << status;
  std::vector<std::vector<SqlValue>> expected = {{"7", "seven", std::nullopt},
                                                 {"8", std::nullopt, ""}};
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(Column(*db_, "SELECT name FROM t WHERE id = $1", {"8"}),
            std::vector<std::string>{"<NULL>"});
  EXPECT_EQ(Column(*db_, "SELECT name FROM t WHERE id = $1", {"9"}), std::vector<std::string>{});
}

// $N is the Nth value wherever it stands in the statement, as PostgreSQL
// reads it (SQLite numbers parameters in the order they appear).
TEST_P(DatabaseTest, ParametersOutOfOrderTakeTheirOwnValues) {
  ASSERT_TRUE(
      db_->Query("INSERT INTO t (id, name, note) VALUES ($3, $1, $2)", {"one", "two", "3"}).ok());
  EXPECT_EQ(Column(*db_, "SELECT name FROM t WHERE note = $2 AND id = $1", {"3", "two"}),
            std::vector<std::string>{"one"});
}

TEST_P(DatabaseTest, ARowCallbackMayQueryAgain) {
  ASSERT_TRUE(db_->InsertRows("t", {"id", "name"}, {{"1", "a"}, {"2", "b"}}).ok());
  const std::string sql = "SELECT id, name FROM t WHERE id >= $1 ORDER BY id";
  std::vector<std::string> seen;
  absl::Status status = db_->Query(sql, {"1"}, [&](const SqlRow& row) {
    std::string id(row.Text(0));
    // The same statement again, inside its own callback.
    for (const std::string& inner : Column(*db_, sql, {id})) seen.push_back(id + inner);
    EXPECT_EQ(row.Text(1), id == "1" ? "a" : "b");  // the outer row is intact
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(seen, (std::vector<std::string>{"11", "12", "22"}));
}

TEST_P(DatabaseTest, ChineseTextRoundTrips) {
  const std::string town = "山东省威海市环翠区竹岛街道";
  const std::string name = "王小明 𠮷";  // one character outside the BMP
  ASSERT_TRUE(
      db_->Query("INSERT INTO t (id, name, note) VALUES ($1, $2, $3)", {"1", name, town}).ok());
  ASSERT_TRUE(db_->InsertRows("t", {"id", "name", "note"}, {{"2", town, name}}).ok());
  EXPECT_EQ(Column(*db_, "SELECT name FROM t ORDER BY id"), (std::vector<std::string>{name, town}));
  EXPECT_EQ(Column(*db_, "SELECT id FROM t WHERE note = $1", {town}),
            std::vector<std::string>{"1"});
}

TEST_P(DatabaseTest, InsertRowsKeepsTabsNewlinesAndBackslashes) {
  const std::vector<std::string> awkward = {
      "a\tb", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N",
      "\\.",  "\\",          "trailing\\",       "\\t literal", "",
      "\r\n", "end\\\n"};
  std::vector<std::vector<SqlValue>> rows;
  for (size_t i = 0; i < awkward.size(); ++i)
    rows.push_back({std::to_string(i), awkward[i], std::nullopt});
  absl::Status status = db_->InsertRows("t", {"id", "name", "note"}, rows);
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(Column(*db_, "SELECT name FROM t ORDER BY id"), awkward);
  EXPECT_EQ(Column(*db_, "SELECT COUNT(*) FROM t WHERE note IS NULL"),
            std::vector<std::string>{"12"});
  // "" stays "", not NULL.
  EXPECT_EQ(Column(*db_, "SELECT id FROM t WHERE name = $1", {""}), std::vector<std::string>{"9"});
}

TEST_P(DatabaseTest, InsertRowsKeepsNumbersInTextColumnsAsWritten) {
  const std::vector<std::string> numbers = {
      "007", "123", "-5", "-0", "0", "1e3", " 4", "9223372036854775807", "-123456789012345678"};
  std::vector<std::vector<SqlValue>> rows;
  for (size_t i = 0; i < numbers.size(); ++i)
    rows.push_back({numbers[i], numbers[i], std::to_string(i)});
  ASSERT_TRUE(db_->Execute("CREATE TABLE n (a TEXT, b TEXT, i BIGINT)").ok());
  ASSERT_TRUE(db_->InsertRows("n", {"a", "b", "i"}, rows).ok());
  EXPECT_EQ(Column(*db_, "SELECT a FROM n ORDER BY i"), numbers);
  EXPECT_EQ(Column(*db_, "SELECT i FROM n WHERE b = $1", {"123"}), std::vector<std::string>{"1"});
  EXPECT_EQ(Column(*db_, "SELECT i FROM n WHERE b = $1", {"007"}), std::vector<std::string>{"0"});
}

TEST_P(DatabaseTest, InsertRowsTakesAHundredThousandRows) {
  std::vector<std::vector<SqlValue>> rows;
  for (int i = 0; i <= 100'000; ++i) {  // not a multiple of SQLite's rows per INSERT
    rows.push_back(
        {std::to_string(i), absl::StrCat("name ", i), i % 3 == 0 ? SqlValue() : SqlValue("note")});
  }
  ASSERT_TRUE(db_->Begin().ok());
  absl::Status status = db_->InsertRows("t", {"id", "name", "note"}, rows);
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_TRUE(db_->Commit().ok());
  EXPECT_EQ(Count(*db_, "t"), 100'001);
  EXPECT_EQ(Column(*db_, "SELECT SUM(id) FROM t"), std::vector<std::string>{"5000050000"});
  EXPECT_EQ(Column(*db_, "SELECT COUNT(*) FROM t WHERE note IS NULL"),
            std::vector<std::string>{"33334"});
  EXPECT_EQ(Column(*db_, "SELECT name FROM t WHERE id = $1", {"99999"}),
            std::vector<std::string>{"name 99999"});
  EXPECT_EQ(Column(*db_, "SELECT name FROM t WHERE id = $1", {"100000"}),
            std::vector<std::string>{"name 100000"});
}

TEST_P(DatabaseTest, InsertRowsRefusesARowOfTheWrongWidth) {
  absl::Status status = db_->InsertRows("t", {"id", "name"}, {{"1", "a"}, {"2"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_EQ(db_->InsertRows("t; DROP TABLE t", {"id"}, {{"1"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(*db_, "t"), 0);
}

TEST_P(DatabaseTest, RollbackLeavesNothing) {
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->InsertRows("t", {"id", "name"}, {{"1", "a"}, {"2", "b"}}).ok());
  ASSERT_TRUE(db_->Query("INSERT INTO t (id) VALUES ($1)", {"3"}).ok());
  EXPECT_EQ(Count(*db_, "t"), 3);  // seen inside the transaction
  ASSERT_TRUE(db_->Rollback().ok());
  EXPECT_EQ(Count(*db_, "t"), 0);
}

TEST_P(DatabaseTest, CommitKeepsForOtherConnections) {
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->InsertRows("t", {"id", "name"}, {{"1", "a"}, {"2", "b"}}).ok());
  std::unique_ptr<Database> other = OpenAnother();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Count(*other, "t"), 0);  // not yet committed
  ASSERT_TRUE(db_->Commit().ok());
  EXPECT_EQ(Count(*other, "t"), 2);
  db_.reset();
  std::unique_ptr<Database> reopened = OpenOrDie(address_);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Count(*reopened, "t"), 2);
}

TEST_P(DatabaseTest, SqlErrorNamesTheProblem) {
  absl::Status status = db_->Query("SELECT * FROM no_such_table WHERE id = $1", {"1"});
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("no_such_table"), std::string_view::npos) << status;
  status = db_->Execute("CREATE TABLE broken (");
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("CREATE TABLE broken"), std::string_view::npos) << status;
  ASSERT_TRUE(db_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  status = db_->Query("INSERT INTO t (id) VALUES ($1)", {"1"});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  // The connection is still usable.
  EXPECT_EQ(Count(*db_, "t"), 1);
}

TEST_P(DatabaseTest, AFailedStatementMakesTheCommitFailAndStoreNothing) {
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  EXPECT_FALSE(db_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  absl::Status status = db_->Commit();
  EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << status;
  EXPECT_EQ(Count(*db_, "t"), 0);
  // A new transaction works again.
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->Query("INSERT INTO t (id) VALUES ($1)", {"2"}).ok());
  ASSERT_TRUE(db_->Commit().ok());
  EXPECT_EQ(Count(*db_, "t"), 1);
}

TEST_P(DatabaseTest, ASecondWriterWaitsForTheFirstsCommit) {
  std::unique_ptr<Database> second = OpenAnother(absl::Seconds(20));
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(db_->Begin().ok());
  std::atomic<bool> begun = false;
  absl::Status second_begin;
  std::vector<std::string> seen;
  auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration waited{};
  std::thread writer([&] {
    second_begin = second->Begin();
    waited = std::chrono::steady_clock::now() - start;
    begun = true;
    if (!second_begin.ok()) return;
    seen = Column(*second, "SELECT name FROM t");
    second_begin = second->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(begun.load());  // still waiting
  ASSERT_TRUE(db_->Query("INSERT INTO t (id, name) VALUES ($1, $2)", {"1", "first"}).ok());
  ASSERT_TRUE(db_->Commit().ok());
  writer.join();
  EXPECT_TRUE(second_begin.ok()) << second_begin;
  EXPECT_GE(waited, std::chrono::milliseconds(500));
  EXPECT_EQ(seen, std::vector<std::string>{"first"});  // it follows the first's commit
}

TEST_P(DatabaseTest, ASecondWriterGivesUpAfterItsTimeout) {
  std::unique_ptr<Database> second = OpenAnother(absl::Milliseconds(200));
  ASSERT_NE(second, nullptr);
  ASSERT_TRUE(db_->Begin().ok());
  absl::Status status = second->Begin();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  ASSERT_TRUE(db_->Rollback().ok());
  // Free again: the second now gets in, and its connection is usable.
  status = second->Begin();
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_TRUE(second->Commit().ok());
}

// A night killed (SIGKILL) before its commit leaves nothing; the nights
// committed before it stay whole.
TEST_P(DatabaseTest, AWriterKilledBeforeCommitLeavesNothing) {
  std::vector<std::vector<SqlValue>> committed;
  for (int i = 0; i < 1000; ++i)
    committed.push_back({std::to_string(i), "committed", std::nullopt});
  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->InsertRows("t", {"id", "name", "note"}, committed).ok());
  ASSERT_TRUE(db_->Commit().ok());
  db_.reset();

  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(pipe_fds[0]);
    char outcome = 'E';
    auto db = OpenDatabase(address_, false);
    // A small cache, so that SQLite writes the transaction's pages into the
    // file (keeping the old ones in its journal) before the commit.
    if (db.ok() &&
        (GetParam() != Backend::kSqlite || (*db)->Execute("PRAGMA cache_size=16").ok()) &&
        (*db)->Begin().ok()) {
      std::vector<std::vector<SqlValue>> rows;
      for (int i = 1000; i < 60'000; ++i)
        rows.push_back({std::to_string(i), "killed", std::string(50, 'x')});
      if ((*db)->InsertRows("t", {"id", "name", "note"}, rows).ok() &&
          (*db)->Query("UPDATE t SET name = $1 WHERE id < $2", {"changed", "500"}).ok()) {
        outcome = 'K';
      }
    }
    if (write(pipe_fds[1], &outcome, 1) != 1) _exit(2);
    while (true) pause();  // until killed
  }
  close(pipe_fds[1]);
  char outcome = 0;
  ASSERT_EQ(read(pipe_fds[0], &outcome, 1), 1);
  close(pipe_fds[0]);
  kill(child, SIGKILL);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_EQ(outcome, 'K') << "the child could not write its rows";
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  if (GetParam() == Backend::kSqlite) {
    // The killed transaction reached the file: its hot journal is there.
    struct stat journal;
    ASSERT_EQ(stat((address_ + "-journal").c_str(), &journal), 0);
    EXPECT_GT(journal.st_size, 0);
    EXPECT_EQ(journal.st_mode & 0777, 0600);  // private like the store
  }

  db_ = OpenOrDie(address_);
  ASSERT_NE(db_, nullptr);
  EXPECT_EQ(Count(*db_, "t"), 1000);
  EXPECT_EQ(Column(*db_, "SELECT COUNT(*) FROM t WHERE name = $1", {"committed"}),
            std::vector<std::string>{"1000"});
  // The killed writer's lock is gone: a new night can begin at once.
  std::unique_ptr<Database> next = OpenAnother(absl::Seconds(5));
  ASSERT_NE(next, nullptr);
  absl::Status status = next->Begin();
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_TRUE(next->InsertRows("t", {"id"}, {{"5000"}}).ok());
  ASSERT_TRUE(next->Commit().ok());
  EXPECT_EQ(Count(*db_, "t"), 1001);
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
                         });

TEST(DatabaseAddressTest, TellsPostgresAddressesFromFiles) {
  EXPECT_TRUE(IsPostgresAddress("postgresql://h/db"));
  EXPECT_TRUE(IsPostgresAddress("postgres://u@h:5432/db"));
  EXPECT_FALSE(IsPostgresAddress("store.db"));
  EXPECT_FALSE(IsPostgresAddress("/var/lib/safetynet/postgresql://x"));
  EXPECT_FALSE(IsPostgresAddress("postgresql:/h/db"));
}

TEST(DatabaseAddressTest, PasswordsAreStrippedFromAddresses) {
  EXPECT_EQ(PostgresAddressWithoutPassword("postgresql://user:s3cret@host:5432/db"),
            "postgresql://user@host:5432/db");
  EXPECT_EQ(
      PostgresAddressWithoutPassword("postgres://user:p%40ss@host/db?sslmode=require&password=x2"),
      "postgres://user@host/db?sslmode=require");
  EXPECT_EQ(PostgresAddressWithoutPassword("postgresql://host/db?pass%77ord=x&application_name=a"),
            "postgresql://host/db?application_name=a");
  EXPECT_EQ(PostgresAddressWithoutPassword("postgresql://h1:1,h2:2/db"),
            "postgresql://h1:1,h2:2/db");
  EXPECT_EQ(PostgresAddressWithoutPassword("postgresql://:secret@host/db"),
            "postgresql://@host/db");
}

TEST(DatabaseOpenTest, PostgresDescribeHasNoPassword) {
  ASSERT_FALSE(PostgresServer().empty())
      << "SAFETYNET_TEST_POSTGRES is not set (run through ctest)";
  // The test server trusts loopback, so any password is accepted.
  std::string address = PostgresServer();
  address.replace(address.find("postgres@"), 9, "postgres:Pa55word@");
  auto db = OpenDatabase(address, false);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ((*db)->Describe(), PostgresServer());
  EXPECT_EQ((*db)->Describe().find("Pa55word"), std::string::npos);
}

TEST(DatabaseOpenTest, PostgresTalksUtf8WhateverTheAddressSays) {
  ASSERT_FALSE(PostgresServer().empty())
      << "SAFETYNET_TEST_POSTGRES is not set (run through ctest)";
  auto db = OpenDatabase(PostgresServer() + "?client_encoding=LATIN1", false);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ(Column(**db, "SHOW client_encoding"), std::vector<std::string>{"UTF8"});
}

TEST(DatabaseOpenTest, PostgresServerThatDoesNotAnswerIsUnavailable) {
  auto db = OpenDatabase("postgresql://safetynet:Pa55word@127.0.0.1:1/store", true);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_NE(db.status().message().find("127.0.0.1:1/store"), std::string_view::npos) << db.status();
  EXPECT_EQ(db.status().message().find("Pa55word"), std::string_view::npos) << db.status();
}

TEST(DatabaseOpenTest, AnUnreadablePostgresAddressIsInvalid) {
  auto db = OpenDatabase("postgresql://u:Pa55word@host/db?nosuchoption=1", true);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument) << db.status();
  EXPECT_EQ(db.status().message().find("Pa55word"), std::string_view::npos) << db.status();
}

TEST(DatabaseOpenTest, SqliteFileIsCreatedPrivate) {
  ScratchFolder folder = testing::TestFolder("database_test");
  std::string path = folder.path() + "/new.db";
  auto db = OpenDatabase(path, true);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)->Execute("CREATE TABLE x (a TEXT)").ok());
  ASSERT_TRUE((*db)->Query("INSERT INTO x (a) VALUES ($1)", {"a"}).ok());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_GT(st.st_size, 0);
  EXPECT_EQ((*db)->Describe(), path);
}

TEST(DatabaseOpenTest, MissingSqliteFileWithoutCreateIsNotFound) {
  ScratchFolder folder = testing::TestFolder("database_test");
  std::string path = folder.path() + "/absent.db";
  auto db = OpenDatabase(path, false);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kNotFound) << db.status();
  struct stat st;
  EXPECT_NE(stat(path.c_str(), &st), 0);  // not created
}

TEST(DatabaseOpenTest, AFileThatIsNotSqliteIsRefused) {
  ScratchFolder folder = testing::TestFolder("database_test");
  std::string path = folder.path() + "/cases.csv";
  std::ofstream(path) << "id,name\n1,a\n";
  auto db = OpenDatabase(path, true);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument) << db.status();
  EXPECT_EQ(db.status().message(), path + " is not a safetynet store (not an SQLite database)");
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "id,name");  // untouched
  db = OpenDatabase(folder.path(), true);
  EXPECT_EQ(db.status().code(), absl::StatusCode::kInvalidArgument) << db.status();
}

}  // namespace
}  // namespace safetynet::cases
