#include "engine/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace safetynet::cli {

Progress::Progress(std::string_view title) : title_(title), enabled_(isatty(STDERR_FILENO)) {}

Progress::~Progress() { Finish(); }

void Progress::Finish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (enabled_ && !parts_.empty()) std::fputc('\n', stderr);
  parts_.clear();
}

void Progress::Update(std::string_view part, size_t done, size_t total) {
  if (!enabled_) return;
  int percent = total == 0 ? 100 : static_cast<int>(done * 100 / total);
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [name, value] : parts_) {
    if (name == part) {
      if (value == percent) return;
      value = percent;
      Draw();
      return;
    }
  }
  parts_.emplace_back(std::string(part), percent);
  Draw();
}

void Progress::Draw() {
  std::fprintf(stderr, "\r%s:", title_.c_str());
  for (const auto& [name, percent] : parts_)
    std::fprintf(stderr, "  %s %3d%%", name.c_str(), percent);
  std::fflush(stderr);
}

}  // namespace safetynet::cli
