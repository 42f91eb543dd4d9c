// The cap on worker threads of every command that takes --threads (run,
// capacity): four per core of this machine, so that a mistyped count such
// as 100000000 is a usage error before any work, not gigabytes of thread
// bookkeeping. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace safetynet::cli {

inline constexpr int kThreadsPerCore = 4;

// The most worker threads a command takes: kThreadsPerCore times
// std::thread::hardware_concurrency() (taken as 1 if unknown).
int MaxThreads();

// "at most N, 4 per core", for --help.
std::string ThreadCap();

// Whether `threads`, the --threads of `command`, is from 1 to MaxThreads()
// (or 0, meaning all cores, where `zero_is_all_cores`); if not, prints
// "safetynet COMMAND: --threads ..." saying why to stderr (the caller ends
// with the usage exit code, 2).
bool CheckThreadCount(std::string_view command, long long threads, bool zero_is_all_cores);

}  // namespace safetynet::cli
