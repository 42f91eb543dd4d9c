#include "engine/cases/postgres_database.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/cases/sql_text.h"
#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

// COPY data goes to libpq in pieces of about this many bytes.
constexpr size_t kCopyChunk = 1 << 20;

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// The value of hex digit `c`, or -1.
int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `text` without white space at its end (libpq's messages end in "\n").
std::string WithoutTrailingSpace(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// `text` with %XX escapes decoded (for recognizing a parameter's name).
std::string PercentDecoded(std::string_view text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    int high = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
    if (text[i] == '%' && high >= 0 && low >= 0) {
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

// The status for a failed result: Unavailable when the connection or a
// lock is the trouble, FailedPrecondition for a broken constraint,
// InvalidArgument for a value of the wrong form, else Internal. Only the
// primary message is kept (the detail may quote a row's values).
absl::Status StatusFor(PGconn* connection, const PGresult* result, std::string_view description,
                       std::string_view sql) {
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string sqlstate = state != nullptr ? state : "";
  std::string message =
      Cat(description, ": ", WithoutTrailingSpace(primary != nullptr ? primary : PQerrorMessage(connection)));
  if (!sqlstate.empty()) message += Cat(" (SQLSTATE ", sqlstate, ")");
  if (!sql.empty()) message += Cat(" (in: ", StatementStart(sql), ")");
  if (PQstatus(connection) == CONNECTION_BAD || sqlstate.starts_with("08") || sqlstate.starts_with("53") ||
      sqlstate.starts_with("57P")) {
    return absl::UnavailableError(Cat(message, " (the connection to the store failed)"));
  }
  if (sqlstate == "55P03" || sqlstate == "40P01" || sqlstate == "40001") {
    return absl::UnavailableError(Cat(message, " (the store is busy: another writer)"));
  }
  if (sqlstate.starts_with("23")) return absl::FailedPreconditionError(message);
  if (sqlstate.starts_with("22")) return absl::InvalidArgumentError(message);
  return absl::InternalError(message);
}

// Appends `value` in COPY's text format: backslash, tab, newline and
// carriage return escaped; NULL as \N.
void AppendCopyValue(const SqlValue& value, std::string& out) {
  if (!value.has_value()) {
    out += "\\N";
    return;
  }
  for (char c : *value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
}

class PostgresRow final : public SqlRow {
 public:
  PostgresRow(const PGresult* result, int row) : result_(result), row_(row), size_(PQnfields(result)) {}
  int size() const override { return size_; }
  std::optional<std::string_view> Get(int i) const override {
    if (i < 0 || i >= size_ || PQgetisnull(result_, row_, i)) return std::nullopt;
    return std::string_view(PQgetvalue(result_, row_, i), PQgetlength(result_, row_, i));
  }

 private:
  const PGresult* result_;
  int row_;
  int size_;
};

}  // namespace

std::string PostgresAddressWithoutPassword(std::string_view address) {
  size_t scheme_end = address.find("://");
  if (scheme_end == std::string_view::npos) return std::string(address);
  std::string_view scheme = address.substr(0, scheme_end + 3);
  std::string_view rest = address.substr(scheme_end + 3);
  // As libpq reads it: a user part ends at the first '@' before any '/'.
  size_t at = rest.find_first_of("@/");
  std::string user;
  if (at != std::string_view::npos && rest[at] == '@') {
    std::string_view user_part = rest.substr(0, at);
    user = Cat(user_part.substr(0, user_part.find(':')), "@");
    rest = rest.substr(at + 1);
  }
  size_t question = rest.find('?');
  std::string result = Cat(scheme, user, rest.substr(0, question));
  if (question == std::string_view::npos) return result;
  std::string_view parameters = rest.substr(question + 1);
  char separator = '?';
  while (!parameters.empty()) {
    std::string_view parameter = parameters.substr(0, parameters.find('&'));
    parameters.remove_prefix(std::min(parameters.size(), parameter.size() + 1));
    // libpq's keywords are lower case.
    if (PercentDecoded(parameter.substr(0, parameter.find('='))) == "password") continue;
    result += separator;
    result += parameter;
    separator = '&';
  }
  return result;
}

absl::StatusOr<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const std::string& address,
                                                                         absl::Duration lock_timeout) {
  std::string description = PostgresAddressWithoutPassword(address);
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(address.c_str(), &parse_error);
  if (options == nullptr) {
    std::string why = WithoutTrailingSpace(parse_error != nullptr ? parse_error : "out of memory");
    PQfreemem(parse_error);
    return absl::InvalidArgumentError(
        Cat(description, " is not a valid PostgreSQL address: ", why));
  }
  std::string password;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr) password = option->val;
  }
  PQconninfoFree(options);

  // Keywords before dbname are defaults the address may override; those
  // after it override the address.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {"10", "safetynet", address.c_str(), "UTF8", nullptr};
  PGconn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (connection == nullptr) return absl::ResourceExhaustedError("out of memory connecting to the store");
  std::unique_ptr<PostgresDatabase> database(new PostgresDatabase(connection, description, lock_timeout));
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string why = WithoutTrailingSpace(PQerrorMessage(connection));
    for (size_t at = 0; !password.empty() && (at = why.find(password, at)) != std::string::npos; at += 3) {
      why.replace(at, password.size(), "***");
    }
    return absl::UnavailableError(Cat("cannot connect to the store at ", description, ": ", why));
  }
  return database;
}

PostgresDatabase::~PostgresDatabase() { PQfinish(connection_); }

