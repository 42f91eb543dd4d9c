#include "engine/cases/database.h"

#include "engine/cases/postgres_database.h"
#include "engine/cases/sqlite_database.h"

namespace safetynet::cases {

bool IsPostgresAddress(std::string_view store) {
  return store.starts_with("postgresql://") || store.starts_with("postgres://");
}

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(std::string_view store, bool create) {
  if (IsPostgresAddress(store)) return PostgresDatabase::Open(std::string(store));
  return SqliteDatabase::Open(std::string(store), create);
}

}  // namespace safetynet::cases
