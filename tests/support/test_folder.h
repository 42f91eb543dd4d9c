// A scratch folder for one test, under the test framework's temporary
// directory, removed with its contents when it goes away.
#pragma once

#include <string_view>

#include <string>

#include "engine/io/output_folder.h"
#include "engine/io/scratch_folder.h"

namespace safetynet::testing {

ScratchFolder TestFolder(std::string_view prefix);

// The output folder `path` claimed for `command` (aborts the test if refused).
OutputFolder TestOutput(const std::string& path, std::string_view command = "run");

}  // namespace safetynet::testing
