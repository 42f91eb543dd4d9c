#include "engine/cases/sqlite_database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>

#include "engine/cases/sql_text.h"
#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

// A file of fewer statements than this keeps all of them prepared; more
// (not expected: the store has a fixed set) and the cache starts over.
constexpr size_t kMaxCachedStatements = 200;

// Rows that InsertRows puts into one INSERT statement: a statement's fixed
// cost (cursors opened and closed, the statement reset) is shared by them.
constexpr size_t kRowsPerInsert = 50;

// Pages kept in memory per connection: the night's ~250,000 rows fit, so
// the transaction is written once, at its commit.
constexpr int kCacheKibibytes = 64 * 1024;

absl::Status StatusFor(int code, std::string message) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::UnavailableError(Cat(message, " (the store is busy: another writer)"));
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError(std::move(message));
    case SQLITE_NOTADB:
      return absl::InvalidArgumentError(std::move(message));
    case SQLITE_CORRUPT:
      return absl::DataLossError(std::move(message));
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return absl::PermissionDeniedError(std::move(message));
    default:
      return absl::InternalError(std::move(message));
  }
}

// Whether the file at `path` (open as `fd`) starts as an SQLite database
// does; an empty file counts (SQLite writes its header with the first page).
bool HasSqliteHeader(int fd) {
  static constexpr char kHeader[] = "SQLite format 3";  // and its '\0': 16 bytes
  char buffer[sizeof(kHeader)];
  ssize_t got = pread(fd, buffer, sizeof(buffer), 0);
  if (got == 0) return true;
  return got == static_cast<ssize_t>(sizeof(buffer)) &&
         std::memcmp(buffer, kHeader, sizeof(buffer)) == 0;
}

// Creates the store's file (mode 0600) if absent and `create`, and checks
// that what is at `path` is a regular file holding an SQLite database.
absl::Status PrepareFile(const std::string& path, bool create) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    if (!create) return absl::NotFoundError(Cat(path, ": no such store (the file does not exist)"));
    fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  }
  if (fd < 0) {
    return absl::PermissionDeniedError(
        Cat(path, ": cannot open the store: ", std::strerror(errno)));
  }
  struct stat st;
  bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  bool sqlite = regular && HasSqliteHeader(fd);
  close(fd);
  if (!regular)
    return absl::InvalidArgumentError(Cat(path, " is not a safetynet store (not a file)"));
  if (!sqlite) {
    return absl::InvalidArgumentError(
        Cat(path, " is not a safetynet store (not an SQLite database)"));
  }
  return absl::OkStatus();
}

// Turns off SQLite's memory statistics (a mutex around every allocation:
// about a tenth of a night's insert time). Process-wide, and possible only
// before SQLite's first use; later it changes nothing.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

class SqliteRow final : public SqlRow {
 public:
  explicit SqliteRow(sqlite3_stmt* statement)
      : statement_(statement), size_(sqlite3_column_count(statement)) {}
  int size() const override { return size_; }
  std::optional<std::string_view> Get(int i) const override {
    if (i < 0 || i >= size_ || sqlite3_column_type(statement_, i) == SQLITE_NULL)
      return std::nullopt;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, i));
    if (text == nullptr) return std::string_view();  // out of memory; an empty blob
    return std::string_view(text, sqlite3_column_bytes(statement_, i));
  }

 private:
  sqlite3_stmt* statement_;
  int size_;
};

// Resets a statement (and drops its bindings' pointers) when a scope ends;
// finalizes it instead when it is not cached.
class StatementUse {
 public:
  StatementUse(sqlite3_stmt* statement, bool owned) : statement_(statement), owned_(owned) {}
  ~StatementUse() {
    if (owned_) {
      sqlite3_finalize(statement_);
    } else {
      sqlite3_reset(statement_);
      sqlite3_clear_bindings(statement_);
    }
  }
  StatementUse(const StatementUse&) = delete;
  StatementUse& operator=(const StatementUse&) = delete;

