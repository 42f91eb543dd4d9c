#include "engine/monitor/outputs.h"

#include <oneapi/tbb/parallel_for.h>

#include <span>

#include "engine/common/money.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/monitor/json_text.h"

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

std::string CsvHeader(std::span<const std::string_view> names) {
  CsvWriter csv;
  csv.ByteOrderMark();
  for (std::string_view name : names) csv.Field(name);
  csv.EndRow();
  return csv.contents();
}

}  // namespace

std::string_view OutputText(std::string_view text, bool mask_ids, std::string& scratch) {
  return mask_ids ? MaskResidentIdsInText(text, scratch) : text;
}

void OutputRow(CsvWriter& csv, std::initializer_list<std::string_view> fields, bool mask_ids,
               std::string& scratch) {
  for (std::string_view field : fields) csv.Field(OutputText(field, mask_ids, scratch));
  csv.EndRow();
}

std::string_view AlertsCsvHeader() {
  static const std::string header = CsvHeader(kAlertColumns);
  return header;
}

std::string_view EntitlementsCsvHeader() {
  static constexpr std::string_view kColumns[] = {"subject_kind", "subject_id", "kind", "amount"};
  static const std::string header = CsvHeader(kColumns);
  return header;
}

void EntitlementRow(CsvWriter& csv, const EntitlementRecord& r, bool mask_ids,
                    std::string& scratch) {
  std::string amount;  // a few bytes: no allocation
  AppendYuan(amount, r.amount);
  OutputRow(csv, {r.subject_kind, r.subject_id, r.kind, amount}, mask_ids, scratch);
}

std::vector<std::string> EntitlementsCsv(const std::vector<EntitlementRecord>& records,
                                         bool mask_ids) {
  return InParts(records.size(), std::string(EntitlementsCsvHeader()),
                 [&](std::string& out, size_t begin, size_t end) {
                   CsvWriter csv;
                   std::string scratch;
                   for (size_t i = begin; i < end; ++i)
                     EntitlementRow(csv, records[i], mask_ids, scratch);
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
  std::string scratch;
  for (const UnmatchedSignal& s : signals) {
    OutputRow(csv,
              {s.signal_id, s.source, CodeName(s.type), FormatResidentId(s.person),
               FormatIsoDate(s.event_date), s.event_date > as_of ? "1" : "0"},
              mask_ids, scratch);
  }
  return csv.contents();
}

std::string SummaryJson(const NightlySummary& s) {
  std::string out = "{\n  ";
  AppendJsonStringMember(out, "as_of", FormatIsoDate(s.as_of), true);
  out += ",\n  ";
  AppendJsonStringMember(out, "standards_version", FormatIsoDate(s.standards_version), true);
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
      AppendJsonMember(out, severity, Cat(count), std::exchange(inner_first, false));
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
      AppendJsonMember(out, rule, Cat(count), std::exchange(inner_first, false));
    out += "}";
    first = false;
  }
  out += Cat("\n  },\n  \"entitlements\": ", s.entitlement_count,
             ",\n  \"entitlement_monthly_total_by_kind\": {");
  first = true;
  for (const auto& [kind, total] : s.entitlement_total_by_kind) {
    AppendJsonStringMember(out, kind, FormatYuan(total), std::exchange(first, false));
  }
  out += "},\n  \"entitlement_monthly_total_by_district\": {";
  first = true;
  for (const auto& [district, by_kind] : s.entitlement_total_by_district_kind) {
    out += first ? "\n    " : ",\n    ";
    AppendJsonString(out, Cat(district));
    out += ": {";
    bool inner_first = true;
    for (const auto& [kind, total] : by_kind)
      AppendJsonStringMember(out, kind, FormatYuan(total), std::exchange(inner_first, false));
    out += "}";
    first = false;
  }
  out += Cat("\n  },\n  \"undecided\": ", s.undecided_count, ",\n  \"undecided_by_rule\": {");
  first = true;
  for (const auto& [rule, count] : s.undecided_by_rule) {
    AppendJsonMember(out, rule, Cat(count), std::exchange(first, false));
  }
  out += "},\n  \"import\": ";
  if (s.imported_files.empty()) out += "\"not recorded\"";
  for (size_t f = 0; f < s.imported_files.size(); ++f) {
    const FileCounts& file = s.imported_files[f];
    out += Cat(f ? ",\n    " : "{\n    ", "\"", file.file, "\": {\"rows\": ", file.rows,
               ", \"imported\": ", file.imported, ", \"rejected\": ", file.rejected,
               ", \"rejected_by_kind\": {");
    for (size_t k = 0; k < file.rejected_by_kind.size(); ++k) {
      AppendJsonMember(out, file.rejected_by_kind[k].first, Cat(file.rejected_by_kind[k].second),
                       k == 0);
    }
    out +=
        Cat("}, \"rejected_naming_someone\": ", file.attributed,
            ", \"converted_ids\": ", file.converted_ids, ", \"accepted_ids\": ", file.accepted_ids);
    if (!file.encoding.empty()) {
      out += ", \"encoding\": ";
      AppendJsonString(out, file.encoding);
    }
    out += "}";
    if (f + 1 == s.imported_files.size()) out += "\n  }";
  }
  out += ",\n  \"warnings\": [";
  for (size_t i = 0; i < s.warnings.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(out, s.warnings[i]);
  }
  out += "],\n  \"overflows\": [";
  for (size_t i = 0; i < s.overflows.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(out, s.overflows[i]);
  }
  out += "]";
  if (!s.cases_json.empty()) out += Cat(",\n  \"cases\": ", s.cases_json);
  const StageTimes& t = s.seconds;
  out += Cat(",\n  \"seconds\": {\"match\": ", t.match, ", \"columns\": ", t.columns,
             ", \"alerts\": ", t.alerts, ", \"entitlements\": ", t.entitlements,
             ", \"records\": ", t.records, ", \"write\": ", t.write);
  if (!s.cases_json.empty()) out += Cat(", \"store\": ", t.store);
  out += "}\n}\n";
  return out;
}

}  // namespace safetynet::monitor
