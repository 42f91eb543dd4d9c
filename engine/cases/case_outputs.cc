#include "engine/cases/case_outputs.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <map>
#include <utility>

#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/safe_file_name.h"
#include "engine/monitor/json_text.h"
#include "engine/monitor/outputs.h"

namespace safetynet::cases {

const std::vector<std::string_view> kCaseColumns = {
    "case_id",       "rule_id",      "severity",         "highest_severity",
    "subject_kind",  "subject_id",   "household_id",     "district",
    "town",          "village",      "status",           "opened",
    "closed",        "close_reason", "nights_fired",     "days_open",
    "previous_case", "last_action",  "last_action_date", "snoozed_until",
    "on_worklist",   "score",        "evidence"};

namespace {

std::string DateText(Days day) { return day == kNoDate ? std::string() : FormatIsoDate(day); }

void CaseRow(CsvWriter& csv, const CaseTonight& t, Days night, bool mask_ids,
             std::string& scratch) {
  const Case& c = t.c;
  const Disposition* last = t.last_action >= 0 ? &c.dispositions[t.last_action] : nullptr;
  const std::string opened = DateText(c.opened), closed = DateText(c.closed),
                    nights = std::to_string(t.nights_fired),
                    days_open = std::to_string(night - c.opened),
                    last_date = last ? DateText(last->date) : std::string(),
                    snoozed = DateText(t.snoozed_until);
  monitor::OutputRow(csv,
                     {c.case_id,
                      c.rule_id,
                      SeverityName(c.severity),
                      SeverityName(c.highest_severity),
                      c.subject_kind,
                      c.subject_id,
                      c.household_id,
                      c.district,
                      c.town,
                      c.village,
                      StatusName(t.status),
                      opened,
                      closed,
                      CloseReasonName(c.close_reason),
                      nights,
                      days_open,
                      c.previous_case,
                      last ? ActionName(last->action) : std::string_view(),
                      last_date,
                      snoozed,
                      t.on_worklist ? "1" : "0",
                      c.score,
                      c.evidence},
                     mask_ids, scratch);
}

std::string Header() {
  CsvWriter csv;
  csv.ByteOrderMark();
  for (std::string_view column : kCaseColumns) csv.Field(column);
  csv.EndRow();
  return std::move(csv.mutable_contents());
}

// Every case's row of cases.csv, formatted once (in parallel parts, so the
// bytes do not depend on the thread count) for all the files that list it.
std::vector<std::string> CaseRows(const NightResult& night, bool mask_ids) {
  std::vector<std::string> rows(night.cases.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, rows.size(), 4096),
                    [&](const tbb::blocked_range<size_t>& part) {
                      CsvWriter csv;
                      std::string scratch;
                      for (size_t i = part.begin(); i < part.end(); ++i) {
                        csv.mutable_contents().clear();
                        CaseRow(csv, night.cases[i], night.night, mask_ids, scratch);
                        rows[i] = csv.contents();
                      }
                    });
  return rows;
}

// The header and the rows `which` (indexes into `rows`), as file parts.
std::vector<std::string_view> FileOf(const std::string& header,
                                     const std::vector<std::string>& rows,
                                     const std::vector<uint32_t>& which) {
  std::vector<std::string_view> parts;
  parts.reserve(which.size() + 1);
  parts.push_back(header);
  for (uint32_t i : which) parts.push_back(rows[i]);
  return parts;
}

std::vector<uint32_t> All(const NightResult& night) {
  std::vector<uint32_t> all(night.cases.size());
  for (uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  return all;
}

std::string Joined(const std::vector<std::string_view>& parts) {
  std::string text;
  for (std::string_view part : parts) text += part;
  return text;
}

void CountsMember(std::string& json, std::string_view key,
                  const std::map<std::string, size_t>& counts) {
  std::string object = "{";
  bool first = true;
  for (const auto& [name, count] : counts) {
    monitor::AppendJsonMember(object, name, std::to_string(count), first);
    first = false;
  }
  object += "}";
  monitor::AppendJsonMember(json, key, object);
}

}  // namespace

std::string CasesCsv(const NightResult& night, bool mask_ids) {
  return Joined(FileOf(Header(), CaseRows(night, mask_ids), All(night)));
}

std::string WorklistCsv(const NightResult& night, bool mask_ids) {
  return Joined(FileOf(Header(), CaseRows(night, mask_ids), night.worklist));
}

std::string RejectedDispositionsCsv(std::string_view file, const NightResult& night,
                                    bool mask_ids) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row({"file", "line", "reason"});
  std::string scratch;
  for (const RejectedDisposition& r : night.rejected)
    monitor::OutputRow(csv, {r.posted ? kPostedFile : file, std::to_string(r.line), r.reason},
                       mask_ids, scratch);
  return std::move(csv.mutable_contents());
}