 private:
  sqlite3_stmt* statement_;
  bool owned_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                                     bool create,
                                                                     absl::Duration busy_timeout) {
  SAFETYNET_RETURN_IF_ERROR(PrepareFile(path, create));
  if (create) {
    // A night writes the file and a journal beside it: said now, not after
    // the night's work.
    const size_t slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    if (::access(path.c_str(), W_OK) != 0 || ::access(folder.c_str(), W_OK | X_OK) != 0) {
      return absl::PermissionDeniedError(
          Cat(path,
              ": this user cannot write the store (a night writes the file, and a journal "
              "beside it in its folder): check the permissions of both"));
    }
  }
  ConfigureSqliteOnce();
  sqlite3* db = nullptr;
  int code =
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  // The object owns `db` from here, also when opening failed.
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(db, path));
  if (code != SQLITE_OK) {
    return StatusFor(code, Cat(path, ": cannot open the store: ",
                               db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code)));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(absl::ToInt64Milliseconds(busy_timeout)));
  // A rollback journal (DELETE) with synchronous=FULL. Atomic: a process
  // killed mid-night leaves a hot journal, and the next opener puts the
  // file back as it was before the night. Durable: the commit syncs the
  // journal and the file before it returns, so a night reported stored
  // survives a power cut (WAL with NORMAL would not). Faster than WAL for a
  // night's bulk insert: new pages are written once, not to the WAL and
  // then again at the checkpoint (250,000 rows: commit ~110 ms against
  // ~220 ms). Readers wait (busy_timeout) during the commit only.
  // foreign_keys=ON: SQLite checks REFERENCES as PostgreSQL does.
  SAFETYNET_RETURN_IF_ERROR(database->Execute(
      Cat("PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
          "PRAGMA cache_size=-",
          kCacheKibibytes, ";")));
  return database;
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  if (db_ != nullptr && !sqlite3_get_autocommit(db_))
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close_v2(db_);
}

absl::Status SqliteDatabase::Error(int code, std::string_view sql) {
  if (in_transaction_) failed_in_transaction_ = true;
  return StatusFor(code, Cat(path_, ": ", sqlite3_errmsg(db_), " (in: ", StatementStart(sql), ")"));
}

absl::Status SqliteDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return absl::OkStatus();
  if (in_transaction_) failed_in_transaction_ = true;
  absl::Status status =
      StatusFor(code, Cat(path_, ": ", message != nullptr ? message : sqlite3_errstr(code),
                          " (in: ", StatementStart(sql), ")"));
  sqlite3_free(message);
  return status;
}

absl::StatusOr<sqlite3_stmt*> SqliteDatabase::Prepare(std::string_view sql, bool& owned) {
  owned = false;
  auto cached = statements_.find(std::string(sql));
  if (cached != statements_.end() && !sqlite3_stmt_busy(cached->second)) return cached->second;
  sqlite3_stmt* statement = nullptr;
  const char* tail = nullptr;
  int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &statement, &tail);
  if (code != SQLITE_OK) return Error(code, sql);
  std::string_view rest(tail, sql.data() + sql.size() - tail);
  if (statement == nullptr || rest.find_first_not_of(" \t\r\n;") != std::string_view::npos) {
    sqlite3_finalize(statement);
    return absl::InvalidArgumentError(
        Cat(path_, ": not exactly one statement: ", StatementStart(sql)));
  }
  if (cached != statements_.end()) {  // the cached one is in use: this one is the caller's
    owned = true;
    return statement;
  }
  if (statements_.size() >= kMaxCachedStatements) {
    // Start over, keeping those in use (by a Query whose callback runs this).
    for (auto it = statements_.begin(); it != statements_.end();) {
      if (sqlite3_stmt_busy(it->second)) {
        ++it;
      } else {
        sqlite3_finalize(it->second);
        it = statements_.erase(it);
      }
    }
  }
  statements_.emplace(std::string(sql), statement);
  return statement;
}

absl::Status SqliteDatabase::Bind(sqlite3_stmt* statement, std::string_view sql,
                                  const std::vector<SqlValue>& params) {
  int count = sqlite3_bind_parameter_count(statement);
  if (count != static_cast<int>(params.size())) {
    return absl::InvalidArgumentError(Cat(path_, ": ", params.size(), " values for ", count,
                                          " parameters (in: ", StatementStart(sql), ")"));
  }
  for (int i = 1; i <= count; ++i) {
    // SQLite numbers the parameters in the order they first appear; $N is
    // params[N - 1] wherever it stands, as PostgreSQL reads it.
    const char* name = sqlite3_bind_parameter_name(statement, i);
    size_t n = 0;
    if (name == nullptr || name[0] != '$' ||
        std::from_chars(name + 1, name + std::strlen(name), n).ec != std::errc() || n < 1 ||
        n > params.size()) {
      return absl::InvalidArgumentError(Cat(path_, ": parameter ", i, " is not $1..$",
                                            params.size(), " (in: ", StatementStart(sql), ")"));
    }
    const SqlValue& value = params[n - 1];
    const int code = value.has_value()
                         ? sqlite3_bind_text64(statement, i, value->data(), value->size(),
                                               SQLITE_STATIC, SQLITE_UTF8)
                         : sqlite3_bind_null(statement, i);
    if (code != SQLITE_OK) return Error(code, sql);
  }
  return absl::OkStatus();
}

