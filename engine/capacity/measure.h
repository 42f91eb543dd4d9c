// Capacity measurements: the safetynet command itself, run as a child
// process -- `synth` to make a data set of a given size, `run` for the
// nightly run -- so that each run's wall time and peak memory (the child's
// maximum resident set) are its own. Stage times come from the run's
// summary.json. Not thread-safe (forks); call from the main thread.
#pragma once

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "engine/common/date.h"

namespace safetynet::capacity {

struct RunSize {
  size_t households = 0, persons = 0, elderly = 0, signals = 0;
  size_t Records() const { return households + persons + elderly + signals; }
};

struct Measurement {
  RunSize size;
  int threads = 0;
  Days as_of = kNoDate;  // the night run: the snapshot's as-of date
  double wall = 0;       // the whole command: start-up, rules, load, run, outputs
  double load = 0;       // wall less the run's stages: start-up, rules and snapshot loading
  double match = 0, columns = 0, alerts = 0, entitlements = 0, records = 0, write = 0;
  size_t peak_bytes = 0;  // maximum resident set of the run
};

// `safetynet synth --preset city --scale SCALE --signal-scale SIGNALS --rules RULES --format
// snapshot --out PATH`: data aimed at the standards of the rules measured.
absl::Status MakeSnapshot(const std::string& safetynet, const std::string& rules, double scale,
                          double signal_scale, const std::string& path);

// `safetynet run` over `snapshot` with `threads`, outputs into `out`, as of
// the snapshot's own as-of date (its header).
// With `by_district`, `run --by-district`.
absl::StatusOr<Measurement> MeasureRun(const std::string& safetynet, const std::string& snapshot,
                                       const std::string& rules, int threads,
                                       const std::string& out, bool by_district = false);

}  // namespace safetynet::capacity
