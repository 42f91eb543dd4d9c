// Stores for the case store's tests: a fresh SQLite file, or a fresh
// database on the PostgreSQL server the test run started (CTest fixture
// postgres_server; its address in SAFETYNET_TEST_POSTGRES). Not thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safetynet::cases {

enum class StoreKind { kSqlite, kPostgres };
std::string StoreKindName(StoreKind kind);  // "SQLite", "PostgreSQL"

// A --store value naming a new, empty store of `kind`, valid until the test
// program ends; "" for kPostgres when the run has no server (the caller
// skips, saying so).
std::string MakeTestStore(StoreKind kind);

// The server's address with its database replaced by `database`.
std::string WithDatabase(std::string_view address, std::string_view database);

}  // namespace safetynet::cases
