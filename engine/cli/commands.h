// The safetynet subcommands. Each takes its arguments (after the command
// name), prints to stdout/stderr and returns the process exit code:
// 0 done, 1 the work failed (unreadable or damaged input), 2 bad usage.
#pragma once

#include <string>
#include <vector>

namespace safetynet::cli {

using Args = std::vector<std::string>;

int ImportCommand(const Args& args);
int InspectCommand(const Args& args);
int SynthCommand(const Args& args);
int RulesCommand(const Args& args);
int RunCommand(const Args& args);
int ExplainCommand(const Args& args);
int RecalcCommand(const Args& args);
int SweepCommand(const Args& args);
int CapacityCommand(const Args& args);
int CasesCommand(const Args& args);
int ServeCommand(const Args& args);

}  // namespace safetynet::cli
