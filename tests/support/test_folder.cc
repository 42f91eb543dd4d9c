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

OutputFolder TestOutput(const std::string& path, std::string_view command) {
  auto folder = OutputFolder::Begin(path, {std::string(command), {}});
  if (!folder.ok()) {
    ADD_FAILURE() << folder.status();
    std::abort();
  }
  return std::move(*folder);
}

}  // namespace safetynet::testing
