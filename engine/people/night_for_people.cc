#include "engine/people/night_for_people.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "engine/common/date.h"
#include "engine/common/exact_arithmetic.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/monitor/outputs.h"
#include "engine/people/words.h"
#include "engine/report/night_report.h"

namespace safetynet::people {
namespace {

constexpr size_t kLargestChanges = 10;

// The trend and the changes since last night, from the counts each stored
// night keeps (cases/case_outputs.h NightCountsJson): newest first in
// `recent`, tonight's included.
void AddStoreHistory(const std::vector<cases::StoredNight>& recent, const DistrictNames* districts,
                     report::NightReport& report) {
  std::vector<nlohmann::json> nights;
  for (const cases::StoredNight& night : recent) {
    nlohmann::json counts = nlohmann::json::parse(night.counts_json, nullptr, false);
    if (!counts.is_discarded() && counts.is_object()) nights.push_back(std::move(counts));
  }
  auto count = [](const nlohmann::json& object, std::string_view key) -> int64_t {
    auto it = object.find(std::string(key));
    return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
  };
  for (auto night = nights.rbegin(); night != nights.rend(); ++night) {
    const nlohmann::json status = night->value("by_status", nlohmann::json::object());
    report.trend.push_back({night->value("night", ""), count(*night, "cases"),
                            count(status, "NEW") + count(status, "REOPENED"),
                            count(status, "RESOLVED")});
  }
  if (nights.size() < 2) return;
  report.previous_night = nights[1].value("night", "");
  // Open cases by town, tonight against the night before.
  std::map<std::string, std::pair<int64_t, int64_t>> towns;  // last night, tonight
  const nlohmann::json before = nights[1].value("by_town", nlohmann::json::object());
  const nlohmann::json after = nights[0].value("by_town", nlohmann::json::object());
  for (const auto& [town, n] : before.items()) towns[town].first = count(before, town);
  for (const auto& [town, n] : after.items()) towns[town].second = count(after, town);
  std::vector<report::NightChange> changes;
  for (const auto& [place, counts] : towns) {
    if (counts.first == counts.second) continue;
    // "DISTRICT-TOWN" as the district's name and the town.
    std::string what = place;
    int32_t district = 0;
    if (const size_t dash = place.find('-');
        dash != std::string::npos && districts != nullptr &&
        std::from_chars(place.data(), place.data() + dash, district).ptr == place.data() + dash &&
        !DistrictName(*districts, district).empty()) {
      what = Cat(DistrictName(*districts, district), " ", place.substr(dash + 1));
    }
    changes.push_back({std::move(what), counts.first, counts.second});
  }
  std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
    return std::llabs(a.tonight - a.last_night) > std::llabs(b.tonight - b.last_night);
  });
  if (changes.size() > kLargestChanges) changes.resize(kLargestChanges);
  report.largest_changes = std::move(changes);
}

}  // namespace

NightForPeople::NightForPeople(const lang::Program& program, NightForPeopleOptions options)
    : program_(program), options_(std::move(options)) {}

void NightForPeople::AddAlerts(const std::vector<const monitor::AlertLine*>& lines) {
  // The report's counts by severity and by town.
  for (const monitor::AlertLine* line : lines) {
    if (line->severity < 0 || line->severity > 2) continue;
    ++by_severity_[line->severity];
    ++town_counts_[{line->district, std::string(line->finding.town)}][line->severity];
  }
  if (!options_.workbooks) return;
  // The worklist's rows: one text per rule, sized first so that the views into it stay put.
  size_t size = 0;
  for (const monitor::AlertLine* line : lines) {
    const monitor::FindingText& f = line->finding;
    size += line->subject_id.size() + f.household_id.size() + f.town.size() + f.village.size() +
            line->reason.size() + 2 * 24;
  }
  std::string& text = texts_.emplace_back();
  text.reserve(size);
  auto keep = [&](std::string_view value) {
    const size_t at = text.size();
    text += value;
    return std::string_view(text).substr(at, value.size());
  };
  for (const monitor::AlertLine* line : lines) {
    const lang::AlertDef& alert = program_.alerts[line->alert];
    WorklistEntry e;
    e.severity = line->severity;
    e.rule_id = alert.id;
    e.label = alert.label;
    e.subject_kind = monitor::SubjectKind(alert.entity);
    e.subject_id = keep(line->subject_id);
    e.household_id = keep(line->finding.household_id);
    e.district = keep(std::to_string(line->district));
    e.town = keep(line->finding.town);
    e.village = keep(line->finding.village);
    e.reason = keep(line->reason);
    e.score = line->score == kEmpty ? std::string_view() : keep(std::to_string(line->score));
    alerts_.push_back(e);
  }
}