absl::Status SqliteDatabase::Query(std::string_view sql, const std::vector<SqlValue>& params,
                                   const std::function<void(const SqlRow&)>& row) {
  bool owned = false;
  SAFETYNET_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql, owned));
  StatementUse use(statement, owned);
  SAFETYNET_RETURN_IF_ERROR(Bind(statement, sql, params));
  SqliteRow result(statement);
  while (true) {
    int code = sqlite3_step(statement);
    if (code == SQLITE_DONE) return absl::OkStatus();
    if (code != SQLITE_ROW) return Error(code, sql);
    if (row) row(result);
  }
}

absl::Status SqliteDatabase::InsertRows(std::string_view table,
                                        const std::vector<std::string>& columns,
                                        const std::vector<std::vector<SqlValue>>& rows) {
  SAFETYNET_RETURN_IF_ERROR(CheckSqlNames(table, columns));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != columns.size()) {
      return absl::InvalidArgumentError(Cat(path_, ": row ", r, " of ", table, " has ",
                                            rows[r].size(), " values for ", columns.size(),
                                            " columns"));
    }
  }
  // kRowsPerInsert rows to a statement (fewer if the parameters would be
  // too many), then the rest one by one.
  size_t max_parameters = sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
  size_t group = std::max<size_t>(1, std::min(kRowsPerInsert, max_parameters / columns.size()));
  for (size_t r = 0; r < rows.size();) {
    size_t count = rows.size() - r >= group ? group : 1;
    SAFETYNET_RETURN_IF_ERROR(InsertGroup(table, columns, rows, r, count));
    r += count;
  }
  return absl::OkStatus();
}

absl::Status SqliteDatabase::InsertGroup(std::string_view table,
                                         const std::vector<std::string>& columns,
                                         const std::vector<std::vector<SqlValue>>& rows,
                                         size_t first, size_t count) {
  std::string sql = Cat("INSERT INTO ", table, " (");
  for (size_t i = 0; i < columns.size(); ++i) sql += Cat(i == 0 ? "" : ", ", columns[i]);
  sql += ") VALUES ";
  for (size_t r = 0; r < count; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (size_t i = 0; i < columns.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ")";
  }
  bool owned = false;
  SAFETYNET_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql, owned));
  StatementUse use(statement, owned);
  int index = 1;
  for (size_t r = first; r < first + count; ++r) {
    for (const SqlValue& value : rows[r]) {
      int code = value.has_value() ? sqlite3_bind_text64(statement, index, value->data(),
                                                         value->size(), SQLITE_STATIC, SQLITE_UTF8)
                                   : sqlite3_bind_null(statement, index);
      if (code != SQLITE_OK) return Error(code, sql);
      ++index;
    }
  }
  int code = sqlite3_step(statement);
  if (code != SQLITE_DONE) return Error(code, sql);
  return absl::OkStatus();
}

absl::Status SqliteDatabase::Begin() {
  if (in_transaction_)
    return absl::FailedPreconditionError(Cat(path_, ": Begin inside a transaction"));
  SAFETYNET_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  failed_in_transaction_ = false;
  return absl::OkStatus();
}

absl::Status SqliteDatabase::Commit() {
  if (!in_transaction_) return absl::FailedPreconditionError(Cat(path_, ": Commit without Begin"));
  if (failed_in_transaction_) {
    SAFETYNET_RETURN_IF_ERROR(Rollback());
    return absl::AbortedError(
        Cat(path_, ": a statement of the transaction failed; it was rolled back, nothing stored"));
  }
  absl::Status status = Execute("COMMIT");
  if (!status.ok()) {
    // A commit that did not happen leaves nothing behind.
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  in_transaction_ = false;
  return status;
}

absl::Status SqliteDatabase::Rollback() {
  in_transaction_ = false;
  // SQLite may have rolled back already (after an I/O error, say).
  if (sqlite3_get_autocommit(db_)) return absl::OkStatus();
  return Execute("ROLLBACK");
}

}  // namespace safetynet::cases
