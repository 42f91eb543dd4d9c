#include "engine/monitor/nightly.h"

#include <sys/stat.h>

#include <chrono>
#include <set>

#include "engine/common/money.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/monitor/records.h"

namespace safetynet::monitor {
namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

constexpr std::string_view kAlertHeader[] = {"rule_id", "severity", "subject_kind", "subject_id", "household_id",
                                             "district", "town", "village", "score", "evidence", "as_of",
                                             "standards_version"};

void AlertCsvRow(CsvWriter& csv, const AlertRecord& r, const std::string& as_of, const std::string& version) {
  csv.Row({r.rule_id, r.severity, r.subject_kind, r.subject_id, r.household_id, Cat(r.district), r.town,
           r.village, r.score, r.evidence, as_of, version});
}

std::string AlertsCsv(const std::vector<const AlertRecord*>& records, const std::string& as_of,
                      const std::string& version) {
  CsvWriter csv;
  csv.ByteOrderMark();
  for (std::string_view name : kAlertHeader) csv.Field(name);
  csv.EndRow();
  for (const AlertRecord* r : records) AlertCsvRow(csv, *r, as_of, version);
  return csv.contents();
}

std::string AlertsJsonl(const std::vector<AlertRecord>& records, const std::string& as_of,
                        const std::string& version) {
  std::string out;
  for (const AlertRecord& r : records) {
    out += Cat("{\"rule_id\":", JsonString(r.rule_id), ",\"severity\":", JsonString(r.severity),
               ",\"subject_kind\":", JsonString(r.subject_kind), ",\"subject_id\":", JsonString(r.subject_id),
               ",\"household_id\":", JsonString(r.household_id), ",\"district\":", JsonString(Cat(r.district)),
               ",\"town\":", JsonString(r.town), ",\"village\":", JsonString(r.village),
               ",\"score\":", r.score.empty() ? "null" : r.score, ",\"evidence\":", JsonString(r.evidence),
               ",\"as_of\":", JsonString(as_of), ",\"standards_version\":", JsonString(version), "}\n");
  }
  return out;
}

std::string EntitlementsCsv(const std::vector<EntitlementRecord>& records) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row({"subject_kind", "subject_id", "kind", "amount"});
  for (const EntitlementRecord& r : records) csv.Row({r.subject_kind, r.subject_id, r.kind, FormatYuan(r.amount)});
  return csv.contents();
}

std::string UnmatchedCsv(const Dataset& d, const SignalIndex& index, Days as_of) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row({"signal_id", "source", "type", "person_id", "event_date", "future_dated"});
  for (uint32_t row : index.unmatched()) {
    const SignalTable& s = d.signals;
    csv.Row({s.signal_id[row], s.source[row], CodeName(SignalTypeNames(), s.type[row]),
             FormatResidentId(s.person_id[row]), FormatIsoDate(s.event_date[row]),
             s.event_date[row] > as_of ? "1" : "0"});
  }
  return csv.contents();
}

