// safetynet inspect: verify every chunk of a snapshot and print its header.
#include <iostream>

#include "engine/cli/command_line.h"
#include "engine/io/snapshot.h"
#include "engine/monitor/snapshot_checks.h"

namespace safetynet::cli {

int InspectCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("snapshot", po::value<std::string>()->required(), "the snapshot file");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "inspect", args, options, "safetynet inspect SNAPSHOT",
          "Reads the snapshot, verifies every chunk's checksum and every column, then prints\n"
          "the header, the record counts and the import's counts per file. Exits 1 if anything\n"
          "is damaged.",
          values, {"snapshot"})) {
    return *exit;
  }
  const std::string path = values["snapshot"].as<std::string>();
  const double start = Now();
  SnapshotSummary summary;
  auto dataset = ReadSnapshot(path, &summary);
  if (!dataset.ok()) {
    Complain("inspect", std::string(dataset.status().message()));
    return kExitFailed;
  }
  const double seconds = SecondsSince(start);
  std::cout << "snapshot " << path << ": OK, every chunk verified\n"
            << "  format version " << summary.format_version << "\n"
            << "  as of          " << FormatIsoDate(summary.info.as_of) << "\n"
            << "  created        " << FormatUtcTime(summary.info.created_unix_seconds) << "\n"
            << "  source         " << summary.info.source << "\n"
            << "  households     " << summary.households << "\n"
            << "  persons        " << summary.persons << "\n"
            << "  elderly        " << summary.elderly << "\n"
            << "  signals        " << summary.signals << "\n"
            << "  chunks         " << summary.chunks << "\n"
            << "  bytes          " << summary.bytes << "\n"
            << monitor::FormatImportCounts(summary.info);
  std::printf("  loaded into tables in %.3f s\n", seconds);
  return kExitOk;
}

}  // namespace safetynet::cli
