// The case store's connection to a database: the few operations the store
// needs (engine/cases/case_store.h), the same for an SQLite file and a
// PostgreSQL server, so that one schema and one set of SQL statements serve
// both (docs/monitoring.md, "The store").
//
// Values cross this interface as text (NULL as nullopt): the database turns
// them into its column's type. SQL text uses `$1`, `$2`, ... for parameters,
// each appearing once and in increasing order (both SQLite and PostgreSQL
// take that form). Only portable SQL is used: TEXT, BIGINT, no upserts.
//
// A Database is used by one thread at a time. It owns its connection and
// closes it when destroyed; an open transaction is then rolled back.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace safetynet::cases {

using SqlValue = std::optional<std::string>;  // nullopt is NULL

// One row of a query's result, valid only during the callback that gets it.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual int size() const = 0;
  // The value of column `i` (0-based): nullopt for NULL.
  virtual std::optional<std::string_view> Get(int i) const = 0;
  // The value or "" for NULL.
  std::string_view Text(int i) const { return Get(i).value_or(std::string_view()); }
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs one or more statements without parameters or results (schema,
  // BEGIN, COMMIT). Errors: the database's message, with the statement's start.
  virtual absl::Status Execute(std::string_view sql) = 0;

  // Runs one statement with `params` for $1, $2, ...; calls `row` for each
  // result row in order (a statement without results calls it never).
  virtual absl::Status Query(std::string_view sql, const std::vector<SqlValue>& params,
                             const std::function<void(const SqlRow&)>& row = {}) = 0;

  // Inserts `rows` (each with columns.size() values) into `table`: the fast
  // path for the many rows of a night (PostgreSQL COPY, an SQLite prepared
  // statement). Inside the caller's transaction.
  virtual absl::Status InsertRows(std::string_view table, const std::vector<std::string>& columns,
                                  const std::vector<std::vector<SqlValue>>& rows) = 0;

  // Begins the night's transaction, waiting for (or failing on) another
  // writer: SQLite BEGIN IMMEDIATE, PostgreSQL BEGIN plus an exclusive
  // lock of the store. Commit makes it durable; Rollback undoes it.
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;

  // How the store is named in messages: the file's path, or the server's
  // address without its password.
  virtual std::string Describe() const = 0;
};

// Whether `store` names a PostgreSQL server (postgresql:// or postgres://).
bool IsPostgresAddress(std::string_view store);

// Opens the store named by --store: a PostgreSQL server for a
// postgresql:// or postgres:// address (libpq connection URI), else an
// SQLite file at that path, created (mode 0600) if absent and `create`.
// Errors: NotFound for a missing file when !create; Unavailable for a
// server that does not answer (naming the address, without the password);
// InvalidArgument for a file that is not an SQLite database.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(std::string_view store, bool create);

}  // namespace safetynet::cases
