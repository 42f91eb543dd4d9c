#include "engine/monitor/alert_lines.h"

#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>
#include <charconv>
#include <span>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/huge_pages.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/io/text_escape.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/value_format.h"

namespace safetynet::monitor {

using lang::Entity;

namespace {

constexpr size_t kLinesPerPart = 16384;

std::string_view Number(int64_t value, char (&buffer)[24]) {
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return {buffer, static_cast<size_t>(end - buffer)};
}

// Text written line by line: room for a line's most bytes is made once, then
// the line is written with no further checks.
class LineBuffer {
 public:
  explicit LineBuffer(size_t expected) {
    ReserveHuge(text_, expected);
    text_.resize(expected);
  }
  char* Room(size_t bound) {
    if (text_.size() - used_ < bound) text_.resize(std::max(2 * text_.size(), used_ + bound));
    return text_.data() + used_;
  }
  void Done(const char* end) { used_ = static_cast<size_t>(end - text_.data()); }
  size_t size() const { return used_; }
  std::string Take() {
    text_.resize(used_);
    return std::move(text_);
  }

 private:
  std::string text_;
  size_t used_ = 0;
};

// With --mask-ids: each value with its resident ids masked, a masked copy
// held in the scratch string of the same index.
void MaskEach(std::span<std::string_view> values, std::span<std::string> scratch) {
  for (size_t i = 0; i < values.size(); ++i)
    values[i] = MaskResidentIdsInText(values[i], scratch[i]);
}

// Where a line's pieces lie in its part's text while the part is formatted.
struct Offsets {
  size_t csv, csv_end, jsonl, jsonl_end, subject, subject_end, town, town_end, reason, reason_end;
  size_t finding[5];  // where FindingText's household, town, village, evidence begin, and its end
};

}  // namespace

std::string_view SeverityName(int64_t severity) {
  static constexpr std::string_view kNames[] = {"LOW", "MEDIUM", "HIGH"};
  return severity >= 0 && severity <= 2 ? kNames[severity] : "";
}

AlertLines FormatAlerts(const lang::Program& program, const Dataset& d, const SignalIndex& signals,
                        const SubjectKeys& subject_keys, const exec::RunResult& result,
                        const RunLabels& labels, int32_t only_district, int only_alert) {
  // The hits come by rule, then row: formatted in that order, the data are
  // read front to back (few cache misses); the lines are sorted afterwards.
  // The hits of one rule lie together.
  auto first = result.hits.begin(), last = result.hits.end();
  if (only_alert >= 0) {
    first = std::partition_point(first, last,
                                 [&](const exec::AlertHit& hit) { return hit.alert < only_alert; });
    last = std::partition_point(first, last,
                                [&](const exec::AlertHit& hit) { return hit.alert == only_alert; });
  }
  std::vector<uint32_t> chosen;  // indexes into result.hits
  chosen.reserve(static_cast<size_t>(last - first));
  for (auto it = first; it != last; ++it) {
    const exec::AlertHit& hit = *it;
    if (only_district == 0 ||
        PlaceOf(d, program.alerts[hit.alert].entity, hit.row).district == only_district)
      chosen.push_back(static_cast<uint32_t>(it - result.hits.begin()));
  }
  // Output order: by rule (alerts are numbered in id order), then subject id.
  struct SortKey {
    uint64_t alert, subject;
    uint32_t line;
    bool operator<(const SortKey& o) const {
      return alert != o.alert ? alert < o.alert : subject < o.subject;
    }
  };
  std::vector<SortKey> order(chosen.size());
  std::vector<AlertLine> formatted(chosen.size());

  // The JSON keys before each value: {"rule_id":, ,"severity":, ...
  std::string_view json_keys[kAlertColumns.size()];
  std::string json_key_text[kAlertColumns.size()];
  for (size_t c = 0; c < kAlertColumns.size(); ++c) {
    json_key_text[c] = Cat(c == 0 ? "{\"" : ",\"", kAlertColumns[c], "\":");
    json_keys[c] = json_key_text[c];
  }
  constexpr size_t kScore = 8;     // written as a JSON number (or null)
  constexpr size_t kEvidence = 9;  // written as a JSON object of typed values

  AlertLines out;
  out.parts_.resize((chosen.size() + kLinesPerPart - 1) / kLinesPerPart);
  tbb::parallel_for(size_t{0}, out.parts_.size(), [&](size_t part) {
    const size_t begin = part * kLinesPerPart;
    const size_t end = std::min(chosen.size(), begin + kLinesPerPart);
    // Room for typical lines (about 250 bytes of CSV, 400 of JSON), so the text rarely moves.
    LineBuffer csv((end - begin) * 256), jsonl((end - begin) * 400);
    std::string keys_text, evidence, evidence_json, reason;
    std::string masked[kAlertColumns.size() + 1];  // each value's masked copy, and the town's
    keys_text.reserve((end - begin) * 32);
    std::vector<Offsets> offsets(end - begin);
    char number[24], score[24];
    for (size_t i = begin; i < end; ++i) {
      const exec::AlertHit& hit = result.hits[chosen[i]];
      const lang::AlertDef& alert = program.alerts[hit.alert];
      order[i] = {static_cast<uint64_t>(hit.alert), subject_keys.Key(alert.entity, hit.row),
                  static_cast<uint32_t>(i)};
      const Place place = PlaceOf(d, alert.entity, hit.row);
      const uint32_t household_row = HouseholdOf(d, alert.entity, hit.row);
      Offsets& at = offsets[i - begin];

      // The unmasked subject id, kept for sorting, and the town as written
      // (it names the file of --split-by town).
      at.subject = keys_text.size();
      AppendSubjectId(keys_text, d, alert.entity, hit.row);
      at.subject_end = keys_text.size();
      at.town = keys_text.size();
      keys_text += OutputText(place.town, labels.mask_ids, masked[kAlertColumns.size()]);
      at.town_end = keys_text.size();
      const std::string_view subject_id(keys_text.data() + at.subject, at.subject_end - at.subject);

      evidence.clear();
      evidence_json = "{";
      for (size_t s = 0; s < alert.show.size(); ++s) {
        const lang::ColumnDef& column = program.columns[alert.show[s]];
        const exec::ColumnValues& values = result.columns[alert.show[s]];
        const int64_t num = values.num[hit.row], den = values.den.empty() ? 1 : values.den[hit.row];
        if (s > 0) {
          evidence += "; ";
          evidence_json += ',';
        }
        evidence += column.name;
        evidence += '=';
        AppendValue(evidence, column.type, num, den);
        evidence_json += '"';
        evidence_json += column.name;  // a rule's name: letters, digits, '_'
        evidence_json += "\":";
        AppendJsonValue(evidence_json, column.type, num, den);
      }
      evidence_json += '}';
      reason.clear();
      if (alert.reason.empty()) {
        AppendShownValues(reason, program, alert.show, result, hit.row);
      } else {
        AppendReason(reason, program, alert.reason, result, hit.row);
      }
      const std::string_view severity = SeverityName(hit.severity);
      const std::string_view kind = SubjectKind(alert.entity);
      const std::string_view household =
          household_row == kNoRow ? std::string_view() : d.households.household_id[household_row];
      const std::string_view district = Number(place.district, number);
      const bool scored = alert.score >= 0 && hit.score != kEmpty;
      const std::string_view score_text = scored ? Number(hit.score, score) : "";

      // The values, in the order of kAlertColumns.
      std::string_view values[] = {alert.id,   severity, kind,         subject_id,
                                   household,  district, place.town,   place.village,
                                   score_text, evidence, labels.as_of, labels.standards_version};
      static_assert(std::size(values) == kAlertColumns.size());
      if (labels.mask_ids) MaskEach(values, masked);
      size_t csv_bound = std::size(values) + 1,
             json_bound = 2 + evidence_json.size() +
                          JsonStringBound(alert.label.size() + alert.id.size()) +
                          JsonStringBound(reason.size()) + 32;
      for (size_t c = 0; c < std::size(values); ++c) {
        csv_bound += CsvFieldBound(values[c].size());
        json_bound += json_keys[c].size() + JsonStringBound(values[c].size()) + 4;  // or null
      }

      at.csv = csv.size();
      char* p = csv.Room(csv_bound);
      for (size_t c = 0; c < std::size(values); ++c) {
        if (c > 0) *p++ = ',';
        p = PutCsvField(p, values[c]);
      }
      *p++ = '\n';
      csv.Done(p);
      at.csv_end = csv.size();

      at.jsonl = jsonl.size();
      p = jsonl.Room(json_bound);
      for (size_t c = 0; c < std::size(values); ++c) {
        p = PutText(p, json_keys[c]);
        if (c == kScore) {
          p = PutText(p, scored ? score_text : "null");
        } else if (c == kEvidence) {
          p = PutText(p, evidence_json);
        } else {
          p = PutJsonString(p, values[c]);
        }
      }
      p = PutText(p, ",\"label\":");
      p = PutJsonString(p, alert.label.empty() ? std::string_view(alert.id) : alert.label);
      p = PutText(p, ",\"reason\":");
      p = PutJsonString(p, reason);
      p = PutText(p, "}\n");
      jsonl.Done(p);
      at.jsonl_end = jsonl.size();

      // Last: appending may move keys_text, which subject_id views.
      at.reason = keys_text.size();
      keys_text += reason;
      at.reason_end = keys_text.size();
      if (labels.keep_findings) {
        const std::string_view kept[] = {household, place.town, place.village, evidence};
        for (size_t k = 0; k < std::size(kept); ++k) {
          at.finding[k] = keys_text.size();
          keys_text += kept[k];
        }
        at.finding[4] = keys_text.size();
      }

      AlertLine& line = formatted[i];
      line.alert = hit.alert;
      line.district = place.district;
      line.severity = hit.severity;
      line.score = scored ? hit.score : kEmpty;
    }
    // The text is complete: point the lines into it.
    AlertLines::PartText& text = out.parts_[part];
    text.csv = csv.Take();
    text.jsonl = jsonl.Take();
    text.keys = std::move(keys_text);
    for (size_t i = begin; i < end; ++i) {
      const Offsets& at = offsets[i - begin];
      AlertLine& line = formatted[i];
      line.csv = std::string_view(text.csv).substr(at.csv, at.csv_end - at.csv);
      line.jsonl = std::string_view(text.jsonl).substr(at.jsonl, at.jsonl_end - at.jsonl);
      line.subject_id = std::string_view(text.keys).substr(at.subject, at.subject_end - at.subject);
      line.town = std::string_view(text.keys).substr(at.town, at.town_end - at.town);
      line.reason = std::string_view(text.keys).substr(at.reason, at.reason_end - at.reason);
      if (labels.keep_findings) {
        std::string_view* kept[] = {&line.finding.household_id, &line.finding.town,
                                    &line.finding.village, &line.finding.evidence};
        for (size_t k = 0; k < std::size(kept); ++k) {
          *kept[k] =
              std::string_view(text.keys).substr(at.finding[k], at.finding[k + 1] - at.finding[k]);
        }
      }
    }
  });
  tbb::parallel_sort(order.begin(), order.end());
  out.lines_.resize(order.size());
  tbb::parallel_for(size_t{0}, order.size(),
                    [&](size_t i) { out.lines_[i] = formatted[order[i].line]; });
  return out;
}

std::vector<const AlertLine*> LinesInOrder(const AlertLines& lines) {
  std::vector<const AlertLine*> pointers;
  pointers.reserve(lines.lines().size());
  for (const AlertLine& line : lines.lines()) pointers.push_back(&line);
  return pointers;
}

}  // namespace safetynet::monitor
