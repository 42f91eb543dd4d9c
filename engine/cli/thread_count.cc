#include "engine/cli/thread_count.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include "engine/common/text.h"

namespace safetynet::cli {

int MaxThreads() {
  return kThreadsPerCore * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string ThreadCap() {
  return Cat("at most ", MaxThreads(), ", ", kThreadsPerCore, " per core");
}

bool CheckThreadCount(std::string_view command, long long threads, bool zero_is_all_cores) {
  const long long lowest = zero_is_all_cores ? 0 : 1;
  if (threads >= lowest && threads <= MaxThreads()) return true;
  std::cerr << "safetynet " << command << ": --threads " << threads
            << " is not a thread count: " << (zero_is_all_cores ? "0 (all cores) or " : "")
            << "1 to " << MaxThreads() << " (" << kThreadsPerCore << " per core of this machine)\n";
  return false;
}

}  // namespace safetynet::cli
