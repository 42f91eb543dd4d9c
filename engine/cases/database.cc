#include "engine/cases/database.h"

#include "engine/cases/postgres_database.h"
#include "engine/cases/sqlite_database.h"

namespace safetynet::cases {

bool IsPostgresAddress(std::string_view store) {
  return store.starts_with("postgresql://") || store.starts_with("postgres://");
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(std::string_view store, bool create) {
  if (IsPostgresAddress(store)) return PostgresDatabase::Open(std::string(store));
  // What is meant for a server but mistyped must not become a file (nor be
  // printed: it may hold a password): a postgres scheme without "//", or
  // libpq's keyword form ("host=... dbname=...").
  const bool scheme_typo = store.starts_with("postgres:") || store.starts_with("postgresql:") ||
                           store.starts_with("postgres/") || store.starts_with("postgresql/");
  const bool keywords = store.find('=') != std::string_view::npos &&
                        (store.find("host=") != std::string_view::npos ||
                         store.find("dbname=") != std::string_view::npos ||
                         store.find("password=") != std::string_view::npos);
  if (scheme_typo || keywords) {
    return absl::InvalidArgumentError(
        "--store is an SQLite file's path or a PostgreSQL address written "
        "postgresql://USER@HOST:PORT/DATABASE; the value given looks like neither (it is not "
        "printed: it may hold a password)");
  }
  if (store.empty()) return absl::InvalidArgumentError("--store is empty");
  return SqliteDatabase::Open(std::string(store), create);
}

}  // namespace safetynet::cases
