#include "tests/support/test_folder.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace safetynet::testing {

ScratchFolder TestFolder(std::string_view prefix) {
  auto folder = ScratchFolder::Create(::testing::TempDir(), prefix);
  if (!folder.ok()) {
    ADD_FAILURE() << folder.status();
    std::abort();  // no test can go on without a place for its files
  }
  return std::move(*folder);
}

}  // namespace safetynet::testing
