#include "engine/monitor/nightly.h"

#include <malloc.h>
#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/io/snapshot_part.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/merged_lists.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/records.h"
#include "engine/monitor/run_counts.h"
#include "engine/monitor/split_files.h"
#include "engine/monitor/town_workbooks.h"
#include "engine/monitor/undecided.h"

namespace safetynet::monitor {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::Status WriteUnmatched(const std::vector<UnmatchedSignal>& unmatched,
                            const NightlyOptions& options, const OutputFolder& out) {
  return WriteFileAtomically(out.Path("unmatched_signals.csv"),
                             UnmatchedSignalsCsv(unmatched, options.as_of, options.mask_ids));
}

// A run's end: the counts into the summary, summary.json, and the folder
// committed.
absl::Status Finish(const RunCounts& counts, const NightlyOptions& options, NightlySummary& summary,
                    OutputFolder& out) {
  SAFETYNET_RETURN_IF_ERROR(counts.Into(summary));
  if (options.before_commit) SAFETYNET_RETURN_IF_ERROR(options.before_commit(out, summary));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("summary.json"), SummaryJson(summary)));
  return out.Commit();
}

// A run's beginning: the standards in force, and the summary that names them.
struct RunStart {
  lang::ResolvedStandards standards;
  NightlySummary summary;
  RunLabels labels;
};

absl::StatusOr<RunStart> Begin(const lang::Program& program, const NightlyOptions& options) {
  RunStart start;
  SAFETYNET_ASSIGN_OR_RETURN(start.standards, lang::Resolve(program.standards, options.as_of));
  start.summary.as_of = options.as_of;
  start.summary.standards_version = start.standards.version;
  start.summary.imported_files = options.imported_files;
  start.summary.warnings = options.warnings;
  start.labels = {FormatIsoDate(options.as_of), FormatIsoDate(start.standards.version),
                  options.mask_ids, static_cast<bool>(options.on_alerts)};
  return start;
}

TownWorkbookOptions TownOptions(const NightlyOptions& options) {
  return {options.as_of, options.mask_ids, &options.district_names};
}

void Tell(const NightlyOptions& options, std::string_view part, size_t done, size_t total) {
  if (options.progress) options.progress(part, done, total);
}

// Frees every column of `result` that no output reads -- all but those the
// alerts show as evidence and the reason sentences read -- so that
// formatting the outputs reuses their memory instead of asking the kernel
// for fresh pages.
void ReleaseUnshownColumns(const lang::Program& program, exec::RunResult& result) {
  std::vector<bool> shown(result.columns.size(), false);
  auto keep_reason = [&](const std::vector<lang::ReasonPiece>& reason) {
    for (const lang::ReasonPiece& piece : reason) {
      if (piece.column >= 0) shown[piece.column] = true;
    }
  };
  for (const lang::AlertDef& alert : program.alerts) {
    for (int column : alert.show) shown[column] = true;
    keep_reason(alert.reason);
  }
  for (const lang::EntitlementDef& entitlement : program.entitlements) {
    keep_reason(entitlement.reason);
  }
  for (size_t c = 0; c < result.columns.size(); ++c) {
    if (!shown[c]) result.columns[c] = exec::ColumnValues();
  }
}

// Evaluates the rules over `data`; adds to the stage times.
exec::RunResult EvaluateRules(const lang::Program& program, const Dataset& data,
                              const SignalIndex& index, const RunStart& run,
                              NightlySummary& summary) {
  exec::RunResult result = exec::Evaluate(program, data, index, run.standards, run.summary.as_of);
  summary.seconds.columns += result.columns_seconds;
  summary.seconds.alerts += result.alerts_seconds;
  summary.seconds.entitlements += result.entitlements_seconds;
  for (std::string& overflow : result.overflows) summary.overflows.push_back(std::move(overflow));
  return result;
}

