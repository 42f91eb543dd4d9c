#include "engine/capacity/measure.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/snapshot.h"

namespace safetynet::capacity {
namespace {

struct ChildResult {
  double wall = 0;
  struct rusage usage {};
};

// Runs the command with its output discarded; fails unless it exits 0.
absl::StatusOr<ChildResult> RunChild(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) return absl::UnavailableError("cannot fork");
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    sigset_t none;  // the child gets the stopping signals this process waits for itself
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(args[0], args.data());
    _exit(127);
  }
  ChildResult result;
  int status = 0;
  ::wait4(pid, &status, 0, &result.usage);
  result.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        Cat(Join(std::vector<std::string_view>(argv.begin(), argv.end()), " "),
            " failed (exit status ", WEXITSTATUS(status), ")"));
  }
  return result;
}

// The number after "key": in a JSON text (the first occurrence).
double JsonNumber(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return 0;
  return std::strtod(json.c_str() + at + key.size() + 3, nullptr);
}

}  // namespace

absl::Status MakeSnapshot(const std::string& safetynet, const std::string& rules, double scale,
                          double signal_scale, const std::string& path) {
  auto result = RunChild({safetynet, "synth", "--preset", "city", "--scale", ShortestDecimal(scale),
                          "--signal-scale", ShortestDecimal(signal_scale), "--rules", rules,
                          "--format", "snapshot", "--out", path});
  return result.ok() ? absl::OkStatus() : result.status();
}

absl::StatusOr<Measurement> MeasureRun(const std::string& safetynet, const std::string& snapshot,
                                       const std::string& rules, int threads,
                                       const std::string& out, bool by_district) {
  // The night the data was made for: the snapshot's own as-of date.
  SAFETYNET_ASSIGN_OR_RETURN(SnapshotSummary header, ReadSnapshotHeader(snapshot));
  std::vector<std::string> argv = {safetynet, "run", "--snapshot", snapshot,
                                   "--rules", rules, "--as-of",    FormatIsoDate(header.info.as_of),
                                   "--out",   out,   "--threads",  Cat(threads)};
  if (by_district) argv.push_back("--by-district");
  auto child = RunChild(argv);
  if (!child.ok()) return child.status();
  std::string json;
  if (absl::Status status = ReadWholeFile(out + "/summary.json", json); !status.ok()) return status;
  Measurement m;
  m.threads = threads;
  m.as_of = header.info.as_of;
  m.wall = child->wall;
  m.peak_bytes = static_cast<size_t>(child->usage.ru_maxrss) * 1024;
  m.size = {static_cast<size_t>(JsonNumber(json, "households")),
            static_cast<size_t>(JsonNumber(json, "persons")),
            static_cast<size_t>(JsonNumber(json, "elderly")),
            static_cast<size_t>(JsonNumber(json, "signals"))};
  // The stage seconds sit in the "seconds" object (other keys of the same
  // names hold counts): read them from there.
  size_t seconds = json.find("\"seconds\":");
  if (seconds != std::string::npos) {
    std::string stages = json.substr(seconds);
    m.match = JsonNumber(stages, "match");
    m.columns = JsonNumber(stages, "columns");
    m.alerts = JsonNumber(stages, "alerts");
    m.entitlements = JsonNumber(stages, "entitlements");
    m.records = JsonNumber(stages, "records");
    m.write = JsonNumber(stages, "write");
  }
  m.load = std::max(
      0.0, m.wall - (m.match + m.columns + m.alerts + m.entitlements + m.records + m.write));
  return m;
}

}  // namespace safetynet::capacity
