#include "engine/monitor/nightly.h"

#include <oneapi/tbb/task_group.h>
#include <sys/stat.h>

#include <chrono>
#include <set>

#include "engine/common/money.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/records.h"

namespace safetynet::monitor {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::Status WriteSplit(const std::vector<AlertRecord>& records, SplitBy split_by,
                        const OutputFolder& out, const RunLabels& labels) {
  std::string folder =
      out.Path(split_by == SplitBy::kTown ? "alerts-by-town" : "alerts-by-district");
  ::mkdir(folder.c_str(), 0700);
  std::map<std::string, std::vector<const AlertRecord*>> groups;
  for (const AlertRecord& r : records) {
    groups[split_by == SplitBy::kTown ? Cat(r.district, "-", r.town) : Cat(r.district)].push_back(
        &r);
  }
  for (const auto& [name, group] : groups) {
    RETURN_IF_ERROR(WriteFileAtomically(Cat(folder, "/", name, ".csv"), AlertsCsv(group, labels)));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NightlySummary> RunNightly(const lang::Program& program, const Dataset& data,
                                          const NightlyOptions& options) {
  NightlySummary summary;
  summary.as_of = options.as_of;
  lang::ResolvedStandards standards;
  std::string error;
  if (!lang::Resolve(program.standards, options.as_of, standards, error)) {
    return absl::FailedPreconditionError(error);
  }
  summary.standards_version = standards.version;

  auto start = std::chrono::steady_clock::now();
  SignalIndex index(data, options.as_of);
  summary.seconds.match = Seconds(start);

  exec::RunResult result = exec::Evaluate(program, data, index, standards, options.as_of);
  summary.seconds.columns = result.columns_seconds;
  summary.seconds.alerts = result.alerts_seconds;
  summary.seconds.entitlements = result.entitlements_seconds;
  summary.overflows = result.overflows;

  start = std::chrono::steady_clock::now();
  std::vector<AlertRecord> alerts = AlertRecords(program, data, index, result);
  std::vector<EntitlementRecord> entitlements = EntitlementRecords(program, data, result);
  summary.seconds.records = Seconds(start);

  summary.households = data.households.size();
  summary.persons = data.persons.size();
  summary.elderly = data.elderly.size();
  summary.signals = data.signals.size();
  summary.signals_matched = index.matched();
  summary.signals_unmatched = index.unmatched().size();
  summary.signals_future_dated = index.future_dated();
  summary.signals_unmatched_future_dated = index.unmatched_future_dated();
  summary.alert_count = alerts.size();
  summary.entitlement_count = entitlements.size();
  for (const AlertRecord& r : alerts) {
    ++summary.alerts_by_rule_severity[std::string(r.rule_id)][std::string(r.severity)];
    ++summary.alerts_by_district_rule[r.district][std::string(r.rule_id)];
  }
  for (const EntitlementRecord& r : entitlements) {
    summary.entitlement_total_by_kind[std::string(r.kind)] += r.amount;
    summary.entitlement_total_by_district_kind[r.district][std::string(r.kind)] += r.amount;
  }

  start = std::chrono::steady_clock::now();
  const RunLabels labels{FormatIsoDate(options.as_of), FormatIsoDate(standards.version),
                         options.mask_ids};
  ASSIGN_OR_RETURN(OutputFolder out, OutputFolder::Begin(options.out_dir));
  std::vector<const AlertRecord*> all;
  all.reserve(alerts.size());
  for (const AlertRecord& r : alerts) all.push_back(&r);
  // The files are independent: format and write them side by side.
  absl::Status written[5];
  tbb::task_group writers;
  writers.run(
      [&] { written[0] = WriteFileAtomically(out.Path("alerts.csv"), AlertsCsv(all, labels)); });
  writers.run([&] {
    written[1] = WriteFileAtomically(out.Path("alerts.jsonl"), AlertsJsonl(alerts, labels));
  });
  writers.run([&] {
    written[2] = WriteFileAtomically(out.Path("entitlements.csv"),
                                     EntitlementsCsv(entitlements, options.mask_ids));
  });
  writers.run([&] {
    written[3] =
        WriteFileAtomically(out.Path("unmatched_signals.csv"),
                            UnmatchedSignalsCsv(data, index, options.as_of, options.mask_ids));
  });
  if (options.split_by != SplitBy::kNone) {
    writers.run([&] { written[4] = WriteSplit(alerts, options.split_by, out, labels); });
  }
  writers.wait();
  for (const absl::Status& status : written) RETURN_IF_ERROR(status);
  summary.seconds.write = Seconds(start);
  RETURN_IF_ERROR(WriteFileAtomically(out.Path("summary.json"), SummaryJson(summary)));
  RETURN_IF_ERROR(out.Commit());
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
