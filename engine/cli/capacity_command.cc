// safetynet capacity: measure, fit and project; the capacity report.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <optional>

#include "engine/capacity/report.h"
#include "engine/cli/command_line.h"
#include "engine/cli/rules_folder.h"
#include "engine/cli/thread_count.h"
#include "engine/common/text.h"
#include "engine/synth/synth.h"

namespace safetynet::cli {

namespace {

// Why the smallest of `scales` (increasing) is too small to measure: the city
// preset at that scale has no household or no elderly resident, which `run`
// refuses as an empty snapshot; nullopt if it is not.
std::optional<std::string> TooSmallScale(const std::vector<double>& scales) {
  const synth::Preset city = *synth::FindPreset("city");
  const synth::SynthOptions sizes = synth::OptionsFor(city, scales.front(), 0);
  if (sizes.households > 0 && sizes.elderly > 0) return std::nullopt;
  // llround gives 1 from 0.5: the smallest scale with a household and an elderly resident.
  const double least = 0.5 / static_cast<double>(std::min(city.households, city.elderly));
  return Cat("--scales: ", ShortestDecimal(scales.front()), " is too small: the city preset x",
             ShortestDecimal(scales.front()), " has ", sizes.households, " household(s) and ",
             sizes.elderly, " elderly resident(s), and a run needs both; use at least ",
             ShortestDecimal(std::ceil(least * 1e7) / 1e7));
}

}  // namespace

int CapacityCommand(const Args& args) {
  po::options_description options("options");
  AddRulesOption(options);
  options.add_options()(
      "scales", po::value<std::string>()->default_value("0.25,0.5,1,2,4"),
      "data sizes, as multiples of the city preset: at least two, increasing, each above 0 and "
      "at most 100 (fewer than 3: the projection is marked unreliable)")(
      "threads", po::value<std::string>()->default_value("1,2"),
      Cat("thread counts to measure, increasing, each ", ThreadCap(),
          " (without 1 and a larger one: no speed-up measured, "
          "the projection is marked unreliable)")
          .c_str())("repetitions", Number<int>("repetitions", {1, 100})->default_value(3),
                    "runs per configuration, 1 to 100 (medians are reported)")(
      "out", po::value<std::string>()->default_value("docs/capacity"),
      "where capacity.md and capacity.html go")("scratch",
                                                po::value<std::string>()->default_value("/tmp"),
                                                "where the measured data and outputs go meanwhile")(
      "cores", Number<int>("cores", {1, 1 << 16})->default_value(32),
      "the cores of the server to project for")(
      "memory-gib", Number<double>("memory-gib", {0, 1 << 24, true})->default_value(256),
      "its memory")("window-hours", Number<double>("window-hours", {0, 24, true})->default_value(6),
                    "the nightly window, above 0 and at most 24");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "capacity", args, options,
          "safetynet capacity [--rules DIR] [--scales 0.25,0.5,1,2,4] [--threads 1,2]\n"
          "                          [--repetitions 3] [--cores 32] [--memory-gib 256]\n"
          "                          [--window-hours 6] [--scratch /tmp] [--out docs/capacity]",
          "Measures nightly runs of the rules on synthetic data of growing size with each\n"
          "thread count (each run a child process: its own wall time and peak memory), fits\n"
          "how time and memory grow, projects Weihai, Shandong and the national platform on\n"
          "the given server, and writes capacity.md and capacity.html. Takes a few minutes.",
          values)) {
    return *exit;
  }
  capacity::CapacityOptions o;
  auto message = ParseNumberList<double>("scales", values["scales"].as<std::string>(),
                                         {0, 100, true}, o.scales);
  if (!message) {
    message = ParseNumberList<int>("threads", values["threads"].as<std::string>(),
                                   {1, std::numeric_limits<int>::max()}, o.threads);
  }
  if (message) {
    Complain("capacity", *message);
    return kExitUsage;
  }
  for (int count : o.threads) {
    if (!CheckThreadCount("capacity", count, false)) return kExitUsage;
  }
  if (o.scales.size() < 2) {
    Complain("capacity", "--scales needs at least two sizes to fit a line");
    return kExitUsage;
  }
  if (auto small = TooSmallScale(o.scales)) {
    Complain("capacity", *small);
    return kExitUsage;
  }
  char self[4096];
  ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) {
    Complain("capacity", "cannot find this program's path");
    return kExitFailed;
  }
  o.safetynet.assign(self, static_cast<size_t>(length));
  o.rules = values["rules"].as<std::string>();
  o.repetitions = values["repetitions"].as<int>();
  o.scratch_dir = values["scratch"].as<std::string>();
  o.server_cores = values["cores"].as<int>();
  o.server_memory_gib = values["memory-gib"].as<double>();
  o.window_hours = values["window-hours"].as<double>();
  o.progress = [](const std::string& step) { std::cerr << "safetynet capacity: " << step << "\n"; };
  for (const std::string& caveat : capacity::ProjectionCaveats(o)) {
    Complain("capacity", "the projection will be unreliable: " + caveat);
  }
  int exit = kExitOk;
  auto out = ClaimOutputFolder("capacity", values["out"].as<std::string>(), {o.rules}, exit);
  if (!out) return exit;
  if (auto status = capacity::RunCapacity(o, *out); !status.ok()) {
    Complain("capacity", std::string(status.message()));
    return kExitFailed;
  }
  std::cout << "capacity report written to " << out->folder() << "/capacity.md and capacity.html\n";
  return kExitOk;
}

}  // namespace safetynet::cli