// Formats the alerts rule by rule (with `only_district`, only that
// district's) and hands each rule's lines, in output order, to `take`, in
// rule order: the next rule's lines are formatted while `take` has the
// previous ones (a two-stage oneTBB pipeline), so at most two rules' lines
// are held at a time. Adds the formatting time to `format_seconds`.
void AlertsRuleByRule(const lang::Program& program, const Dataset& data, const SignalIndex& index,
                      const SubjectKeys& keys, const exec::RunResult& result, const RunStart& run,
                      int32_t only_district, double& format_seconds,
                      const std::function<void(const std::vector<const AlertLine*>&)>& take) {
  int next = 0;
  const int rules = static_cast<int>(program.alerts.size());
  tbb::parallel_pipeline(
      2,
      tbb::make_filter<void, std::shared_ptr<const AlertLines>>(
          tbb::filter_mode::serial_in_order,
          [&](tbb::flow_control& control) -> std::shared_ptr<const AlertLines> {
            if (next == rules) {
              control.stop();
              return nullptr;
            }
            const auto start = std::chrono::steady_clock::now();
            auto lines = std::make_shared<const AlertLines>(FormatAlerts(
                program, data, index, keys, result, run.labels, only_district, next++));
            format_seconds += Seconds(start);
            return lines;
          }) &
          tbb::make_filter<std::shared_ptr<const AlertLines>, void>(
              tbb::filter_mode::serial_in_order,
              [&](const std::shared_ptr<const AlertLines>& lines) { take(LinesInOrder(*lines)); }));
}

// Writes a whole run's alerts to alerts.csv and alerts.jsonl (and the split
// files) rule by rule (AlertsRuleByRule), counting them; adds the time spent
// formatting to `format_seconds`.
absl::Status WriteAlerts(const lang::Program& program, const Dataset& data,
                         const SignalIndex& index, const SubjectKeys& keys,
                         const exec::RunResult& result, const RunStart& run,
                         const NightlyOptions& options, const OutputFolder& out, RunCounts& counts,
                         double& format_seconds) {
  SAFETYNET_ASSIGN_OR_RETURN(FileAppender csv, FileAppender::Create(out.Path("alerts.csv")));
  SAFETYNET_ASSIGN_OR_RETURN(FileAppender jsonl, FileAppender::Create(out.Path("alerts.jsonl")));
  std::optional<SplitFiles> split;
  if (options.split_by != SplitBy::kNone) split.emplace(options.split_by, out);
  csv.Append(AlertsCsvHeader());
  absl::Status split_written;
  AlertsRuleByRule(program, data, index, keys, result, run, 0, format_seconds,
                   [&](const std::vector<const AlertLine*>& in_order) {
                     counts.AddAlerts(in_order);
                     if (options.on_alerts) options.on_alerts(in_order);
                     for (const AlertLine* line : in_order) {
                       csv.Append(line->csv);
                       jsonl.Append(line->jsonl);
                     }
                     if (split && split_written.ok()) split_written = split->Add(in_order);
                   });
  SAFETYNET_RETURN_IF_ERROR(split_written);
  if (split) SAFETYNET_RETURN_IF_ERROR(split->Finish());
  SAFETYNET_RETURN_IF_ERROR(csv.Commit());
  return jsonl.Commit();
}

// Writes a whole run's outputs from its evaluation and counts them: the
// entitlements, the undecided subjects and the unmatched signals side by
// side with the alerts (WriteAlerts). Stage times: `records` for making the
// records and formatting the alerts, `write` for the rest.
absl::Status WriteWholeRun(const lang::Program& program, const Dataset& data,
                           const SignalIndex& index, const exec::RunResult& result,
                           const RunStart& run, const NightlyOptions& options,
                           NightlySummary& summary, OutputFolder& out) {
  auto start = std::chrono::steady_clock::now();
  const SubjectKeys keys(data);
  std::vector<EntitlementRecord> entitlements;
  std::vector<UndecidedRecord> undecided;
  tbb::parallel_invoke(
      [&] { entitlements = EntitlementRecords(program, data, keys, result, options.workbooks); },
      [&] { undecided = UndecidedRecords(program, data, result); });
  const std::vector<UnmatchedSignal> unmatched = UnmatchedSignals(data, index);
  summary.seconds.records += Seconds(start);
  RunCounts counts(program);
  counts.AddEntitlements(entitlements);
  counts.AddUndecided(undecided);

  start = std::chrono::steady_clock::now();
  absl::Status written[5];
  tbb::task_group writers;  // the other files side by side with the alerts
  writers.run([&] {
    written[0] = WriteFileAtomically(out.Path("entitlements.csv"),
                                     EntitlementsCsv(entitlements, options.mask_ids));
  });
  if (options.workbooks) {
    writers.run([&] {
      EntitlementsByTown towns(out, TownOptions(options));
      written[4] = towns.AddPart(data, entitlements);
      if (written[4].ok()) written[4] = towns.Finish();
    });
  }
  writers.run([&] { written[1] = WriteUnmatched(unmatched, options, out); });
  writers.run([&] {
    written[2] =
        WriteFileAtomically(out.Path("undecided.csv"), UndecidedCsv(undecided, options.mask_ids));
  });
  double format_seconds = 0;
  written[3] =
      WriteAlerts(program, data, index, keys, result, run, options, out, counts, format_seconds);
  writers.wait();
  for (const absl::Status& status : written) SAFETYNET_RETURN_IF_ERROR(status);
  summary.seconds.records += format_seconds;
  summary.seconds.write += Seconds(start) - format_seconds;
  return Finish(counts, options, summary, out);
}