std::string SummaryJson(const NightlySummary& s) {
  std::string out = "{\n";
  out += Cat("  \"as_of\": ", JsonString(FormatIsoDate(s.as_of)), ",\n");
  out += Cat("  \"standards_version\": ", JsonString(FormatIsoDate(s.standards_version)), ",\n");
  out += Cat("  \"inputs\": {\"households\": ", s.households, ", \"persons\": ", s.persons, ", \"elderly\": ",
             s.elderly, ", \"signals\": ", s.signals, ", \"signals_matched\": ", s.signals_matched,
             ", \"signals_unmatched\": ", s.signals_unmatched, ", \"signals_future_dated\": ",
             s.signals_future_dated, "},\n");
  out += Cat("  \"alerts\": ", s.alert_count, ",\n  \"alerts_by_rule\": {");
  bool first = true;
  for (const auto& [rule, by_severity] : s.alerts_by_rule_severity) {
    out += Cat(first ? "\n" : ",\n", "    ", JsonString(rule), ": {");
    bool inner_first = true;
    for (const auto& [severity, count] : by_severity) {
      out += Cat(inner_first ? "" : ", ", JsonString(severity), ": ", count);
      inner_first = false;
    }
    out += "}";
    first = false;
  }
  out += "\n  },\n  \"alerts_by_district\": {";
  first = true;
  for (const auto& [district, by_rule] : s.alerts_by_district_rule) {
    out += Cat(first ? "\n" : ",\n", "    ", JsonString(Cat(district)), ": {");
    bool inner_first = true;
    for (const auto& [rule, count] : by_rule) {
      out += Cat(inner_first ? "" : ", ", JsonString(rule), ": ", count);
      inner_first = false;
    }
    out += "}";
    first = false;
  }
  out += Cat("\n  },\n  \"entitlements\": ", s.entitlement_count, ",\n  \"entitlement_monthly_total_by_kind\": {");
  first = true;
  for (const auto& [kind, total] : s.entitlement_total_by_kind) {
    out += Cat(first ? "" : ", ", JsonString(kind), ": ", JsonString(FormatYuan(total)));
    first = false;
  }
  out += "},\n  \"entitlement_monthly_total_by_district\": {";
  first = true;
  for (const auto& [district, by_kind] : s.entitlement_total_by_district_kind) {
    out += Cat(first ? "\n" : ",\n", "    ", JsonString(Cat(district)), ": {");
    bool inner_first = true;
    for (const auto& [kind, total] : by_kind) {
      out += Cat(inner_first ? "" : ", ", JsonString(kind), ": ", JsonString(FormatYuan(total)));
      inner_first = false;
    }
    out += "}";
    first = false;
  }
  out += "\n  },\n  \"overflows\": [";
  for (size_t i = 0; i < s.overflows.size(); ++i) out += Cat(i ? ", " : "", JsonString(s.overflows[i]));
  const StageTimes& t = s.seconds;
  out += Cat("],\n  \"seconds\": {\"match\": ", t.match, ", \"columns\": ", t.columns, ", \"alerts\": ", t.alerts,
             ", \"entitlements\": ", t.entitlements, ", \"records\": ", t.records, ", \"write\": ", t.write, "}\n}\n");
  return out;
}

absl::Status WriteSplit(const std::vector<AlertRecord>& records, SplitBy split_by, const std::string& out_dir,
                        const std::string& as_of, const std::string& version) {
  std::string folder = Cat(out_dir, split_by == SplitBy::kTown ? "/alerts-by-town" : "/alerts-by-district");
  ::mkdir(folder.c_str(), 0700);
  std::map<std::string, std::vector<const AlertRecord*>> groups;
  for (const AlertRecord& r : records) {
    groups[split_by == SplitBy::kTown ? Cat(r.district, "-", r.town) : Cat(r.district)].push_back(&r);
  }
  for (const auto& [name, group] : groups) {
    RETURN_IF_ERROR(WriteFileAtomically(Cat(folder, "/", name, ".csv"), AlertsCsv(group, as_of, version)));
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
  const std::string as_of = FormatIsoDate(options.as_of);
  const std::string version = FormatIsoDate(standards.version);
  const std::string& out = options.out_dir;
  if (::mkdir(out.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::UnavailableError(Cat("cannot create the output folder ", out));
  }
  std::vector<const AlertRecord*> all;
  all.reserve(alerts.size());
  for (const AlertRecord& r : alerts) all.push_back(&r);
  RETURN_IF_ERROR(WriteFileAtomically(Cat(out, "/alerts.csv"), AlertsCsv(all, as_of, version)));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(out, "/alerts.jsonl"), AlertsJsonl(alerts, as_of, version)));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(out, "/entitlements.csv"), EntitlementsCsv(entitlements)));
  RETURN_IF_ERROR(WriteFileAtomically(Cat(out, "/unmatched_signals.csv"), UnmatchedCsv(data, index, options.as_of)));
  if (options.split_by != SplitBy::kNone) {
    RETURN_IF_ERROR(WriteSplit(alerts, options.split_by, out, as_of, version));
  }
  summary.seconds.write = Seconds(start);
  RETURN_IF_ERROR(WriteFileAtomically(Cat(out, "/summary.json"), SummaryJson(summary)));
  return summary;
}

std::string FormatSummary(const NightlySummary& s) {
  std::string out = Cat("nightly run as of ", FormatIsoDate(s.as_of), " (standards of ",
                        FormatIsoDate(s.standards_version), ")\n");
  out += Cat("  inputs: ", s.households, " households, ", s.persons, " persons, ", s.elderly, " elderly, ",
             s.signals, " signals (", s.signals_matched, " matched, ", s.signals_unmatched, " unmatched, ",
             s.signals_future_dated, " future-dated)\n");
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
                "  seconds: match %.3f, columns %.3f, alerts %.3f, entitlements %.3f, records %.3f, write %.3f\n",
                t.match, t.columns, t.alerts, t.entitlements, t.records, t.write);
  return out + buffer;
}

}  // namespace safetynet::monitor
