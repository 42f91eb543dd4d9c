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

// Adds `records` to `run`, each keyed by `key(record, SortKey&)` and written
// as one CSV row by `row(CsvWriter&, record)`.
template <typename Record, typename Key, typename Row>
void AddRows(SortedRunWriter& run, const std::vector<Record>& records, Key key, Row row) {
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

absl::Status MergedLists::BeginDistrict() {
  const size_t district = districts_++;
  auto open = [&](std::optional<SortedRunWriter>& run, std::string_view list, size_t pieces) {
    absl::StatusOr<SortedRunWriter> writer =
        SortedRunWriter::Create(RunPath(list, district), pieces);
    if (writer.ok()) run.emplace(std::move(*writer));
    return writer.status();
  };
  SAFETYNET_RETURN_IF_ERROR(open(alerts_, kAlerts, 2));
  SAFETYNET_RETURN_IF_ERROR(open(entitlements_, kEntitlements, 1));
  return open(undecided_, kUndecided, 1);
}

void MergedLists::AddEntitlements(const std::vector<EntitlementRecord>& entitlements) {
  std::string scratch;
  AddRows(
      *entitlements_, entitlements,
      [](const EntitlementRecord& r, SortKey& key) {
        key.Text(r.subject_kind).Text(r.subject_id).Text(r.kind);
      },
      [&](CsvWriter& csv, const EntitlementRecord& r) {
        EntitlementRow(csv, r, mask_ids_, scratch);
      });
}

void MergedLists::AddUndecided(const std::vector<UndecidedRecord>& undecided) {
  std::string scratch;
  AddRows(
      *undecided_, undecided,
      [](const UndecidedRecord& r, SortKey& key) {
        key.Text(r.subject_kind).Text(r.subject_id).Text(r.rule_kind).Text(r.rule);
      },
      [&](CsvWriter& csv, const UndecidedRecord& r) { UndecidedRow(csv, r, mask_ids_, scratch); });
}

void MergedLists::AddAlerts(const std::vector<const AlertLine*>& alerts) {
  SortKey key;
  for (const AlertLine* line : alerts) {
    key.Clear();
    key.Number(static_cast<uint32_t>(line->alert)).Text(line->subject_id);
    const std::string_view pieces[] = {line->csv, line->jsonl};
    alerts_->Add(key.bytes(), pieces);
  }
}

absl::Status MergedLists::EndDistrict() {
  absl::Status status = alerts_->Commit();
  for (std::optional<SortedRunWriter>* run : {&entitlements_, &undecided_}) {
    absl::Status committed = (*run)->Commit();
    if (status.ok()) status = committed;
  }
  alerts_.reset();
  entitlements_.reset();
  undecided_.reset();
  return status;
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
