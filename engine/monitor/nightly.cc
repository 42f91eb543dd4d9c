#include "engine/monitor/nightly.h"

#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/parallel_sort.h>
#include <oneapi/tbb/task_group.h>
#include <sys/stat.h>

#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/common/money.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/io/safe_file_name.h"
#include "engine/io/snapshot_part.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/records.h"
#include "engine/monitor/undecided.h"

namespace safetynet::monitor {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One alerts file per district or town, for its caseworkers, named from the
// district code and the town by SafeFileNames (the same names for any thread
// count: the places are in byte order), and index.csv: each place as in the
// data, its file and its number of alerts.
absl::Status WriteSplit(const std::vector<const AlertLine*>& lines, SplitBy split_by,
                        const OutputFolder& out) {
  const bool by_town = split_by == SplitBy::kTown;
  std::string folder = out.Path(by_town ? "alerts-by-town" : "alerts-by-district");
  ::mkdir(folder.c_str(), 0700);
  std::map<std::pair<int32_t, std::string_view>, std::vector<const AlertLine*>> groups;
  for (const AlertLine* line : lines) {
    groups[{line->district, by_town ? line->town : std::string_view()}].push_back(line);
  }
  std::vector<std::string> places;
  for (const auto& [place, group] : groups) {
    places.push_back(by_town ? Cat(place.first, "-", place.second) : Cat(place.first));
  }
  static const std::string kIndex = "index.csv";
  const std::vector<std::string> names = SafeFileNames(places, ".csv", {&kIndex, 1});
  CsvWriter index;
  index.ByteOrderMark();
  if (by_town) {
    index.Row({"district", "town", "file", "alerts"});
  } else {
    index.Row({"district", "file", "alerts"});
  }
  size_t i = 0;
  for (const auto& [place, group] : groups) {
    const std::string& name = names[i++];
    SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(Cat(folder, "/", name), AlertsCsv(group)));
    index.Field(Cat(place.first));
    if (by_town) index.Field(place.second);
    index.Row({name, Cat(group.size())});
  }
  return WriteFileAtomically(Cat(folder, "/", kIndex), index.contents());
}

}  // namespace

