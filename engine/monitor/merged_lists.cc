#include "engine/monitor/merged_lists.h"

#include <oneapi/tbb/task_group.h>

#include <span>
#include <string_view>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/sorted_runs.h"
#include "engine/monitor/outputs.h"

namespace safetynet::monitor {
namespace {

constexpr std::string_view kAlerts = "alerts", kEntitlements = "entitlements",
                           kUndecided = "undecided";

// Writes `records` to a run at `path`, each keyed by `key(record, SortKey&)`
// and written as one CSV row by `row(CsvWriter&, record)`.
template <typename Record, typename Key, typename Row>
absl::Status WriteRowRun(const std::string& path, const std::vector<Record>& records, Key key,
                         Row row) {
  SAFETYNET_ASSIGN_OR_RETURN(SortedRunWriter run, SortedRunWriter::Create(path, 1));
  SortKey sort_key;
  CsvWriter csv;
  for (const Record& record : records) {
    sort_key.Clear();
    key(record, sort_key);
    csv.mutable_contents().clear();
    row(csv, record);
    const std::string_view text = csv.contents();
    run.Add(sort_key.bytes(), {&text, 1});
  }
  return run.Commit();
}

absl::Status WriteAlertRun(const std::string& path, const std::vector<const AlertLine*>& lines) {
  SAFETYNET_ASSIGN_OR_RETURN(SortedRunWriter run, SortedRunWriter::Create(path, 2));
  SortKey key;
  for (const AlertLine* line : lines) {
    key.Clear();
    key.Number(static_cast<uint32_t>(line->alert)).Text(line->subject_id);
    const std::string_view pieces[] = {line->csv, line->jsonl};
    run.Add(key.bytes(), pieces);
  }
  return run.Commit();
}

// Merges the runs into the files at `paths` (one per piece of a record),
// each starting with its header.
absl::Status Merge(std::span<const std::string> runs, std::span<const std::string> paths,
                   std::span<const std::string_view> headers) {
  std::vector<FileAppender> files;
  std::vector<FileAppender*> outputs;
  files.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    SAFETYNET_ASSIGN_OR_RETURN(FileAppender file, FileAppender::Create(paths[i]));
    files.push_back(std::move(file));
    files.back().Append(headers[i]);
  }
  for (FileAppender& file : files) outputs.push_back(&file);
  SAFETYNET_RETURN_IF_ERROR(MergeSortedRuns(runs, outputs));
  for (FileAppender& file : files) SAFETYNET_RETURN_IF_ERROR(file.Commit());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<MergedLists> MergedLists::Begin(const OutputFolder& out, bool mask_ids) {
  SAFETYNET_ASSIGN_OR_RETURN(ScratchFolder scratch,
                             ScratchFolder::Create(out.StagingPath(), ".districts"));
  return MergedLists(std::move(scratch), mask_ids);
}

std::string MergedLists::RunPath(std::string_view list, size_t district) const {
  return Cat(scratch_->path(), "/", list, "-", district, ".run");
}

absl::Status MergedLists::Add(const std::vector<const AlertLine*>& alerts,
                              const std::vector<EntitlementRecord>& entitlements,
                              const std::vector<UndecidedRecord>& undecided) {
  const size_t district = districts_++;
  absl::Status written[3];
  tbb::task_group writers;
  writers.run([&] { written[0] = WriteAlertRun(RunPath(kAlerts, district), alerts); });
  writers.run([&] {
    std::string scratch;
    written[1] = WriteRowRun(
        RunPath(kEntitlements, district), entitlements,
        [](const EntitlementRecord& r, SortKey& key) {
          key.Text(r.subject_kind).Text(r.subject_id).Text(r.kind);
        },
        [&](CsvWriter& csv, const EntitlementRecord& r) {
          EntitlementRow(csv, r, mask_ids_, scratch);
        });
  });
  writers.run([&] {
    std::string scratch;
    written[2] = WriteRowRun(
        RunPath(kUndecided, district), undecided,
        [](const UndecidedRecord& r, SortKey& key) {
          key.Text(r.subject_kind).Text(r.subject_id).Text(r.rule_kind).Text(r.rule);
        },
        [&](CsvWriter& csv, const UndecidedRecord& r) {
          UndecidedRow(csv, r, mask_ids_, scratch);
        });
  });
  writers.wait();
  for (const absl::Status& status : written) SAFETYNET_RETURN_IF_ERROR(status);
  return absl::OkStatus();
}

absl::Status MergedLists::Finish(const OutputFolder& out) {
  auto runs = [&](std::string_view list) {
    std::vector<std::string> paths;
    for (size_t district = 0; district < districts_; ++district)
      paths.push_back(RunPath(list, district));
    return paths;
  };
  absl::Status merged[3];
  tbb::task_group mergers;
  mergers.run([&] {
    const std::string paths[] = {out.Path("alerts.csv"), out.Path("alerts.jsonl")};
    const std::string_view headers[] = {AlertsCsvHeader(), ""};
    merged[0] = Merge(runs(kAlerts), paths, headers);
  });
  mergers.run([&] {
    const std::string paths[] = {out.Path("entitlements.csv")};
    const std::string_view headers[] = {EntitlementsCsvHeader()};
    merged[1] = Merge(runs(kEntitlements), paths, headers);
  });
  mergers.run([&] {
    const std::string paths[] = {out.Path("undecided.csv")};
    const std::string_view headers[] = {UndecidedCsvHeader()};
    merged[2] = Merge(runs(kUndecided), paths, headers);
  });
  mergers.wait();
  for (const absl::Status& status : merged) SAFETYNET_RETURN_IF_ERROR(status);
  scratch_.reset();
  return absl::OkStatus();
}

}  // namespace safetynet::monitor
