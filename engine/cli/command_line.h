// Shared command-line plumbing for the subcommands: parsing options with
// Boost.Program_options into a variables map, with --help and clear errors,
// and parsing dates given on the command line. Not shared between threads.
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cli/commands.h"
#include "engine/common/date.h"
#include "engine/io/output_folder.h"

namespace safetynet::cli {

namespace po = boost::program_options;

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

// Parses `args` against `options` (a --help option is added). Returns the
// exit code to end with (after printing help or the error), or nullopt to go
// on. `usage` is the one-line synopsis, `about` a paragraph printed by --help.
std::optional<int> ParseOptions(const Args& args, po::options_description options,
                                std::string_view usage, std::string_view about,
                                po::variables_map& values);

// Claims the output folder `folder` for `command`, which reads `inputs`,
// before any work (engine/io/output_folder.h). On failure prints why and
// returns nullopt with `exit` set: 2 if refused (not safetynet's to replace,
// or in use by another process), 1 if it cannot be created.
std::optional<OutputFolder> ClaimOutputFolder(std::string_view command, const std::string& folder,
                                              std::vector<std::string> inputs, int& exit);

// A YYYY-MM-DD option value, or an error message on stderr and nullopt.
std::optional<Days> DateOption(const std::string& text, std::string_view option);

// Seconds since `start` (a steady clock reading in seconds).
double SecondsSince(double start);
double Now();

}  // namespace safetynet::cli