absl::Status PostgresDatabase::Execute(std::string_view sql) {
  std::string text(sql);
  Result result(PQexec(connection_, text.c_str()));
  ExecStatusType status = PQresultStatus(result.get());
  if (result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)) return absl::OkStatus();
  return StatusFor(connection_, result.get(), description_, sql);
}

absl::Status PostgresDatabase::Query(std::string_view sql, const std::vector<SqlValue>& params,
                                     const std::function<void(const SqlRow&)>& row) {
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    if (!params[i].has_value()) continue;
    if (params[i]->find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          Cat(description_, ": value $", i + 1, " holds a NUL byte (in: ", StatementStart(sql), ")"));
    }
    values[i] = params[i]->c_str();
  }
  std::string text(sql);
  Result result(PQexecParams(connection_, text.c_str(), static_cast<int>(params.size()), /*paramTypes=*/nullptr,
                             values.data(), /*paramLengths=*/nullptr, /*paramFormats=*/nullptr,
                             /*resultFormat=*/0));
  ExecStatusType status = PQresultStatus(result.get());
  if (result == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
    return StatusFor(connection_, result.get(), description_, sql);
  }
  if (row) {
    int rows = PQntuples(result.get());
    for (int r = 0; r < rows; ++r) row(PostgresRow(result.get(), r));
  }
  return absl::OkStatus();
}

absl::Status PostgresDatabase::InsertRows(std::string_view table, const std::vector<std::string>& columns,
                                          const std::vector<std::vector<SqlValue>>& rows) {
  SAFETYNET_RETURN_IF_ERROR(CheckSqlNames(table, columns));
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != columns.size()) {
      return absl::InvalidArgumentError(Cat(description_, ": row ", r, " of ", table, " has ",
                                                     rows[r].size(), " values for ", columns.size(), " columns"));
    }
  }
  if (rows.empty()) return absl::OkStatus();
  std::string names;
  for (size_t i = 0; i < columns.size(); ++i) names += Cat(i == 0 ? "" : ", ", columns[i]);
  std::string sql = Cat("COPY ", table, " (", names, ") FROM STDIN");
  Result start(PQexec(connection_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) {
    return StatusFor(connection_, start.get(), description_, sql);
  }
  absl::Status copied = CopyRows(sql, rows);
  // End the COPY: normally, or failing it when the data could not be sent.
  int ended = PQputCopyEnd(connection_, copied.ok() ? nullptr : "the rows could not be sent");
  absl::Status status = copied;
  if (ended != 1 && status.ok()) status = StatusFor(connection_, nullptr, description_, sql);
  while (Result result{PQgetResult(connection_)}) {
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && status.ok()) {
      status = StatusFor(connection_, result.get(), description_, sql);
    }
  }
  return status;
}

absl::Status PostgresDatabase::CopyRows(std::string_view sql, const std::vector<std::vector<SqlValue>>& rows) {
  std::string buffer;
  buffer.reserve(kCopyChunk + (kCopyChunk >> 2));
  auto send = [&]() -> absl::Status {
    if (PQputCopyData(connection_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      return StatusFor(connection_, nullptr, description_, sql);
    }
    buffer.clear();
    return absl::OkStatus();
  };
  for (const std::vector<SqlValue>& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) buffer += '\t';
      AppendCopyValue(row[i], buffer);
    }
    buffer += '\n';
    if (buffer.size() >= kCopyChunk) SAFETYNET_RETURN_IF_ERROR(send());
  }
  if (!buffer.empty()) SAFETYNET_RETURN_IF_ERROR(send());
  return absl::OkStatus();
}

absl::Status PostgresDatabase::Begin() {
  if (in_transaction_) {
    return absl::FailedPreconditionError(Cat(description_, ": Begin inside a transaction"));
  }
  // One round trip: the transaction, then the store's lock, waited for at
  // most lock_timeout_ (a lock_timeout of 0 would wait for ever).
  int64_t milliseconds = std::max<int64_t>(1, absl::ToInt64Milliseconds(lock_timeout_));
  absl::Status status = Execute(Cat("BEGIN; SET LOCAL lock_timeout = ", milliseconds,
                                             "; SELECT pg_advisory_xact_lock(", kStoreLockKey,
                                             "); SET LOCAL lock_timeout = DEFAULT"));
  if (!status.ok()) {
    Result rollback(PQexec(connection_, "ROLLBACK"));
    return status;
  }
  in_transaction_ = true;
  return absl::OkStatus();
}

absl::Status PostgresDatabase::Commit() {
  if (!in_transaction_) return absl::FailedPreconditionError(Cat(description_, ": Commit without Begin"));
  in_transaction_ = false;
  bool failed = PQtransactionStatus(connection_) == PQTRANS_INERROR;
  Result result(PQexec(connection_, failed ? "ROLLBACK" : "COMMIT"));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    absl::Status status = StatusFor(connection_, result.get(), description_, "COMMIT");
    if (PQstatus(connection_) != CONNECTION_BAD) return status;
    return absl::Status(status.code(),
                        Cat(std::string(status.message()), "; whether the transaction was stored is unknown"));
  }
  // COMMIT of a transaction in which a statement failed rolls back.
  if (failed || std::strcmp(PQcmdStatus(result.get()), "ROLLBACK") == 0) {
    return absl::AbortedError(Cat(
        description_, ": a statement of the transaction failed; it was rolled back, nothing stored"));
  }
  return absl::OkStatus();
}

absl::Status PostgresDatabase::Rollback() {
  in_transaction_ = false;
  if (PQtransactionStatus(connection_) == PQTRANS_IDLE) return absl::OkStatus();
  return Execute("ROLLBACK");
}

}  // namespace safetynet::cases