// Returns the memory freed so far to the system. glibc keeps what its arenas
// freed (a district's data, in pieces below its mmap threshold) and the next
// district's peak would come on top of it: measured on the province, a peak
// of 2.63 GiB without this and 1.86 GiB with it (README.md, "Capacity").
void GiveBackFreedMemory() { ::malloc_trim(0); }

// Where a run district by district puts each district's results.
struct DistrictSinks {
  RunCounts& counts;
  MergedLists& lists;
  SplitFiles* split;          // with --split-by
  EntitlementsByTown* towns;  // null with --no-workbooks
  const std::function<void(const std::vector<const AlertLine*>&)>& on_alerts;  // may be empty
};

// Evaluates one district's part of the snapshot (`data`: the district and
// its context) and hands its subjects' results to `sinks`, holding little
// more than the data and the evaluation: the entitlements and undecided
// subjects go first, then the columns no alert shows are dropped, then the
// alerts are formatted and handed on rule by rule.
absl::Status RunDistrict(const lang::Program& program, const Dataset& data, int32_t district,
                         const RunStart& run, DistrictSinks sinks, NightlySummary& summary) {
  auto start = std::chrono::steady_clock::now();
  const SignalIndex index(data, run.summary.as_of);
  summary.seconds.match += Seconds(start);
  exec::RunResult result = EvaluateRules(program, data, index, run, summary);

  start = std::chrono::steady_clock::now();
  const SubjectKeys keys(data);
  std::vector<EntitlementRecord> entitlements;
  std::vector<UndecidedRecord> undecided;
  tbb::parallel_invoke(
      [&] {
        entitlements = EntitlementRecords(program, data, keys, result, sinks.towns != nullptr);
        std::erase_if(entitlements,
                      [&](const EntitlementRecord& r) { return r.district != district; });
      },
      [&] {
        undecided = UndecidedRecords(program, data, result);
        std::erase_if(undecided, [&](const UndecidedRecord& r) { return r.district != district; });
      });
  summary.seconds.records += Seconds(start);
  start = std::chrono::steady_clock::now();
  SAFETYNET_RETURN_IF_ERROR(sinks.lists.BeginDistrict());
  sinks.counts.AddEntitlements(entitlements);
  sinks.counts.AddUndecided(undecided);
  absl::Status towns_written;
  tbb::parallel_invoke([&] { sinks.lists.AddEntitlements(entitlements); },
                       [&] { sinks.lists.AddUndecided(undecided); },
                       [&] {
                         if (sinks.towns) towns_written = sinks.towns->AddPart(data, entitlements);
                       });
  SAFETYNET_RETURN_IF_ERROR(towns_written);
  entitlements = {};
  undecided = {};
  ReleaseUnshownColumns(program, result);
  summary.seconds.write += Seconds(start);

  start = std::chrono::steady_clock::now();
  double format_seconds = 0;
  absl::Status split_written;
  AlertsRuleByRule(program, data, index, keys, result, run, district, format_seconds,
                   [&](const std::vector<const AlertLine*>& in_order) {
                     sinks.counts.AddAlerts(in_order);
                     if (sinks.on_alerts) sinks.on_alerts(in_order);
                     tbb::parallel_invoke([&] { sinks.lists.AddAlerts(in_order); },
                                          [&] {
                                            if (sinks.split && split_written.ok()) {
                                              split_written = sinks.split->Add(in_order);
                                            }
                                          });
                   });
  SAFETYNET_RETURN_IF_ERROR(split_written);
  summary.seconds.records += format_seconds;
  summary.seconds.write += Seconds(start) - format_seconds;
  start = std::chrono::steady_clock::now();
  SAFETYNET_RETURN_IF_ERROR(sinks.lists.EndDistrict());
  if (sinks.split) SAFETYNET_RETURN_IF_ERROR(sinks.split->EndPart());
  summary.seconds.write += Seconds(start);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NightlySummary> RunNightly(const lang::Program& program, const Dataset& data,
                                          const NightlyOptions& options, OutputFolder& out) {
  SAFETYNET_ASSIGN_OR_RETURN(RunStart begun, Begin(program, options));
  NightlySummary& summary = begun.summary;

  auto start = std::chrono::steady_clock::now();
  SignalIndex index(data, options.as_of);
  summary.seconds.match = Seconds(start);
  Tell(options, "evaluate", 0, 1);
  exec::RunResult result = EvaluateRules(program, data, index, begun, summary);
  ReleaseUnshownColumns(program, result);
  Tell(options, "evaluate", 1, 1);

  summary.households = data.households.size();
  summary.persons = data.persons.size();
  summary.elderly = data.elderly.size();
  summary.signals = data.signals.size();
  summary.signals_matched = index.matched();
  summary.signals_unmatched = index.unmatched().size();
  summary.signals_future_dated = index.future_dated();
  summary.signals_unmatched_future_dated = index.unmatched_future_dated();
  Tell(options, "write", 0, 1);
  SAFETYNET_RETURN_IF_ERROR(
      WriteWholeRun(program, data, index, result, begun, options, summary, out));
  Tell(options, "write", 1, 1);
  return summary;
}

absl::StatusOr<NightlySummary> RunNightlyByDistrict(const lang::Program& program,
                                                    const OpenSnapshot& snapshot,
                                                    const NightlyOptions& options,
                                                    OutputFolder& out) {
  SAFETYNET_ASSIGN_OR_RETURN(RunStart begun, Begin(program, options));
  NightlySummary& summary = begun.summary;

  // A first pass over a few columns of the file: the districts, who is
  // known (to count the signals), and the households of persons who are
  // elderly residents of another district (they go with that district too,
  // as context).
  auto start = std::chrono::steady_clock::now();
  static constexpr ColumnName kOutline[] = {
      {Entity::kHousehold, "district"},   {Entity::kPerson, "person_id"},
      {Entity::kPerson, "household_row"}, {Entity::kElderly, "person_id"},
      {Entity::kElderly, "district"},     {Entity::kSignal, "person_id"},
      {Entity::kSignal, "event_date"}};
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> outline,
                             ReadSnapshotColumns(snapshot, kOutline));
  const std::vector<int32_t>& household_district = outline->households.district;
  std::set<int32_t> districts(household_district.begin(), household_district.end());
  districts.insert(outline->elderly.district.begin(), outline->elderly.district.end());
  absl::flat_hash_map<PackedId, uint32_t> household_of_person;
  absl::flat_hash_set<PackedId> known;
  const PersonTable& persons = outline->persons;
  for (size_t p = 0; p < persons.person_id.size(); ++p) {
    household_of_person[persons.person_id[p]] = persons.household_row[p];
    known.insert(persons.person_id[p]);
  }
  known.insert(outline->elderly.person_id.begin(), outline->elderly.person_id.end());
  const SignalTable& signals = outline->signals;
  for (size_t s = 0; s < signals.person_id.size(); ++s) {
    const bool is_known = known.contains(signals.person_id[s]);
    const bool future = signals.event_date[s] > options.as_of;
    summary.signals_matched += is_known && !future;
    summary.signals_future_dated += future;
    summary.signals_unmatched += !is_known;
    summary.signals_unmatched_future_dated += !is_known && future;
  }
  summary.households = household_district.size();
  summary.persons = persons.person_id.size();
  summary.elderly = outline->elderly.person_id.size();
  summary.signals = signals.person_id.size();
  std::map<int32_t, SnapshotPart> parts;
  for (int32_t district : districts) parts[district].districts.insert(district);
  for (size_t e = 0; e < outline->elderly.person_id.size(); ++e) {
    const int32_t district = outline->elderly.district[e];
    auto person = household_of_person.find(outline->elderly.person_id[e]);
    if (person != household_of_person.end() && person->second < household_district.size() &&
        household_district[person->second] != district) {
      parts[district].extra_households.insert(person->second);
    }
  }
  household_of_person = {};
  outline.reset();
  GiveBackFreedMemory();

  // The signals about no one: the unmatched list, as a whole run lists them.
  {
    SnapshotPart nobody;
    nobody.signals_about_none_of = &known;
    SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> unmatched,
                               ReadSnapshotPart(snapshot, nobody));
    SAFETYNET_RETURN_IF_ERROR(WriteUnmatched(
        UnmatchedSignals(*unmatched, SignalIndex(*unmatched, options.as_of)), options, out));
  }
  known = {};
  summary.seconds.match += Seconds(start);

  // Each district on its own; only its own subjects are kept, counted and
  // written to the lists' runs (and the split files) before the next.
  RunCounts counts(program);
  SAFETYNET_ASSIGN_OR_RETURN(MergedLists lists, MergedLists::Begin(out, options.mask_ids));
  std::optional<SplitFiles> split;
  if (options.split_by != SplitBy::kNone) split.emplace(options.split_by, out);
  std::optional<EntitlementsByTown> towns;
  if (options.workbooks) towns.emplace(out, TownOptions(options));
  size_t districts_done = 0;
  for (const auto& [district, part] : parts) {
    Tell(options, "districts", districts_done++, parts.size());
    SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> data, ReadSnapshotPart(snapshot, part));
    SAFETYNET_RETURN_IF_ERROR(RunDistrict(
        program, *data, district, begun,
        {counts, lists, split ? &*split : nullptr, towns ? &*towns : nullptr, options.on_alerts},
        summary));
    data.reset();
    GiveBackFreedMemory();
  }
  std::sort(summary.overflows.begin(), summary.overflows.end());
  summary.overflows.erase(std::unique(summary.overflows.begin(), summary.overflows.end()),
                          summary.overflows.end());
  Tell(options, "districts", parts.size(), parts.size());
  Tell(options, "write", 0, 1);
  start = std::chrono::steady_clock::now();
  SAFETYNET_RETURN_IF_ERROR(lists.Finish(out));
  if (split) SAFETYNET_RETURN_IF_ERROR(split->Finish());
  if (towns) SAFETYNET_RETURN_IF_ERROR(towns->Finish());
  summary.seconds.write += Seconds(start);
  SAFETYNET_RETURN_IF_ERROR(Finish(counts, options, summary, out));
  Tell(options, "write", 1, 1);
  return summary;
}

