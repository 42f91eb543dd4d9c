// The case store in an SQLite file (database.h), through Debian's libsqlite3.
//
// The file is created with mode 0600 (its journal files get the same mode
// from SQLite). It is kept in WAL mode with synchronous=FULL: a committed
// night survives a crash or power cut, an uncommitted one vanishes whole,
// and readers go on while a night is written. Prepared statements are kept
// by SQL text and reused. A failed statement inside Begin..Commit makes the
// Commit fail and roll back (as PostgreSQL does), so a night is stored whole
// or not at all.
//
// Owns its connection (closed when destroyed, rolling back an open
// transaction). One thread at a time; a row callback of Query must not use
// the same SqliteDatabase except for another Query.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/cases/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace safetynet::cases {

class SqliteDatabase final : public Database {
 public:
  // Opens the SQLite file at `path`, creating it (empty, mode 0600) if
  // absent and `create`. A writer finding the store busy (another Begin)
  // waits up to `busy_timeout`, then fails with Unavailable.
  // Errors: NotFound (absent, !create); InvalidArgument (not an SQLite
  // database, or not a regular file); Internal for other failures to open.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(
      const std::string& path, bool create, absl::Duration busy_timeout = absl::Seconds(10));

  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  absl::Status Execute(std::string_view sql) override;
  absl::Status Query(std::string_view sql, const std::vector<SqlValue>& params,
                     const std::function<void(const SqlRow&)>& row = {}) override;
  absl::Status InsertRows(std::string_view table, const std::vector<std::string>& columns,
                          const std::vector<std::vector<SqlValue>>& rows) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;
  std::string Describe() const override { return path_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  // The prepared statement for `sql` (one statement), from the cache when
  // there and not in use (a Query inside a row callback); `owned` is set
  // when the caller must finalize it.
  absl::StatusOr<sqlite3_stmt*> Prepare(std::string_view sql, bool& owned);
  // Binds `params` to $1, $2, ... of `statement`.
  absl::Status Bind(sqlite3_stmt* statement, std::string_view sql,
                    const std::vector<SqlValue>& params);
  // The error for result `code` of `sql`, noting a failure inside Begin.
  absl::Status Error(int code, std::string_view sql);

  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
  bool in_transaction_ = false;   // between Begin and Commit/Rollback
  bool failed_in_transaction_ = false;
};

}  // namespace safetynet::cases
