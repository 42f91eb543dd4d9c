// The capacity report: measures nightly runs of a rules folder's rules on
// synthetic data aimed at its standards, of growing size and with 1 and 2
// threads (each run a child process: its own time and peak memory), fits how
// time and memory grow with the data, and projects a nightly run of Weihai,
// of Shandong and of the national platform on a given server. Writes
// capacity.md and capacity.html (self-contained, with charts). Not
// thread-safe (forks).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/io/output_folder.h"

namespace safetynet::capacity {

struct CapacityOptions {
  std::string safetynet;  // the command to measure (this binary)
  std::string rules = "rules/weihai";
  std::vector<double> scales = {0.25, 0.5, 1, 2, 4};  // of the city preset
  std::vector<int> threads = {1, 2};
  int repetitions = 3;               // medians of this many runs
  std::string scratch_dir = "/tmp";  // snapshots and run outputs while measuring
  int server_cores = 32;             // the server the projections are for
  double server_memory_gib = 256;
  double window_hours = 6;  // the nightly window
  std::function<void(const std::string&)> progress;
};

// What makes the projection of these options unreliable, one sentence
// each; empty if nothing: fewer than 3 data sizes (a line always passes
// through two points: R² says nothing), no speed-up measured (one thread
// count, or none of 1 thread: the projection to more cores then assumes
// none), one repetition (no median). The report lists them above its
// projection, which it marks unreliable.
std::vector<std::string> ProjectionCaveats(const CapacityOptions& options);

// The command line that gives `options`, as the report records it:
// "safetynet capacity --scales 0.25,0.5 --threads 1,2 --repetitions 3 ...".
std::string CapacityCommandLine(const CapacityOptions& options, const std::string& out);

// Measures, then writes the report into `out` (engine/io/output_folder.h), which it commits.
absl::Status RunCapacity(const CapacityOptions& options, OutputFolder& out);

}  // namespace safetynet::capacity
