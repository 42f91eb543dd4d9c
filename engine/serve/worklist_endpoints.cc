// The Service's endpoints for caseworkers and directors (docs/api.md
// "Dispositions", "Worklist", "Report"): dispositions posted and kept for
// the next night, the worklist now, the nights' counts.
#include <charconv>

#include "engine/cases/store_night.h"
#include "engine/common/text.h"
#include "engine/lang/source.h"
#include "engine/serve/case_messages.h"
#include "engine/serve/json_mapping.h"
#include "engine/serve/query_check.h"
#include "engine/serve/service.h"

namespace safetynet::serve {
namespace {

// A whole number 0..max from the query, `fallback` if absent; nullopt if
// it is given twice or is not such a number.
std::optional<int64_t> QueryCount(const HttpRequest& request, std::string_view key,
                                  int64_t fallback, int64_t max) {
  int count = 0;
  const std::string text = request.QueryValue(key, &count);
  if (count == 0) return fallback;
  int64_t n = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (count != 1 || error != std::errc() || end != text.data() + text.size() || n < 0 || n > max)
    return std::nullopt;
  return n;
}

}  // namespace

std::string Service::TownNote(std::string_view town) {
  std::vector<std::string_view> towns;
  std::shared_lock lock(data_mutex_);
  const Dataset& data = live_->snapshot();
  for (size_t row = 0; row < data.households.size(); ++row)
    towns.push_back(data.households.town[row]);
  for (size_t row = 0; row < data.elderly.size(); ++row) towns.push_back(data.elderly.town[row]);
  std::sort(towns.begin(), towns.end());
  towns.erase(std::unique(towns.begin(), towns.end()), towns.end());
  if (std::binary_search(towns.begin(), towns.end(), town)) return "no open case in this town";
  std::string holding;
  int shown = 0;
  for (std::string_view name : towns) {
    if (name.find(town) == std::string_view::npos || ++shown > 5) continue;
    holding += Cat(shown == 1 ? "" : ", ", name);
  }
  if (!holding.empty()) {
    return Cat("no town of that name in the data; towns whose name holds it: ", holding,
               shown > 5 ? ", ..." : "");
  }
  return Cat("no town of that name in the data", lang::DidYouMean(town, towns),
             " (the name as the data spell it)");
}

HttpResponse Service::Dispositions(const HttpRequest& request) {
  api::DispositionsRequest body;
  if (absl::Status read = ReadJson(request.body, body); !read.ok()) {
    return ErrorAnswer(400, "BAD_JSON", std::string(read.message()));
  }
  if (body.dispositions_size() == 0) {
    return ErrorAnswer(400, "BAD_REQUEST", "no dispositions: give {\"dispositions\": [ ... ]}");
  }
  if (body.dispositions_size() > options_.max_signals) {
    return ErrorAnswer(413, "TOO_MANY_DISPOSITIONS",
                       Cat(body.dispositions_size(), " dispositions in one request; at most ",
                           options_.max_signals, ": send them in several"));
  }
  const std::vector<cases::DispositionRow> rows = DispositionRowsOf(body);
  api::DispositionsResponse response;
  Days date = kNoDate;
  {
    std::lock_guard lock(store_mutex_);
    absl::StatusOr<Days> last = store_->LastNight();
    if (!last.ok()) return StoreUnavailable(last.status());
    // Checked on the live date, the date cases open on between nights.
    date = cases::LiveDate(Today(), *last);
    absl::StatusOr<cases::DispositionCheck> checked = store_->PostDispositions(rows, date);
    if (!checked.ok()) return StoreUnavailable(checked.status());
    response.set_accepted(static_cast<int32_t>(checked->accepted.size()));
    response.set_repeated(static_cast<int32_t>(checked->repeated));
    for (const cases::RejectedDisposition& r : checked->rejected) {
      api::RejectedDisposition& out = *response.add_rejected();
      out.set_index(static_cast<int32_t>(r.line));
      // "CODE: why" (engine/cases/night.h)
      const size_t colon = r.reason.find(": ");
      out.set_kind(r.reason.substr(0, colon));
      out.set_reason(colon == std::string::npos ? r.reason : r.reason.substr(colon + 2));
    }
    if (*last != kNoDate) response.set_last_night(FormatIsoDate(*last));
  }
  response.set_date(FormatIsoDate(date));
  return JsonAnswer(response, response.rejected().empty() ? 200 : 422);
}

HttpResponse Service::Worklist(const HttpRequest& request) {
  if (auto unknown = UnknownQueryKey(request, {"town", "offset", "limit"})) return *unknown;
  int towns = 0;
  const std::string town(TrimBlanks(request.QueryValue("town", &towns)));
  if (towns > 1 || (towns == 1 && town.empty()))
    return ErrorAnswer(400, "BAD_REQUEST", "town: give one town's name, not empty");
  const std::optional<int64_t> offset = QueryCount(request, "offset", 0, 1'000'000'000);
  if (!offset) return ErrorAnswer(400, "BAD_REQUEST", "offset: give one whole number, 0 or more");
  const std::optional<int64_t> limit = QueryCount(request, "limit", 1000, 100'000);
  if (!limit) {
    return ErrorAnswer(400, "BAD_REQUEST",
                       "limit: give one whole number from 0 to 100000 (1000 if not given)");
  }
  api::WorklistResponse response;
  std::lock_guard lock(store_mutex_);
  absl::StatusOr<Days> last = store_->LastNight();
  if (!last.ok()) return StoreUnavailable(last.status());
  // Judged on the live date: the service's date, or the day after the last night.
  const Days date = cases::LiveDate(Today(), *last);
  absl::StatusOr<cases::MonitorParams> params = cases::ReadMonitorParams(*program_, date);
  if (!params.ok()) return ErrorAnswer(500, "INTERNAL", std::string(params.status().message()));
  absl::StatusOr<cases::CaseStore::WorklistNow> now = store_->Worklist(date, town, *params);
  if (!now.ok()) return StoreUnavailable(now.status());
  response.set_date(FormatIsoDate(date));
  response.set_last_night(FormatIsoDate(now->last_night));
  response.set_open_cases(static_cast<int32_t>(now->cases.size()));
  response.set_on_worklist(static_cast<int32_t>(now->worklist.size()));
  response.set_offset(static_cast<int32_t>(*offset));
  response.set_dispositions_waiting(static_cast<int32_t>(now->posted_waiting));
  for (size_t i = static_cast<size_t>(*offset);
       i < now->worklist.size() && i < static_cast<size_t>(*offset + *limit); ++i) {
    const cases::CaseTonight& t = now->cases[now->worklist[i]];
    api::CaseRecord& r = *response.add_cases() =
        CaseRecordOf(t.c, *program_, now->last_night, date);
    r.set_status(std::string(cases::StatusName(t.status)));
    if (t.snoozed_until != kNoDate) r.set_snoozed_until(FormatIsoDate(t.snoozed_until));
  }
  if (!town.empty() && now->cases.empty()) response.set_note(TownNote(town));
  return JsonAnswer(response);
}

HttpResponse Service::Report(const HttpRequest&) {
  api::ReportResponse response;
  std::lock_guard lock(store_mutex_);
  absl::StatusOr<std::vector<cases::StoredNight>> nights = store_->RecentNights(30);
  if (!nights.ok()) return StoreUnavailable(nights.status());
  for (const cases::StoredNight& night : *nights) {
    api::NightCounts& counts = *response.add_nights();
    // The counts were written by NightCountsJson (engine/cases/case_outputs.h),
    // which NightCounts declares; a store's older counts may have less.
    if (!ReadJson(night.counts_json, counts).ok()) counts.Clear();
    counts.set_night(FormatIsoDate(night.night));
  }
  if (!nights->empty()) response.set_last_night(FormatIsoDate(nights->front().night));
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> live =
      store_->LiveChangesSinceLastNight();
  if (!live.ok()) return StoreUnavailable(live.status());
  for (const auto& [status, count] : *live)
    (*response.mutable_live_since_last_night())[status] = static_cast<int32_t>(count);
  absl::StatusOr<int64_t> waiting = store_->PostedWaiting();
  if (!waiting.ok()) return StoreUnavailable(waiting.status());
  response.set_dispositions_waiting(static_cast<int32_t>(*waiting));
  return JsonAnswer(response);
}

}  // namespace safetynet::serve
