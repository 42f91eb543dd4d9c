// Stores for the case store's tests: a fresh SQLite file, or a fresh
// database on the PostgreSQL server the test run started (CTest fixture
// postgres_server; its address in SAFETYNET_TEST_POSTGRES). Not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/io/scratch_folder.h"

namespace safetynet::cases {

enum class StoreKind { kSqlite, kPostgres };
std::string StoreKindName(StoreKind kind);  // "SQLite", "PostgreSQL"

// A new, empty store of `kind`: its --store value (`address`; "" for
// kPostgres when the run has no server: the caller skips, saying so) and,
// for SQLite, the scratch folder holding the file, removed with this.
struct TestStore {
  std::string address;
  std::optional<ScratchFolder> folder;
};
TestStore MakeTestStore(StoreKind kind);

// The server's address with its database replaced by `database`.
std::string WithDatabase(std::string_view address, std::string_view database);

}  // namespace safetynet::cases
