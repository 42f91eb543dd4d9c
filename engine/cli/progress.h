// Progress of a long run on a terminal: one status line on stderr, redrawn
// in place, with the percentage of each named part (e.g. each CSV file).
// Prints nothing when stderr is not a terminal (logs stay clean).
// Update() is thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace safetynet::cli {

class Progress {
 public:
  explicit Progress(std::string_view title);
  ~Progress();  // Finish()

  // Ends the status line (before other output); a later Update() starts a new one.
  void Finish();

  void Update(std::string_view part, size_t done, size_t total);

 private:
  void Draw();

  std::string title_;
  bool enabled_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, int>> parts_;  // name, percent
};

}  // namespace safetynet::cli
