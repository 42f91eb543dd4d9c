// A test-only driver of the journal (engine/serve/journal.h), for the kill
// test (journal_kill_test.sh) and for measuring it:
//
//   journal_stress append PATH ROUND THREADS
//     opens PATH (printing "opened N" or "open failed: WHY"), then appends
//     forever from THREADS threads, batches of 1 to 3 records named
//     "ROUND THREAD BATCH K N"; prints "acked RECORD" (flushed) for each
//     record of an acknowledged batch. Meant to be killed.
//   journal_stress check PATH ACKED
//     opens PATH and checks it against the "acked" lines of the file ACKED:
//     every acknowledged record there, no record twice, each thread's
//     records in its order, every batch whole. Exit 0 if so, else 1.
//   journal_stress measure FOLDER SECONDS
//     appends of one 200-byte record from 1, 8 and 64 threads, each for
//     SECONDS into a new journal in FOLDER: appends/s, p50 and p99 latency.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "engine/serve/journal.h"

namespace {

using safetynet::Journal;

int Append(const std::string& path, const std::string& round, int threads) {
  std::vector<std::string> replayed;
  auto journal = Journal::Open(path, &replayed);
  if (!journal.ok()) {
    std::printf("open failed: %s\n", std::string(journal.status().message()).c_str());
    return 1;
  }
  std::printf("opened %zu torn %llu\n", replayed.size(),
              static_cast<unsigned long long>((*journal)->counters().torn_bytes));
  std::fflush(stdout);
  std::mutex out;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (long batch = 0;; ++batch) {
        const int n = 1 + static_cast<int>(batch % 3);
        std::vector<std::string> records;
        for (int k = 1; k <= n; ++k) {
          std::ostringstream record;
          record << round << ' ' << t << ' ' << batch << ' ' << k << ' ' << n;
          records.push_back(record.str());
        }
        const absl::Status status = (*journal)->AppendAndWait(records);
        if (!status.ok()) {
          std::lock_guard lock(out);
          std::printf("append failed: %s\n", std::string(status.message()).c_str());
          std::fflush(stdout);
          std::_Exit(1);
        }
        std::string lines;
        for (const std::string& record : records) lines += "acked " + record + "\n";
        std::lock_guard lock(out);
        // One write per batch, so that a kill leaves whole lines.
        if (::write(STDOUT_FILENO, lines.data(), lines.size()) < 0) std::_Exit(1);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  return 0;
}

int Check(const std::string& path, const std::string& acked_file) {
  std::vector<std::string> records;
  auto journal = Journal::Open(path, &records);
  if (!journal.ok()) {
    std::printf("FAILED: the journal cannot be opened: %s\n",
                std::string(journal.status().message()).c_str());
    return 1;
  }
  int failures = 0;
  auto fail = [&](const std::string& what) {
    if (++failures <= 10) std::printf("FAILED: %s\n", what.c_str());
  };
  std::set<std::string> present;
  // (round, thread) -> the last (batch, k) seen; (round, thread, batch) -> records seen, n.
  std::map<std::pair<std::string, int>, std::pair<long, int>> last;
  std::map<std::tuple<std::string, int, long>, std::pair<int, int>> batches;
  for (const std::string& record : records) {
    if (!present.insert(record).second) fail("twice in the journal: " + record);
    std::istringstream fields(record);
    std::string round;
    int thread = 0, k = 0, n = 0;
    long batch = 0;
    if (!(fields >> round >> thread >> batch >> k >> n)) {
      fail("not a record of the driver: " + record);
      continue;
    }
    auto key = std::make_pair(round, thread);
    auto seen = last.find(key);
    if (seen != last.end() && std::make_pair(batch, k) <= seen->second) {
      fail("out of its thread's order: " + record);
    }
    last[key] = {batch, k};
    auto& counted = batches[{round, thread, batch}];
    counted.first += 1;
    counted.second = n;
  }
  for (const auto& [key, counted] : batches) {
    if (counted.first != counted.second) {
      fail("a batch not whole: round " + std::get<0>(key) + " thread " +
           std::to_string(std::get<1>(key)) + " batch " + std::to_string(std::get<2>(key)));
    }
  }
  std::ifstream acked(acked_file);
  std::string line;
  size_t acknowledged = 0;
  while (std::getline(acked, line)) {
    if (line.rfind("acked ", 0) != 0) continue;
    ++acknowledged;
    if (!present.count(line.substr(6))) fail("acknowledged but not in the journal: " + line);
  }
  if (acknowledged == 0) fail("no record was acknowledged");
  std::printf("check: %zu records in the journal, %zu acknowledged, %d failures\n", records.size(),
              acknowledged, failures);
  return failures == 0 ? 0 : 1;
}

int Measure(const std::string& folder, double seconds) {
  const std::string record(200, 'r');
  for (int threads : {1, 8, 64}) {
    const std::string path = folder + "/measure.journal";
    ::unlink(path.c_str());
    auto journal = Journal::Open(path, nullptr);
    if (!journal.ok()) {
      std::printf("open failed: %s\n", std::string(journal.status().message()).c_str());
      return 1;
    }
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration<double>(seconds);
    std::vector<std::vector<double>> latencies(threads);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        while (Clock::now() < end) {
          const auto before = Clock::now();
          if (!(*journal)->AppendAndWait({record}).ok()) std::_Exit(1);
          latencies[t].push_back(
              std::chrono::duration<double, std::milli>(Clock::now() - before).count());
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::vector<double> all;
    for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
    std::sort(all.begin(), all.end());
    const auto counters = (*journal)->counters();
    std::printf(
        "appenders %2d: %7zu appends in %.1f s = %8.0f appends/s; latency p50 %.2f ms, p99 %.2f "
        "ms; %llu fsyncs (%.0f/s), largest group %llu\n",
        threads, all.size(), elapsed, all.size() / elapsed, all[all.size() / 2],
        all[std::min(all.size() - 1, all.size() * 99 / 100)],
        static_cast<unsigned long long>(counters.fsyncs), counters.fsyncs / elapsed,
        static_cast<unsigned long long>(counters.largest_group));
    journal->reset();
    ::unlink(path.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "append") return Append(args[1], args[2], std::stoi(args[3]));
  if (args.size() == 3 && args[0] == "check") return Check(args[1], args[2]);
  if (args.size() == 3 && args[0] == "measure") return Measure(args[1], std::stod(args[2]));
  std::fprintf(stderr,
               "usage: journal_stress append PATH ROUND THREADS | check PATH ACKED | measure "
               "FOLDER SECONDS\n");
  return 2;
}
