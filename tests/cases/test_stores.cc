#include "tests/cases/test_stores.h"

#include <unistd.h>

#include <cstdlib>

#include "engine/cases/database.h"
#include "engine/common/text.h"
#include "gtest/gtest.h"
#include "tests/support/test_folder.h"

namespace safetynet::cases {

std::string StoreKindName(StoreKind kind) {
  return kind == StoreKind::kSqlite ? "SQLite" : "PostgreSQL";
}

std::string WithDatabase(std::string_view address, std::string_view database) {
  const size_t slash = address.rfind('/');
  const size_t query = address.find('?', slash);
  return Cat(address.substr(0, slash + 1), database,
             query == std::string_view::npos ? std::string_view() : address.substr(query));
}

TestStore MakeTestStore(StoreKind kind) {
  static int made = 0;
  ++made;
  TestStore store;
  if (kind == StoreKind::kSqlite) {
    store.folder.emplace(testing::TestFolder("store"));
    store.address = Cat(store.folder->path(), "/cases.db");
    return store;
  }
  const char* server = std::getenv("SAFETYNET_TEST_POSTGRES");
  if (server == nullptr || *server == '\0') return store;
  const std::string database = Cat("store_", ::getpid(), "_", made);
  auto admin = OpenDatabase(server, false);
  EXPECT_TRUE(admin.ok()) << admin.status();
  if (!admin.ok()) return store;
  const absl::Status created = (*admin)->Execute(Cat("CREATE DATABASE ", database));
  EXPECT_TRUE(created.ok()) << created;
  store.address = WithDatabase(server, database);
  return store;
}

}  // namespace safetynet::cases
