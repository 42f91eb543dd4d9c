// The case store on a PostgreSQL server (database.h), through Debian's libpq.
//
// Connects with a libpq connection URI (postgresql://user:password@host:
// port/dbname?...), in UTF-8. Query sends its values as text and lets the
// server infer their types; InsertRows streams the rows with COPY (text
// format). Begin takes the store's exclusive transaction-level advisory lock
// (kStoreLockKey), so two nights never interleave; it waits for another
// writer up to a timeout, then fails with Unavailable. The password never
// appears in Describe() or in an error.
//
// Owns its connection (closed when destroyed; the server then rolls back an
// open transaction). One thread at a time; a row callback of Query gets its
// rows after the whole result arrived and may use the same object.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/cases/database.h"

struct pg_conn;

namespace safetynet::cases {

// `address` (a postgresql:// or postgres:// URI) with any password removed,
// from the user part and from the parameters.
std::string PostgresAddressWithoutPassword(std::string_view address);

class PostgresDatabase final : public Database {
 public:
  // The advisory lock key that Begin takes (pg_advisory_xact_lock): one per
  // database on the server.
  static constexpr long long kStoreLockKey = 0x5afe7e75;

  // Connects to the server at `address`; Begin waits for another writer up
  // to `lock_timeout`. Errors: InvalidArgument for an address libpq cannot
  // parse; Unavailable for a server that does not answer or refuses the
  // connection (naming the address without its password).
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(
      const std::string& address, absl::Duration lock_timeout = absl::Seconds(10));

  ~PostgresDatabase() override;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  absl::Status Execute(std::string_view sql) override;
  absl::Status Query(std::string_view sql, const std::vector<SqlValue>& params,
                     const std::function<void(const SqlRow&)>& row = {}) override;
  absl::Status InsertRows(std::string_view table, const std::vector<std::string>& columns,
                          const std::vector<std::vector<SqlValue>>& rows) override;
  absl::Status Begin() override;
  absl::Status Commit() override;
  absl::Status Rollback() override;
  std::string Describe() const override { return description_; }

 private:
  PostgresDatabase(pg_conn* connection, std::string description, absl::Duration lock_timeout)
      : connection_(connection), description_(std::move(description)), lock_timeout_(lock_timeout) {}

  // Streams `rows` into `table` once COPY is under way.
  absl::Status CopyRows(std::string_view sql, const std::vector<std::vector<SqlValue>>& rows);

  pg_conn* connection_;
  std::string description_;  // the address without its password
  absl::Duration lock_timeout_;
  bool in_transaction_ = false;  // between Begin and Commit/Rollback
};

}  // namespace safetynet::cases