namespace {

// What a run has produced before it is counted and written.
struct NightlyResults {
  std::vector<AlertLines> alerts;  // one per evaluation: the whole data, or each district
  std::vector<EntitlementRecord> entitlements;
  std::vector<UndecidedRecord> undecided;
  std::vector<UnmatchedSignal> unmatched;
};

// Counts the results into the summary and writes every output file.
absl::Status CountAndWrite(const lang::Program& program, const NightlyResults& results,
                           const NightlyOptions& options, NightlySummary& summary,
                           OutputFolder& out) {
  const std::vector<const AlertLine*> alerts = InOutputOrder(results.alerts);
  const std::vector<EntitlementRecord>& entitlements = results.entitlements;
  summary.alert_count = alerts.size();
  summary.entitlement_count = entitlements.size();
  // Counted by index first, named once.
  constexpr int kSeverities = 4;  // LOW, MEDIUM, HIGH, other
  std::vector<size_t> by_rule_severity(program.alerts.size() * kSeverities);
  std::map<int32_t, std::vector<size_t>> by_district_rule;
  for (const AlertLine* line : alerts) {
    const int64_t severity = line->severity >= 0 && line->severity < 3 ? line->severity : 3;
    ++by_rule_severity[line->alert * kSeverities + severity];
    std::vector<size_t>& counts = by_district_rule[line->district];
    counts.resize(program.alerts.size());
    ++counts[line->alert];
  }
  for (size_t i = 0; i < by_rule_severity.size(); ++i) {
    if (by_rule_severity[i] == 0) continue;
    summary.alerts_by_rule_severity[program.alerts[i / kSeverities].id]
                                   [std::string(SeverityName(i % kSeverities))] =
        by_rule_severity[i];
  }
  for (const auto& [district, counts] : by_district_rule) {
    for (size_t alert = 0; alert < counts.size(); ++alert) {
      if (counts[alert] > 0)
        summary.alerts_by_district_rule[district][program.alerts[alert].id] = counts[alert];
    }
  }
  summary.undecided_count = results.undecided.size();
  for (const UndecidedRecord& r : results.undecided) {
    ++summary.undecided_by_rule[std::string(r.rule)];
  }
  // Totals in 128 bits, then checked: an overflow is an error, never a wrong total.
  std::map<std::string_view, __int128> by_kind;
  std::map<std::pair<int32_t, std::string_view>, __int128> by_district_kind;
  for (const EntitlementRecord& r : entitlements) {
    by_kind[r.kind] += r.amount;
    by_district_kind[{r.district, r.kind}] += r.amount;
  }
  for (const auto& [kind, total] : by_kind) {
    SAFETYNET_ASSIGN_OR_RETURN(summary.entitlement_total_by_kind[std::string(kind)],
                               FenTotal(total, Cat("the monthly total of ", kind)));
  }
  for (const auto& [place, total] : by_district_kind) {
    const auto& [district, kind] = place;
    SAFETYNET_ASSIGN_OR_RETURN(
        summary.entitlement_total_by_district_kind[district][std::string(kind)],
        FenTotal(total, Cat("the monthly total of ", kind, " in district ", district)));
  }

  auto start = std::chrono::steady_clock::now();
  // The files are independent: format and write them side by side.
  absl::Status written[6];
  tbb::task_group writers;
  writers.run([&] { written[0] = WriteFileAtomically(out.Path("alerts.csv"), AlertsCsv(alerts)); });
  writers.run(
      [&] { written[1] = WriteFileAtomically(out.Path("alerts.jsonl"), AlertsJsonl(alerts)); });
  writers.run([&] {
    written[2] = WriteFileAtomically(out.Path("entitlements.csv"),
                                     EntitlementsCsv(entitlements, options.mask_ids));
  });
  writers.run([&] {
    written[3] = WriteFileAtomically(
        out.Path("unmatched_signals.csv"),
        UnmatchedSignalsCsv(results.unmatched, options.as_of, options.mask_ids));
  });
  writers.run([&] {
    written[5] = WriteFileAtomically(out.Path("undecided.csv"),
                                     UndecidedCsv(results.undecided, options.mask_ids));
  });
  if (options.split_by != SplitBy::kNone) {
    writers.run([&] { written[4] = WriteSplit(alerts, options.split_by, out); });
  }
  writers.wait();
  for (const absl::Status& status : written) SAFETYNET_RETURN_IF_ERROR(status);
  summary.seconds.write = Seconds(start);
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
                  options.mask_ids};
  return start;
}

void Tell(const NightlyOptions& options, std::string_view part, size_t done, size_t total) {
  if (options.progress) options.progress(part, done, total);
}

// Frees every column of `result` that no output reads -- all but those the
// alerts show as evidence -- so that formatting the outputs reuses their
// memory instead of asking the kernel for fresh pages.
void ReleaseUnshownColumns(const lang::Program& program, exec::RunResult& result) {
  std::vector<bool> shown(result.columns.size(), false);
  for (const lang::AlertDef& alert : program.alerts) {
    for (int column : alert.show) shown[column] = true;
  }
  for (size_t c = 0; c < result.columns.size(); ++c) {
    if (!shown[c]) result.columns[c] = exec::ColumnValues();
  }
}