absl::Status WriteNightFiles(const NightResult& night, std::string_view dispositions_file,
                             bool mask_ids, const OutputFolder& out) {
  const std::string header = Header();
  const std::vector<std::string> rows = CaseRows(night, mask_ids);
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(out.Path("cases.csv"), FileOf(header, rows, All(night))));
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(out.Path("worklist.csv"), FileOf(header, rows, night.worklist)));
  SAFETYNET_RETURN_IF_ERROR(
      WriteFileAtomically(out.Path("rejected_dispositions.csv"),
                          RejectedDispositionsCsv(dispositions_file, night, mask_ids)));

  // One file per place of the worklist, in worklist order.
  std::map<std::pair<std::string, std::string>, std::vector<uint32_t>> by_town;
  for (uint32_t i : night.worklist) {
    const Case& c = night.cases[i].c;
    by_town[{c.district, c.town}].push_back(i);
  }
  const std::string folder = out.Path("worklist-by-town");
  SAFETYNET_RETURN_IF_ERROR(MakePrivateFolder(folder));
  // Named from "DISTRICT-TOWN", as the split alerts files and the worklist's
  // workbooks (engine/people/worklist_book.h) are.
  std::vector<std::string> towns;
  // The town as written (masked with --mask-ids), so that no id is in a file name.
  std::string scratch;
  for (const auto& [place, which] : by_town) {
    towns.push_back(Cat(place.first, "-", monitor::OutputText(place.second, mask_ids, scratch)));
  }
  const std::string index_name = "index.csv";
  const std::vector<std::string> names =
      SafeFileNames(towns, ".csv", std::span<const std::string>(&index_name, 1));
  CsvWriter index;
  index.ByteOrderMark();
  index.Row({"district", "town", "file", "cases"});
  size_t n = 0;
  for (const auto& [place, which] : by_town) {
    const std::string& name = names[n++];
    SAFETYNET_RETURN_IF_ERROR(
        WriteFileAtomically(Cat(folder, "/", name), FileOf(header, rows, which)));
    monitor::OutputRow(index, {place.first, place.second, name, std::to_string(which.size())},
                       mask_ids, scratch);
  }
  return WriteFileAtomically(Cat(folder, "/", index_name), index.contents());
}

std::string NightCountsJson(const NightResult& night) {
  std::map<std::string, size_t> by_status, by_severity, by_town;
  size_t open = 0;
  for (const CaseTonight& t : night.cases) {
    ++by_status[std::string(StatusName(t.status))];
    if (t.c.closed != kNoDate) continue;
    ++open;
    ++by_severity[std::string(SeverityName(t.c.severity))];
    ++by_town[Cat(t.c.district, "-", t.c.town)];  // a town's name may recur in another district
  }
  std::string json = "{";
  monitor::AppendJsonStringMember(json, "night", FormatIsoDate(night.night), true);
  monitor::AppendJsonMember(json, "cases", std::to_string(open));
  monitor::AppendJsonMember(json, "worklist", std::to_string(night.worklist.size()));
  CountsMember(json, "by_status", by_status);
  CountsMember(json, "by_severity", by_severity);
  CountsMember(json, "by_town", by_town);
  std::string dispositions = "{";
  monitor::AppendJsonMember(dispositions, "accepted", std::to_string(night.accepted.size()), true);
  monitor::AppendJsonMember(dispositions, "repeated", std::to_string(night.repeated_dispositions));
  monitor::AppendJsonMember(dispositions, "rejected", std::to_string(night.rejected.size()));
  dispositions += "}";
  monitor::AppendJsonMember(json, "dispositions", dispositions);
  return json + "}";
}

std::string CasesSummaryJson(std::string_view tonight_json, const std::vector<StoredNight>& recent,
                             std::string_view seconds_json) {
  std::string json(tonight_json);
  json.pop_back();  // the closing brace: the last nights join the object
  monitor::AppendJsonMember(json, "seconds", seconds_json);
  std::string nights = "[";
  for (size_t i = 0; i < recent.size(); ++i) {
    if (i > 0) nights += ",";
    nights += recent[i].counts_json;
  }
  nights += "]";
  monitor::AppendJsonMember(json, "last_nights", nights);
  return json + "}";
}

}  // namespace safetynet::cases