absl::Status NightForPeople::Write(const monitor::NightlySummary& summary,
                                   const cases::StoreNight* store, const OutputFolder& out) {
  // The worklist: tonight's alerts, or the store's worklist with each case's
  // reason from tonight's alert (a case on the worklist fired tonight).
  std::vector<WorklistEntry> entries;
  if (store) {
    std::map<std::pair<std::string_view, std::string>, const WorklistEntry*> tonight;
    for (const WorklistEntry& e : alerts_) {
      std::string id(e.subject_id);
      cases::NormaliseSubjectId(id);
      tonight[{e.rule_id, std::move(id)}] = &e;
    }
    const cases::NightResult& night = store->night();
    for (uint32_t i : night.worklist) {
      const cases::CaseTonight& t = night.cases[i];
      const cases::Case& c = t.c;
      auto found = tonight.find({c.rule_id, c.subject_id});
      WorklistEntry e = found != tonight.end() ? *found->second : WorklistEntry();
      e.severity = static_cast<int64_t>(c.severity);
      e.rule_id = c.rule_id;
      e.subject_kind = c.subject_kind;
      e.subject_id = c.subject_id;
      e.household_id = c.household_id;
      e.district = c.district;
      e.town = c.town;
      e.village = c.village;
      e.score = c.score;
      e.open_case = &t;
      if (found == tonight.end()) {
        for (const lang::AlertDef& alert : program_.alerts) {
          if (alert.id == c.rule_id) e.label = alert.label;
        }
      }
      entries.push_back(e);
    }
  } else {
    entries = alerts_;
    SortWorklist(entries);
  }
  std::vector<std::string> names;
  if (options_.name_of) {
    names.reserve(entries.size());
    for (WorklistEntry& e : entries)
      e.name = names.emplace_back(options_.name_of(e.subject_kind, e.subject_id));
  }
  WorklistBookOptions book;
  book.with_cases = store != nullptr;
  book.with_names = static_cast<bool>(options_.name_of);
  book.mask_ids = options_.mask_ids;
  book.night = summary.as_of;
  book.district_names = options_.district_names;
  if (options_.workbooks) SAFETYNET_RETURN_IF_ERROR(WriteWorklistBooks(entries, book, out));

  // The night report.
  report::NightReport report;
  report.as_of = FormatIsoDate(summary.as_of);
  report.standards_version = FormatIsoDate(summary.standards_version);
  report.snapshot_as_of = options_.snapshot_as_of;
  report.warnings = summary.warnings;
  for (const std::string& overflow : summary.overflows) report.warnings.push_back(overflow);
  std::string scratch;
  for (const auto& [place, counts] : town_counts_) {
    report.by_town.push_back(
        {std::to_string(place.first),
         options_.district_names ? std::string(DistrictName(*options_.district_names, place.first))
                                 : std::string(),
         std::string(monitor::OutputText(place.second, options_.mask_ids, scratch)), counts[2],
         counts[1], counts[0]});
  }
  for (int severity = 2; severity >= 0; --severity) {
    report.by_severity.push_back({std::string(SeverityWord(severity)), by_severity_[severity]});
  }
  for (const lang::AlertDef& alert : program_.alerts) {
    auto found = summary.alerts_by_rule_severity.find(alert.id);
    if (found == summary.alerts_by_rule_severity.end()) continue;
    int64_t count = 0;
    for (const auto& [severity, n] : found->second) count += static_cast<int64_t>(n);
    report.by_rule.push_back({alert.label.empty() ? alert.id : alert.label, count});
  }
  if (store) {
    report.has_cases = true;
    std::map<cases::CaseStatus, int64_t> by_status;
    for (const cases::CaseTonight& t : store->night().cases) ++by_status[t.status];
    for (const auto& [status, count] : by_status) {
      report.cases_by_status.push_back({std::string(CaseStatusWord(status)), count});
    }
    AddStoreHistory(store->recent_nights(), options_.district_names, report);
  }
  for (const lang::EntitlementDef& entitlement : program_.entitlements) {
    auto total = summary.entitlement_total_by_kind.find(entitlement.kind);
    if (total == summary.entitlement_total_by_kind.end()) continue;
    auto count = summary.entitlement_count_by_kind.find(entitlement.kind);
    report.entitlements.push_back(
        {entitlement.label.empty() ? entitlement.kind : entitlement.label,
         count == summary.entitlement_count_by_kind.end() ? 0 : static_cast<int64_t>(count->second),
         total->second});
  }
  report.undecided = static_cast<int64_t>(summary.undecided_count);
  return WriteFileAtomically(out.Path("report.html"), report::RenderNightReportHtml(report));
}

}  // namespace safetynet::people
