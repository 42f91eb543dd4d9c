#include "engine/monitor/outputs.h"

#include <oneapi/tbb/parallel_for.h>

#include "engine/common/money.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"

namespace safetynet::monitor {
namespace {

constexpr size_t kRowsPerPart = 8192;

// The header part, then parts of kRowsPerPart rows formatted in parallel by
// format_row(CsvWriter&/std::string&, row).
template <typename Format>
std::vector<std::string> InParts(size_t rows, std::string header, Format format_rows) {
  std::vector<std::string> parts(1 + (rows + kRowsPerPart - 1) / kRowsPerPart);
  parts[0] = std::move(header);
  tbb::parallel_for(size_t{1}, parts.size(), [&](size_t part) {
    size_t begin = (part - 1) * kRowsPerPart;
    format_rows(parts[part], begin, std::min(rows, begin + kRowsPerPart));
  });
  return parts;
}

std::string CsvHeader(std::initializer_list<std::string_view> names) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row(names);
  return csv.contents();
}

void AppendKey(std::string& out, std::string_view key, std::string_view json_value,
               bool first = false) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
  out += json_value;
}

void AppendKeyString(std::string& out, std::string_view key, std::string_view text,
                     bool first = false) {
  if (!first) out += ',';
  AppendJsonString(out, key);
  out += ':';
  AppendJsonString(out, text);
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  size_t run = 0;  // start of the run of characters that need no escape
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
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
      default: {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
        out += buffer;
      }
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

std::string OutputId(std::string_view subject_kind, std::string_view id, bool mask_ids) {
  return mask_ids && subject_kind != "HOUSEHOLD" ? MaskResidentId(id) : std::string(id);
}

std::vector<std::string> AlertsCsv(const std::vector<const AlertRecord*>& records,
                                   const RunLabels& labels) {
  std::string header =
      CsvHeader({"rule_id", "severity", "subject_kind", "subject_id", "household_id", "district",
                 "town", "village", "score", "evidence", "as_of", "standards_version"});
  return InParts(records.size(), std::move(header),
                 [&](std::string& out, size_t begin, size_t end) {
                   CsvWriter csv;
                   for (size_t i = begin; i < end; ++i) {
                     const AlertRecord& r = *records[i];
                     csv.Row({r.rule_id, r.severity, r.subject_kind,
                              OutputId(r.subject_kind, r.subject_id, labels.mask_ids),
                              r.household_id, Cat(r.district), r.town, r.village, r.score,
                              r.evidence, labels.as_of, labels.standards_version});
                   }
                   out = std::move(csv.mutable_contents());
                 });
}

std::vector<std::string> AlertsJsonl(const std::vector<AlertRecord>& records,
                                     const RunLabels& labels) {
  return InParts(records.size(), "", [&](std::string& out, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const AlertRecord& r = records[i];
      out += '{';
      AppendKeyString(out, "rule_id", r.rule_id, true);
      AppendKeyString(out, "severity", r.severity);
      AppendKeyString(out, "subject_kind", r.subject_kind);
      AppendKeyString(out, "subject_id", OutputId(r.subject_kind, r.subject_id, labels.mask_ids));
      AppendKeyString(out, "household_id", r.household_id);
      AppendKeyString(out, "district", Cat(r.district));
      AppendKeyString(out, "town", r.town);
      AppendKeyString(out, "village", r.village);
      AppendKey(out, "score", r.score.empty() ? "null" : r.score);
      AppendKeyString(out, "evidence", r.evidence);
      AppendKeyString(out, "as_of", labels.as_of);
      AppendKeyString(out, "standards_version", labels.standards_version);
      out += "}\n";
    }
  });
}

std::vector<std::string> EntitlementsCsv(const std::vector<EntitlementRecord>& records,
                                         bool mask_ids) {
  return InParts(records.size(), CsvHeader({"subject_kind", "subject_id", "kind", "amount"}),
                 [&](std::string& out, size_t begin, size_t end) {
                   CsvWriter csv;
                   for (size_t i = begin; i < end; ++i) {
                     const EntitlementRecord& r = records[i];
                     csv.Row({r.subject_kind, OutputId(r.subject_kind, r.subject_id, mask_ids),
                              r.kind, FormatYuan(r.amount)});
                   }
                   out = std::move(csv.mutable_contents());
                 });
}

