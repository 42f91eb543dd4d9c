// A scratch folder for one test, under the test framework's temporary
// directory, removed with its contents when it goes away.
#pragma once

#include <string_view>

#include "engine/io/scratch_folder.h"

namespace safetynet::testing {

ScratchFolder TestFolder(std::string_view prefix);

}  // namespace safetynet::testing