// Evaluates the rules over `data`; adds to the results and the stage times.
// With `only_district`, only that district's subjects are kept.
void Evaluate(const lang::Program& program, const Dataset& data, const SignalIndex& index,
              const RunStart& run, NightlyResults& results, NightlySummary& summary,
              int32_t only_district = 0) {
  exec::RunResult result = exec::Evaluate(program, data, index, run.standards, run.summary.as_of);
  summary.seconds.columns += result.columns_seconds;
  summary.seconds.alerts += result.alerts_seconds;
  summary.seconds.entitlements += result.entitlements_seconds;
  for (std::string& overflow : result.overflows) summary.overflows.push_back(std::move(overflow));
  ReleaseUnshownColumns(program, result);
  auto start = std::chrono::steady_clock::now();
  const SubjectKeys keys(data);
  std::vector<EntitlementRecord> entitlements;
  tbb::parallel_invoke(
      [&] {
        results.alerts.push_back(
            FormatAlerts(program, data, index, keys, result, run.labels, only_district));
      },
      [&] { entitlements = EntitlementRecords(program, data, keys, result); });
  std::vector<UndecidedRecord> undecided = UndecidedRecords(program, data, result);
  if (only_district == 0) {  // a whole run: everything, as it is
    results.entitlements = std::move(entitlements);
    results.undecided = std::move(undecided);
  } else {
    for (EntitlementRecord& r : entitlements) {
      if (r.district == only_district) results.entitlements.push_back(std::move(r));
    }
    for (UndecidedRecord& r : undecided) {
      if (r.district == only_district) results.undecided.push_back(std::move(r));
    }
  }
  summary.seconds.records += Seconds(start);
}

}  // namespace

absl::StatusOr<NightlySummary> RunNightly(const lang::Program& program, const Dataset& data,
                                          const NightlyOptions& options, OutputFolder& out) {
  SAFETYNET_ASSIGN_OR_RETURN(RunStart begun, Begin(program, options));
  NightlySummary& summary = begun.summary;

  auto start = std::chrono::steady_clock::now();
  SignalIndex index(data, options.as_of);
  summary.seconds.match = Seconds(start);
  NightlyResults results;
  Tell(options, "evaluate", 0, 1);
  Evaluate(program, data, index, begun, results, summary);
  results.unmatched = UnmatchedSignals(data, index);
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
  SAFETYNET_RETURN_IF_ERROR(CountAndWrite(program, results, options, summary, out));
  Tell(options, "write", 1, 1);
  return summary;
}

absl::StatusOr<NightlySummary> RunNightlyByDistrict(const lang::Program& program,
                                                    const std::string& snapshot,
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

  // The signals about no one: the unmatched list, as a whole run lists them.
  NightlyResults results;
  {
    SnapshotPart nobody;
    nobody.signals_about_none_of = &known;
    SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> unmatched,
                               ReadSnapshotPart(snapshot, nobody));
    results.unmatched = UnmatchedSignals(*unmatched, SignalIndex(*unmatched, options.as_of));
  }
  known = {};
  summary.seconds.match += Seconds(start);

  // Each district on its own; only its own subjects are kept.
  size_t districts_done = 0;
  for (const auto& [district, part] : parts) {
    Tell(options, "districts", districts_done++, parts.size());
    SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> data, ReadSnapshotPart(snapshot, part));
    start = std::chrono::steady_clock::now();
    SignalIndex index(*data, options.as_of);
    summary.seconds.match += Seconds(start);
    Evaluate(program, *data, index, begun, results, summary, district);
  }
  // In the order of a whole run: entitlements by subject then kind (alerts
  // are merged when they are written).
  start = std::chrono::steady_clock::now();
  tbb::parallel_sort(results.entitlements.begin(), results.entitlements.end(),
                     [](const EntitlementRecord& a, const EntitlementRecord& b) {
                       return std::tie(a.subject_kind, a.subject_id, a.kind) <
                              std::tie(b.subject_kind, b.subject_id, b.kind);
                     });
  SortUndecided(results.undecided);
  summary.seconds.records += Seconds(start);
  std::sort(summary.overflows.begin(), summary.overflows.end());
  summary.overflows.erase(std::unique(summary.overflows.begin(), summary.overflows.end()),
                          summary.overflows.end());
  Tell(options, "districts", parts.size(), parts.size());
  Tell(options, "write", 0, 1);
  SAFETYNET_RETURN_IF_ERROR(CountAndWrite(program, results, options, summary, out));
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