std::vector<UnmatchedSignal> UnmatchedSignals(const Dataset& d, const SignalIndex& index) {
  std::vector<UnmatchedSignal> list;
  const SignalTable& s = d.signals;
  for (uint32_t row : index.unmatched()) {
    list.push_back({std::string(s.signal_id[row]), std::string(s.source[row]), s.type[row],
                    s.person_id[row], s.event_date[row]});
  }
  return list;
}

std::string UnmatchedSignalsCsv(const std::vector<UnmatchedSignal>& signals, Days as_of,
                                bool mask_ids) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row({"signal_id", "source", "type", "person_id", "event_date", "future_dated"});
  for (const UnmatchedSignal& s : signals) {
    csv.Row({s.signal_id, s.source, CodeName(SignalTypeNames(), s.type),
             OutputId("PERSON", FormatResidentId(s.person), mask_ids), FormatIsoDate(s.event_date),
             s.event_date > as_of ? "1" : "0"});
  }
  return csv.contents();
}

std::string SummaryJson(const NightlySummary& s) {
  std::string out = "{\n  ";
  AppendKeyString(out, "as_of", FormatIsoDate(s.as_of), true);
  out += ",\n  ";
  AppendKeyString(out, "standards_version", FormatIsoDate(s.standards_version), true);
  out +=
      Cat(",\n  \"inputs\": {\"households\": ", s.households, ", \"persons\": ", s.persons,
          ", \"elderly\": ", s.elderly, ", \"signals\": ", s.signals,
          ", \"signals_matched\": ", s.signals_matched,
          ", \"signals_unmatched\": ", s.signals_unmatched,
          ", \"signals_future_dated\": ", s.signals_future_dated,
          ", \"signals_unmatched_and_future_dated\": ", s.signals_unmatched_future_dated, "},\n");
  out += Cat("  \"alerts\": ", s.alert_count, ",\n  \"alerts_by_rule\": {");
  bool first = true;
  for (const auto& [rule, by_severity] : s.alerts_by_rule_severity) {
    out += first ? "\n    " : ",\n    ";
    AppendJsonString(out, rule);
    out += ": {";
    bool inner_first = true;
    for (const auto& [severity, count] : by_severity)
      AppendKey(out, severity, Cat(count), std::exchange(inner_first, false));
    out += "}";
    first = false;
  }
  out += "\n  },\n  \"alerts_by_district\": {";
  first = true;
  for (const auto& [district, by_rule] : s.alerts_by_district_rule) {
    out += first ? "\n    " : ",\n    ";
    AppendJsonString(out, Cat(district));
    out += ": {";
    bool inner_first = true;
    for (const auto& [rule, count] : by_rule)
      AppendKey(out, rule, Cat(count), std::exchange(inner_first, false));
    out += "}";
    first = false;
  }
  out += Cat("\n  },\n  \"entitlements\": ", s.entitlement_count,
             ",\n  \"entitlement_monthly_total_by_kind\": {");
  first = true;
  for (const auto& [kind, total] : s.entitlement_total_by_kind) {
    AppendKeyString(out, kind, FormatYuan(total), std::exchange(first, false));
  }
  out += "},\n  \"entitlement_monthly_total_by_district\": {";
  first = true;
  for (const auto& [district, by_kind] : s.entitlement_total_by_district_kind) {
    out += first ? "\n    " : ",\n    ";
    AppendJsonString(out, Cat(district));
    out += ": {";
    bool inner_first = true;
    for (const auto& [kind, total] : by_kind)
      AppendKeyString(out, kind, FormatYuan(total), std::exchange(inner_first, false));
    out += "}";
    first = false;
  }
  out += "\n  },\n  \"overflows\": [";
  for (size_t i = 0; i < s.overflows.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(out, s.overflows[i]);
  }
  const StageTimes& t = s.seconds;
  out += Cat("],\n  \"seconds\": {\"match\": ", t.match, ", \"columns\": ", t.columns,
             ", \"alerts\": ", t.alerts, ", \"entitlements\": ", t.entitlements,
             ", \"records\": ", t.records, ", \"write\": ", t.write, "}\n}\n");
  return out;
}

}  // namespace safetynet::monitor
