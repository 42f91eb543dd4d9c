// safetynet run: the nightly run over a snapshot.
#include <oneapi/tbb/global_control.h>

#include <iostream>
#include <memory>

#include "engine/cases/store_night.h"
#include "engine/cli/command_line.h"
#include "engine/cli/progress.h"
#include "engine/cli/rules_folder.h"
#include "engine/cli/thread_count.h"
#include "engine/common/date.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/snapshot.h"
#include "engine/io/snapshot_part.h"
#include "engine/monitor/nightly.h"
#include "engine/monitor/snapshot_checks.h"
#include "engine/people/night_for_people.h"
#include "engine/people/subject_names.h"

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
      "no-workbooks", po::bool_switch(),
      "skip the Excel workbooks (worklist.xlsx, worklist-by-town/*.xlsx, entitlements-by-town/), "
      "which take most of a city run's time, for a run whose outputs only machines read")(
      "with-names", po::bool_switch(),
      "put each subject's name (a household's: its head's) in the worklist workbooks, for "
      "caseworkers who visit; not with --mask-ids (docs/privacy.md)")(
      "store", po::value<std::string>(),
      "the case store that follows the alerts across nights (docs/monitoring.md): an SQLite "
      "file (created if missing) or postgresql://USER@HOST:PORT/DB; writes cases.csv, "
      "worklist.csv, worklist-by-town/ and rejected_dispositions.csv too")(
      "dispositions", po::value<std::string>(),
      "with --store: caseworkers' dispositions recorded since the last night (CSV: case_id, "
      "date, action, worker); bad rows go to rejected_dispositions.csv")(
      "by-district", po::bool_switch(),
      "one district at a time, in the memory of a district (same outputs; for data larger than "
      "memory)")("allow-empty", po::bool_switch(),
                 "run a snapshot with no households or no elderly residents (refused otherwise)");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "run", args, options,
          "safetynet run --snapshot S [--rules DIR] --as-of D --out DIR [--threads N]\n"
          "                     [--split-by town|district] [--by-district] [--mask-ids]\n"
          "                     [--allow-empty] [--no-workbooks] [--with-names]\n"
          "                     [--store S [--dispositions FILE]]",
          "Evaluates every rule for the as-of date and writes, for machines, alerts.csv,\n"
          "alerts.jsonl, entitlements.csv, unmatched_signals.csv, undecided.csv (who a\n"
          "rule could not decide, and why) and summary.json; for people, in Chinese,\n"
          "worklist.xlsx and worklist-by-town/ (what to act on, most urgent first, with\n"
          "the reason in a sentence), entitlements-by-town/ (a workbook per town) and\n"
          "report.html (the night on one page). With --store, the night's alerts become\n"
          "cases followed across nights (nights in date order; the last night may be run\n"
          "again and gives the same result): cases.csv, worklist.csv, worklist-by-town/\n"
          "and rejected_dispositions.csv, and the worklist workbooks list the cases.",
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

  if (values["with-names"].as<bool>() && values["no-workbooks"].as<bool>()) {
    Complain("run", "--with-names puts names in the workbooks, which --no-workbooks leaves out");
    return kExitUsage;
  }
  if (values["with-names"].as<bool>() && nightly.mask_ids) {
    Complain("run",
             "--with-names puts names in the worklists and --mask-ids is for lists that leave "
             "the bureau: give one of them");
    return kExitUsage;
  }
  const bool with_store = values.count("store") > 0;
  if (with_store && values["store"].as<std::string>().empty()) {
    Complain("run", "--store is empty: give an SQLite file or a postgresql:// address");
    return kExitUsage;
  }
  if (values.count("dispositions") && !with_store) {
    Complain("run", "--dispositions needs --store (the store holds the cases they are about)");
    return kExitUsage;
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
  auto district_names = LoadDistrictNamesFor("run", values["rules"].as<std::string>());
  if (!district_names) return kExitFailed;
  nightly.district_names = std::move(*district_names);
  const double compile_seconds = SecondsSince(start);
  // With a store: opened, the order of nights checked and the dispositions
  // read before any work, so that a mistake costs nothing.
  std::unique_ptr<cases::StoreNight> store_night;
  if (with_store) {
    cases::StoreNightOptions store_options;
    store_options.store = values["store"].as<std::string>();
    if (values.count("dispositions")) {
      store_options.dispositions_path = values["dispositions"].as<std::string>();
    }
    store_options.night = nightly.as_of;
    store_options.mask_ids = nightly.mask_ids;
    auto begun = cases::StoreNight::Begin(store_options, *program);
    if (!begun.ok()) {
      Complain("run", std::string(begun.status().message()));
      return kExitFailed;
    }
    store_night = std::move(*begun);
  }
  // The lists and the page for people (engine/people), from every rule's alerts.
  people::NightForPeopleOptions people_options;
  people_options.mask_ids = nightly.mask_ids;
  people_options.district_names = &nightly.district_names;
  people_options.workbooks = nightly.workbooks = !values["no-workbooks"].as<bool>();
  people::NightForPeople for_people(*program, people_options);
  nightly.on_alerts = [&](const std::vector<const monitor::AlertLine*>& lines) {
    if (store_night) store_night->AddAlerts(*program, lines);
    for_people.AddAlerts(lines);
  };
  // Opened once: every read of the run is of this file, even if an import
  // renames a new snapshot over its path meanwhile.
  auto opened = OpenSnapshot::Open(snapshot);
  if (!opened.ok()) {
    std::cerr << "safetynet run: " << opened.status().message() << "\n";
    return kExitFailed;
  }
  // The snapshot's guard (engine/monitor/snapshot_checks.h), before any work.
  const SnapshotSummary& header = opened->summary();
  if (store_night) store_night->set_data_made_unix(header.info.created_unix_seconds);
  if (auto empty = monitor::CheckNotEmpty(header, snapshot, values["allow-empty"].as<bool>());
      !empty.ok()) {
    std::cerr << "safetynet run: " << empty.message() << "\n";
    return kExitFailed;
  }
  std::optional<people::SubjectNames> names;
  if (values["with-names"].as<bool>()) {
    auto read = people::SubjectNames::Read(*opened);
    if (!read.ok()) {
      Complain("run", std::string(read.status().message()));
      return kExitFailed;
    }
    names = std::move(*read);
    for_people.set_name_of(
        [&](std::string_view kind, std::string_view id) { return names->Of(kind, id); });
  }
  if (header.info.as_of != kNoDate) for_people.set_snapshot_as_of(FormatIsoDate(header.info.as_of));
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
    if (store_night) {
      // Who is in tonight's data, for the cases that close: the id columns, read again.
      nightly.before_commit = [&](const OutputFolder& folder, monitor::NightlySummary& night) {
        static constexpr ColumnName kIds[] = {{Entity::kHousehold, "household_id"},
                                              {Entity::kPerson, "person_id"},
                                              {Entity::kElderly, "person_id"}};
        SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> ids,
                                   ReadSnapshotColumns(*opened, kIds));
        SAFETYNET_RETURN_IF_ERROR(store_night->Finish(*ids, folder, night));
        return for_people.Write(night, store_night.get(), folder);
      };
    } else {
      nightly.before_commit = [&](const OutputFolder& folder, monitor::NightlySummary& night) {
        return for_people.Write(night, nullptr, folder);
      };
    }
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
    nightly.before_commit = [&](const OutputFolder& folder, monitor::NightlySummary& night) {
      if (store_night) SAFETYNET_RETURN_IF_ERROR(store_night->Finish(**data, folder, night));
      return for_people.Write(night, store_night.get(), folder);
    };
    summary = monitor::RunNightly(*program, **data, nightly, *out);
  }
  progress.Finish();
  if (!summary.ok()) {
    Complain("run", std::string(summary.status().message()));
    return kExitFailed;
  }
  std::cout << monitor::FormatSummary(*summary);
  if (store_night) std::cout << store_night->report();
  std::printf(
      "  rules compiled in %.3f s, snapshot loaded in %.3f s, run in %.3f s; outputs in %s\n",
      compile_seconds, load_seconds, SecondsSince(start), out->folder().c_str());
  return kExitOk;
}

}  // namespace safetynet::cli
