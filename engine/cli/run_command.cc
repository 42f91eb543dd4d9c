// safetynet run: the nightly run over a snapshot.
#include <oneapi/tbb/global_control.h>

#include <iostream>
#include <memory>

#include "engine/cli/command_line.h"
#include "engine/cli/progress.h"
#include "engine/cli/rules_folder.h"
#include "engine/cli/thread_count.h"
#include "engine/common/text.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/snapshot_checks.h"

namespace safetynet::cli {

int RunCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("snapshot", po::value<std::string>()->required(),
                        "the snapshot (safetynet import)");
  AddRulesOption(options);
  options.add_options()("as-of", po::value<std::string>()->required(),
                        "the night's date YYYY-MM-DD")("out", po::value<std::string>()->required(),
                                                       "the output folder (created if missing)")(
      "threads", po::value<int>()->default_value(0),
      Cat("worker threads (0: all cores; ", ThreadCap(), ")").c_str())(
      "split-by", po::value<std::string>()->default_value("none"),
      "also write one alerts file per district or town: none | district | town")(
      "mask-ids", po::bool_switch(),
      "mask every resident id in every field written, 18 digits as 371002********0018 and 15 as "
      "371002******001 (for lists that leave the bureau)")(
      "by-district", po::bool_switch(),
      "one district at a time, in the memory of a district (same outputs; for data larger than "
      "memory)")("allow-empty", po::bool_switch(),
                 "run a snapshot with no households or no elderly residents (refused otherwise)");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "run", args, options,
          "safetynet run --snapshot S [--rules DIR] --as-of D --out DIR [--threads N]\n"
          "                     [--split-by town|district] [--by-district] [--mask-ids]\n"
          "                     [--allow-empty]",
          "Evaluates every rule for the as-of date and writes alerts.csv, alerts.jsonl,\n"
          "entitlements.csv, unmatched_signals.csv, undecided.csv (who a rule could not\n"
          "decide, and why) and summary.json into the output folder.",
          values)) {
    return *exit;
  }
  auto as_of = DateOption("run", values["as-of"].as<std::string>(), "as-of");
  if (!as_of) return kExitUsage;
  monitor::NightlyOptions nightly;
  nightly.as_of = *as_of;
  nightly.mask_ids = values["mask-ids"].as<bool>();
  const std::string split = values["split-by"].as<std::string>();
  if (split == "district") {
    nightly.split_by = monitor::SplitBy::kDistrict;
  } else if (split == "town") {
    nightly.split_by = monitor::SplitBy::kTown;
  } else if (split != "none") {
    Complain("run", "--split-by is none, district or town");
    return kExitUsage;
  }
  const int threads = values["threads"].as<int>();
  if (!CheckThreadCount("run", threads, true)) return kExitUsage;
  std::unique_ptr<tbb::global_control> limit;
  if (threads > 0) {
    limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                  threads);
  }

  const std::string snapshot = values["snapshot"].as<std::string>();
  if (auto missing = CheckInputExists("run", snapshot, "snapshot")) return *missing;
  int exit = kExitOk;
  auto out = ClaimOutputFolder("run", values["out"].as<std::string>(),
                               {snapshot, values["rules"].as<std::string>()}, exit);
  if (!out) return exit;

  double start = Now();
  auto program = LoadRulesFor("run", values["rules"].as<std::string>());
  if (!program) return kExitFailed;
  const double compile_seconds = SecondsSince(start);
  // Opened once: every read of the run is of this file, even if an import
  // renames a new snapshot over its path meanwhile.
  auto opened = OpenSnapshot::Open(snapshot);
  if (!opened.ok()) {
    std::cerr << "safetynet run: " << opened.status().message() << "\n";
    return kExitFailed;
  }
  // The snapshot's guard (engine/monitor/snapshot_checks.h), before any work.
  const SnapshotSummary& header = opened->summary();
  if (auto empty = monitor::CheckNotEmpty(header, snapshot, values["allow-empty"].as<bool>());
      !empty.ok()) {
    std::cerr << "safetynet run: " << empty.message() << "\n";
    return kExitFailed;
  }
  nightly.imported_files = header.info.imported_files;
  nightly.warnings = monitor::SnapshotWarnings(header.info, nightly.as_of);
  // The import's counts and the warnings: once the snapshot has loaded (a
  // damaged one fails first), or at once when it is read district by district.
  auto tell_import = [&] {
    std::cout << monitor::FormatImportCounts(header.info);
    for (const std::string& warning : nightly.warnings) {
      std::cerr << "safetynet run: warning: " << warning << "\n";
    }
  };
  start = Now();
  absl::StatusOr<monitor::NightlySummary> summary;
  double load_seconds = 0;
  Progress progress("running");
  nightly.progress = [&](std::string_view part, size_t done, size_t total) {
    progress.Update(part, done, total);
  };
  if (values["by-district"].as<bool>()) {
    tell_import();
    summary =
        monitor::RunNightlyByDistrict(*program, *opened, nightly, *out);  // loads part by part
  } else {
    progress.Update("snapshot", 0, 1);
    auto data = ReadSnapshot(*opened);
    if (!data.ok()) {
      progress.Finish();
      Complain("run", std::string(data.status().message()));
      return kExitFailed;
    }
    progress.Update("snapshot", 1, 1);
    tell_import();
    load_seconds = SecondsSince(start);
    start = Now();
    summary = monitor::RunNightly(*program, **data, nightly, *out);
  }
  progress.Finish();
  if (!summary.ok()) {
    Complain("run", std::string(summary.status().message()));
    return kExitFailed;
  }
  std::cout << monitor::FormatSummary(*summary);
  std::printf(
      "  rules compiled in %.3f s, snapshot loaded in %.3f s, run in %.3f s; outputs in %s\n",
      compile_seconds, load_seconds, SecondsSince(start), out->folder().c_str());
  return kExitOk;
}

}  // namespace safetynet::cli
