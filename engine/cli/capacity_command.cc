// safetynet capacity: measure, fit and project; the capacity report.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include "engine/capacity/report.h"
#include "engine/cli/command_line.h"
#include "engine/cli/thread_count.h"
#include "engine/common/text.h"

namespace safetynet::cli {
namespace {

template <typename T>
std::optional<std::vector<T>> List(const std::string& text) {
  std::vector<T> values;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    std::stringstream one(item);
    T value;
    if (!(one >> value) || value <= 0) return std::nullopt;
    values.push_back(value);
  }
  if (values.empty()) return std::nullopt;
  return values;
}

}  // namespace

int CapacityCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("rules", po::value<std::string>()->default_value("rules/weihai"),
                        "the rules folder")(
      "scales", po::value<std::string>()->default_value("0.25,0.5,1,2,4"),
      "data sizes, as multiples of the city preset")(
      "threads", po::value<std::string>()->default_value("1,2"),
      Cat("thread counts to measure (each ", ThreadCap(), ")").c_str())(
      "repetitions", po::value<int>()->default_value(3),
      "runs per configuration (medians are reported)")(
      "out", po::value<std::string>()->default_value("docs/capacity"),
      "where capacity.md and capacity.html go")("scratch",
                                                po::value<std::string>()->default_value("/tmp"),
                                                "where the measured data and outputs go meanwhile")(
      "cores", po::value<int>()->default_value(32), "the cores of the server to project for")(
      "memory-gib", po::value<double>()->default_value(256), "its memory")(
      "window-hours", po::value<double>()->default_value(6), "the nightly window");
  po::variables_map values;
  if (auto exit = ParseOptions(
          args, options,
          "safetynet capacity [--scales 0.25,0.5,1,2,4] [--threads 1,2] [--out docs/capacity]",
          "Measures nightly runs of the rules on synthetic data of growing size with each\n"
          "thread count (each run a child process: its own wall time and peak memory), fits\n"
          "how time and memory grow, projects Weihai, Shandong and the national platform on\n"
          "the given server, and writes capacity.md and capacity.html. Takes a few minutes.",
          values)) {
    return *exit;
  }
  capacity::CapacityOptions o;
  auto scales = List<double>(values["scales"].as<std::string>());
  auto threads = List<int>(values["threads"].as<std::string>());
  if (!scales || !threads || values["repetitions"].as<int>() < 1 || values["cores"].as<int>() < 1) {
    std::cerr
        << "safetynet capacity: --scales and --threads are lists of positive numbers such as 1,2; "
           "--repetitions and --cores at least 1\n";
    return kExitUsage;
  }
  for (int count : *threads) {
    if (!CheckThreadCount("capacity", count, false)) return kExitUsage;
  }
  char self[4096];
  ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) {
    std::cerr << "safetynet capacity: cannot find this program's path\n";
    return kExitFailed;
  }
  o.safetynet.assign(self, static_cast<size_t>(length));
  o.rules = values["rules"].as<std::string>();
  o.scales = *scales;
  o.threads = *threads;
  o.repetitions = values["repetitions"].as<int>();
  o.scratch_dir = values["scratch"].as<std::string>();
  o.server_cores = values["cores"].as<int>();
  o.server_memory_gib = values["memory-gib"].as<double>();
  o.window_hours = values["window-hours"].as<double>();
  o.progress = [](const std::string& step) { std::cerr << "capacity: " << step << "\n"; };
  int exit = kExitOk;
  auto out = ClaimOutputFolder("capacity", values["out"].as<std::string>(), {o.rules}, exit);
  if (!out) return exit;
  if (auto status = capacity::RunCapacity(o, *out); !status.ok()) {
    std::cerr << "safetynet capacity: " << status.message() << "\n";
    return kExitFailed;
  }
  std::cout << "capacity report written to " << out->folder() << "/capacity.md and capacity.html\n";
  return kExitOk;
}

}  // namespace safetynet::cli
