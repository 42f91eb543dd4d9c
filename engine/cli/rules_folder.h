// The rules folder a command reads: the --rules option, shared by every
// command that takes it, and its default when it is not given -- the Weihai
// rules installed with the binary, found from the binary's own location
// (/proc/self/exe), so the command works from any current folder (cron).
// Where the default is looked for, in order:
//   1. BINDIR/../share/safetynet/rules/weihai beside the running binary, as
//      `cmake --install` puts them (SAFETYNET_INSTALLED_RULES: the path from
//      the install's bin folder to its rules, set by engine/cli/CMakeLists.txt);
//   2. the source tree's rules/weihai (SAFETYNET_SOURCE_RULES), for a binary
//      run from the build tree it was built in.
// If neither is a folder, the default is the first, and loading it says it
// is missing. Not shared between threads (the default is found once).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/cli/command_line.h"
#include "engine/io/district_names.h"
#include "engine/lang/program.h"

namespace safetynet::cli {

struct DefaultRules {
  std::string folder;  // absolute
  std::string origin;  // for --help: "installed with safetynet", "from the source tree"
};

const DefaultRules& FindDefaultRules();

// Adds --rules DIR, defaulting to FindDefaultRules(); --help says where the
// default comes from and which folder it is.
void AddRulesOption(po::options_description& options);

// Loads and compiles `folder` (engine/lang/rule_set.h) for `command`; on
// errors prints them under "safetynet COMMAND: the rules in FOLDER ..." and
// returns nullptr (the caller ends with kExitFailed).
std::unique_ptr<lang::Program> LoadRulesFor(std::string_view command, const std::string& folder);

// The district names of `folder` (its districts.csv: engine/io/district_names.h;
// none if it has no such file); on an error prints it, naming file:line, and
// returns nullopt (the caller ends with kExitFailed).
std::optional<DistrictNames> LoadDistrictNamesFor(std::string_view command,
                                                  const std::string& folder);

}  // namespace safetynet::cli
