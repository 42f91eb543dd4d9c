// safetynet import: the CSV exchange files into a snapshot, bad rows to a
// rejects report.
#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <map>
#include <optional>

#include "engine/cli/command_line.h"
#include "engine/cli/progress.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/import.h"
#include "engine/io/output_folder.h"
#include "engine/io/path_lock.h"
#include "engine/io/snapshot.h"
#include "engine/io/temporaries.h"
#include "engine/serve/journal_signals.h"

namespace safetynet::cli {
namespace {

// Never replace what is not ours: a snapshot only over a snapshot, a rejects
// report only over a rejects report.
absl::Status CheckOutputs(const std::string& snapshot, const std::string& rejects) {
  if (snapshot == rejects) {
    return absl::FailedPreconditionError("--rejects and --out name the same file: give two paths");
  }
  SAFETYNET_RETURN_IF_ERROR(CheckNotInsideOutputs(snapshot));
  SAFETYNET_RETURN_IF_ERROR(CheckNotInsideOutputs(rejects));
  SAFETYNET_RETURN_IF_ERROR(CheckReplaceableFile(snapshot, kSnapshotMagic, "snapshot"));
  return CheckReplaceableFile(rejects, kRejectsHeader, "rejects report");
}

}  // namespace

int ImportCommand(const Args& args) {
  po::options_description options("options");
  options.add_options()("csv", po::value<std::string>()->required(),
                        "folder holding households.csv, persons.csv, elderly.csv, signals.csv")(
      "out", po::value<std::string>()->required(), "the snapshot file to write")(
      "rejects", po::value<std::string>(),
      "where to write the bad rows (default: SNAPSHOT.rejects.csv beside the snapshot)")(
      "as-of", po::value<std::string>(), "the export's as-of date YYYY-MM-DD (default: today)")(
      "source", po::value<std::string>()->default_value(""), "free text recorded in the snapshot")(
      "encoding", po::value<std::string>()->default_value("auto"),
      "auto | utf-8 | gb18030: how the files' bytes are read. auto: UTF-8, or UTF-16/UTF-32 "
      "with a byte-order mark, or else GB18030 (GBK), converted to UTF-8")(
      "max-reject-rate", Number<double>("max-reject-rate", {0, 100})->default_value(5),
      "the most rows of one file that may be rejected, in percent (0-100); above it nothing is "
      "written and the import fails")(
      "journal", po::value<std::string>(),
      "the journal of a live service (safetynet serve): its signals are imported after "
      "signals.csv; one signals.csv also holds is kept once")(
      "accept-ids", po::value<std::string>(),
      "a file of resident ids, one a line, whose check character is not the MOD 11-2 one but "
      "genuine (checked by hand): imported as written and listed in the rejects report")(
      "allow-empty", po::bool_switch(),
      "write the snapshot even if it holds no households, members or elderly residents (by default "
      "such an import fails and nothing is written)");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "import", args, options,
          "safetynet import --csv DIR --out SNAPSHOT [--rejects FILE] [--as-of D]\n"
          "                        [--source TEXT] [--encoding auto|utf-8|gb18030]\n"
          "                        [--max-reject-rate PERCENT] [--allow-empty]\n"
          "                        [--accept-ids FILE] [--journal FILE]",
          "Reads the four CSV exchange files (docs/exchange-format.md) and writes a snapshot.\n"
          "Each file is converted to UTF-8 first (--encoding). Every bad row is written to\n"
          "the rejects report with its file, line, column and reason, and the import goes\n"
          "on. A missing file or required column stops it, as does a file whose encoding\n"
          "cannot be told (not UTF-8, GB18030, or UTF-16/UTF-32 with a byte-order mark), and\n"
          "so does an export with no households, members or elderly residents (unless\n"
          "--allow-empty), and a file with more rejected rows than --max-reject-rate (a\n"
          "wrong encoding, ids re-saved by a spreadsheet): then nothing is written.",
          values)) {
    return *exit;
  }
  const double max_reject_rate = values["max-reject-rate"].as<double>();
  const std::string out = values["out"].as<std::string>();
  const std::string rejects_path =
      values.count("rejects") ? values["rejects"].as<std::string>() : out + ".rejects.csv";
  const std::time_t now = std::time(nullptr);
  ImportOptions import_options;
  import_options.as_of = static_cast<Days>(now / 86400);
  if (values.count("as-of")) {
    auto as_of = DateOption("import", values["as-of"].as<std::string>(), "as-of");
    if (!as_of) return kExitUsage;
    import_options.as_of = *as_of;
  }
  import_options.source = values["source"].as<std::string>();
  if (auto encoding = ParseEncodingChoice(values["encoding"].as<std::string>())) {
    import_options.encoding = *encoding;
  } else {
    Complain("import", Cat("--encoding is auto, utf-8 or gb18030, not '",
                           values["encoding"].as<std::string>(), "'"));
    return kExitUsage;
  }
  if (values.count("accept-ids")) {
    auto accepted = ReadAcceptedIds(values["accept-ids"].as<std::string>());
    if (!accepted.ok()) {
      Complain("import", std::string(accepted.status().message()));
      return kExitFailed;
    }
    for (const std::string& warning : accepted->warnings) {
      std::cerr << "safetynet import: warning: " << warning << "\n";
    }
    import_options.accepted_ids = std::move(accepted->ids);
  }
  if (values.count("journal")) {
    import_options.journal_name = values["journal"].as<std::string>();
    auto signals = serve::ReadJournalSignals(import_options.journal_name);
    if (!signals.ok()) {
      Complain("import", std::string(signals.status().message()));
      return kExitFailed;
    }
    import_options.journal_signals = std::move(*signals);
  }
  // Checked before the lock is taken (nothing is created beside a path that is
  // refused) and again under it.
  std::optional<PathLock> lock;
  for (int pass = 0; pass < 2; ++pass) {
    absl::Status status = CheckOutputs(out, rejects_path);
    if (status.ok() && !lock) {
      int dir = ::open(ParentOf(out).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      auto taken = dir >= 0 ? PathLock::Take(dir, BaseOf(out), out)
                            : absl::UnavailableError(Cat("cannot open the folder of ", out));
      if (dir >= 0) ::close(dir);
      if (taken.ok()) lock.emplace(std::move(*taken));
      status = taken.status();
    }
    if (!status.ok()) {
      Complain("import", std::string(status.message()));
      return status.code() == absl::StatusCode::kFailedPrecondition ? kExitUsage : kExitFailed;
    }
  }
  RemoveStaleTemporaries(out, kSnapshotMagic);
  RemoveStaleTemporaries(rejects_path, kRejectsHeader);

  const double start = Now();
  Progress progress("importing");
  import_options.progress = [&](std::string_view file, size_t done, size_t total) {
    progress.Update(file, done, total);
  };
  auto imported = ImportExchangeDirectory(values["csv"].as<std::string>(), import_options);
  if (!imported.ok()) {
    Complain("import", std::string(imported.status().message()));
    return kExitFailed;
  }
  // Warnings about the files' headers (an unknown, perhaps misspelt, column;
  // an absent optional one) come first: they often explain a refusal.
  for (const FileCounts& file : imported->files) {
    for (const std::string& warning : file.warnings) {
      std::cerr << "safetynet import: warning: " << file.file << ": " << warning << "\n";
    }
  }
  // An empty export is named as such before its members show as rejected.
  auto refuse = [](const absl::Status& status, std::string_view remedy) {
    std::cerr << "safetynet import: " << status.message() << "\n"
              << "  nothing was written: the snapshot and the rejects report are as they were.\n"
              << "  " << remedy << "\n";
    return kExitFailed;
  };
  if (auto status = CheckImportNotEmpty(*imported);
      !status.ok() && !values["allow-empty"].as<bool>()) {
    return refuse(status, "Check the export, or give --allow-empty if it is meant to be empty.");
  }
  if (auto status = CheckRejectRates(*imported, max_reject_rate); !status.ok()) {
    return refuse(status,
                  "Fix the file, or give --max-reject-rate 100 to import its good rows anyway.");
  }
  const double import_seconds = SecondsSince(start);
  imported->dataset->info.created_unix_seconds = now;

  const double write_start = Now();
  // The snapshot and its rejects report are committed together or not at all.
  const std::string snapshot = SerializeSnapshot(*imported->dataset);
  const std::string rejects = RejectsCsv(*imported);
  const FileToWrite files[] = {{rejects_path, rejects}, {out, snapshot}};
  if (auto status = WriteFilesTogether(files); !status.ok()) {
    Complain("import", std::string(status.message()));
    if (status.code() != absl::StatusCode::kDataLoss) {
      std::cerr << "  nothing was written: the snapshot and the rejects report are as they were\n";
    }
    return kExitFailed;
  }
  const double write_seconds = SecondsSince(write_start);

  std::cout << "imported " << values["csv"].as<std::string>() << " -> " << out << "\n";
  std::cout << "  file             rows   imported   rejected   naming someone   warnings\n";
  for (const FileCounts& file : imported->files) {
    std::printf("  %-14s %8zu %10zu %10zu %16zu %10zu\n", file.file.c_str(), file.rows,
                file.imported, file.rejected, file.attributed, file.warnings.size());
  }
  std::cout << "  read as:";
  for (const FileCounts& file : imported->files) {
    std::cout << (&file == &imported->files.front() ? " " : ", ") << file.file << " "
              << file.encoding << (file.encoding == "UTF-8" ? "" : " (converted to UTF-8)");
  }
  std::cout << "\n";
  for (const Diagnosis& diagnosis : imported->diagnoses) {
    std::cout << "  diagnosis: " << diagnosis.file << ": " << diagnosis.sentence << "\n";
  }
  std::map<std::string_view, size_t> by_kind;
  for (const FileCounts& file : imported->files) {
    for (const auto& [kind, rows] : file.rejected_by_kind) by_kind[kind] += rows;
  }
  if (!by_kind.empty()) {
    std::cout << "  rejected rows by kind:";
    for (const auto& [kind, count] : by_kind) std::cout << " " << kind << "=" << count;
    std::cout << "\n";
  }
  for (const FileCounts& file : imported->files) {
    if (file.converted_ids + file.accepted_ids == 0) continue;
    std::cout << "  " << file.file << ": imported with a note: " << file.converted_ids
              << " old 15-digit ids converted (ID_CONVERTED), " << file.accepted_ids
              << " irregular ids accepted (ID_ACCEPTED)\n";
  }
  if (!imported->rejects.empty() || !imported->notes.empty()) {
    std::cout << "  rejects report: " << rejects_path << "\n";
  }
  std::printf("  read and checked in %.2f s, snapshot written in %.2f s\n", import_seconds,
              write_seconds);
  return kExitOk;
}

}  // namespace safetynet::cli