std::string FormatSummary(const NightlySummary& s) {
  std::string out = Cat("nightly run as of ", FormatIsoDate(s.as_of), " (standards of ",
                        FormatIsoDate(s.standards_version), ")\n");
  out += Cat("  inputs: ", s.households, " households, ", s.persons, " persons, ", s.elderly,
             " elderly, ", s.signals, " signals (", s.signals_matched, " matched, ",
             s.signals_unmatched, " unmatched, ", s.signals_future_dated, " future-dated)\n");
  out += Cat("  alerts: ", s.alert_count, "\n");
  for (const auto& [rule, by_severity] : s.alerts_by_rule_severity) {
    std::string line = Cat("    ", rule);
    line.resize(std::max<size_t>(line.size(), 32), ' ');
    for (const auto& [severity, count] : by_severity) line += Cat(" ", severity, "=", count);
    out += line + "\n";
  }
  out += Cat("  entitlements: ", s.entitlement_count, " (monthly totals)\n");
  for (const auto& [kind, total] : s.entitlement_total_by_kind) {
    std::string line = Cat("    ", kind);
    line.resize(std::max<size_t>(line.size(), 32), ' ');
    out += Cat(line, " ", FormatYuan(total), " yuan\n");
  }
  out += Cat("  undecided: ", s.undecided_count,
             s.undecided_count == 0 ? "\n"
                                    : " (a rule met an empty value; not fired, not paid: see "
                                      "undecided.csv)\n");
  for (const auto& [rule, count] : s.undecided_by_rule) {
    std::string line = Cat("    ", rule);
    line.resize(std::max<size_t>(line.size(), 32), ' ');
    out += Cat(line, " ", count, "\n");
  }
  for (const std::string& overflow : s.overflows) out += Cat("  warning: ", overflow, "\n");
  const StageTimes& t = s.seconds;
  char buffer[200];
  std::snprintf(buffer, sizeof buffer,
                "  seconds: match %.3f, columns %.3f, alerts %.3f, entitlements %.3f, records "
                "%.3f, write %.3f\n",
                t.match, t.columns, t.alerts, t.entitlements, t.records, t.write);
  return out + buffer;
}

}  // namespace safetynet::monitor
