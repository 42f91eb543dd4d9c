// The case store's part for the live service between nights
// (engine/cases/case_store.h): dispositions posted and kept for the next
// night, the worklist now, the live changes since the last night.
#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "engine/cases/case_store.h"
#include "engine/cases/store_rows.h"
#include "engine/common/status.h"
#include "engine/common/text.h"

namespace safetynet::cases {

absl::StatusOr<DispositionCheck> CaseStore::PostDispositions(
    const std::vector<DispositionRow>& rows, Days date) {
  AbandonNight();
  SAFETYNET_RETURN_IF_ERROR(db_->Begin());
  in_live_ = true;  // AbandonNight rolls back
  lookup_error_ = absl::OkStatus();
  auto fail = [&](absl::Status status) {
    AbandonNight();
    return status;
  };
  // A case by case_id, with its dispositions recorded by the nights and
  // those posted since that no night has taken yet.
  auto find_case = [&](std::string_view case_id) -> std::optional<EarlierCase> {
    std::optional<EarlierCase> found = FindEarlierCase(case_id);
    if (!found) return found;
    absl::Status status = db_->Query(
        "SELECT date, action FROM posted_dispositions WHERE case_id = $1 AND night IS NULL",
        {std::string(case_id)}, [&](const SqlRow& row) {
          found->recorded.emplace_back(DateOf(row, 0),
                                       ParseAction(row.Text(1)).value_or(Action::kAcknowledged));
        });
    if (!status.ok() && lookup_error_.ok()) lookup_error_ = status;
    return found;
  };
  DispositionCheck check = CheckDispositions(date, rows, find_case);
  if (!lookup_error_.ok()) return fail(lookup_error_);
  std::vector<std::vector<SqlValue>> inserted;
  const std::string posted_at = Now();
  for (const Disposition& d : check.accepted) {
    inserted.push_back(
        {d.case_id, Date(d.date), std::string(ActionName(d.action)), d.worker, posted_at});
  }
  absl::Status status = db_->InsertRows(
      "posted_dispositions", {"case_id", "date", "action", "worker", "posted_at"}, inserted);
  if (!status.ok()) return fail(status);
  in_live_ = false;
  SAFETYNET_RETURN_IF_ERROR(db_->Commit());
  return check;
}

absl::StatusOr<CaseStore::WorklistNow> CaseStore::Worklist(Days date, std::string_view town,
                                                           const MonitorParams& params) {
  WorklistNow now;
  SAFETYNET_ASSIGN_OR_RETURN(now.last_night, LastNight());
  if (now.last_night == kNoDate) {
    return absl::FailedPreconditionError(
        Cat(Describe(), " has no night yet: run a night with --store first (`safetynet run`)"));
  }
  const Days last = now.last_night;
  std::vector<Case> open;
  std::vector<CaseStatus> statuses;
  SAFETYNET_RETURN_IF_ERROR(
      town.empty() ? LoadOpenCases("", {}, last, open, &statuses)
                   : LoadOpenCases("c.town = $1", {std::string(town)}, last, open, &statuses));
  // The posted dispositions count as if the next night had taken them.
  std::vector<Case*> pointers;
  for (Case& c : open) pointers.push_back(&c);
  SAFETYNET_ASSIGN_OR_RETURN(now.posted_waiting,
                             AddPostedDispositions(pointers, LiveDate(date, last)));
  std::vector<uint32_t> order(open.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(open[a].rule_id, open[a].subject_id) <
           std::tie(open[b].rule_id, open[b].subject_id);
  });
  now.cases.reserve(open.size());
  for (uint32_t i : order) {
    CaseTonight t;
    t.c = std::move(open[i]);
    t.status = StatusSinceLastNight(t.c, last, statuses[i]);  // as the next night will show it
    Snooze(t, date, params);
    now.cases.push_back(std::move(t));
  }
  now.worklist = WorklistOrder(now.cases);
  return now;
}

absl::StatusOr<std::vector<DispositionRow>> CaseStore::WaitingDispositions(Days up_to) {
  std::vector<DispositionRow> rows;
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      Cat("SELECT seq, case_id, date, action, worker FROM posted_dispositions WHERE night IS NULL",
          up_to == kNoDate ? "" : " AND date <= $1", " ORDER BY seq"),
      up_to == kNoDate ? std::vector<SqlValue>{} : std::vector<SqlValue>{Date(up_to)},
      [&](const SqlRow& row) {
        DispositionRow& posted = rows.emplace_back();
        posted.line = NumberOf(row, 0);
        posted.case_id = row.Text(1);
        posted.date = row.Text(2);
        posted.action = row.Text(3);
        posted.worker = row.Text(4);
        posted.posted = true;
      }));
  return rows;
}

absl::StatusOr<size_t> CaseStore::AddPostedDispositions(std::span<Case* const> cases, Days night) {
  SAFETYNET_ASSIGN_OR_RETURN(const std::vector<DispositionRow> waiting,
                             WaitingDispositions(kNoDate));
  absl::flat_hash_map<std::string_view, Case*> by_id;
  for (Case* c : cases) by_id[c->case_id] = c;
  for (const DispositionRow& row : waiting) {
    auto it = by_id.find(row.case_id);
    if (it == by_id.end()) continue;
    // Kept by PostDispositions, so a date and an action as written there.
    Disposition d;
    d.case_id = row.case_id;
    d.date = ParseIsoDate(row.date).value_or(kNoDate);
    d.action = ParseAction(row.action).value_or(Action::kAcknowledged);
    d.worker = row.worker;
    d.night = night;
    d.line = row.line;
    d.case_number = it->second->number;
    d.posted = true;
    it->second->dispositions.push_back(std::move(d));
  }
  return waiting.size();
}

absl::StatusOr<int64_t> CaseStore::PostedWaiting() {
  int64_t waiting = 0;
  SAFETYNET_RETURN_IF_ERROR(
      db_->Query("SELECT COUNT(*) FROM posted_dispositions WHERE night IS NULL", {},
                 [&](const SqlRow& row) { waiting = NumberOf(row, 0); }));
  return waiting;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>>
CaseStore::LiveChangesSinceLastNight() {
  SAFETYNET_ASSIGN_OR_RETURN(const Days last, LastNight());
  std::map<std::string, int64_t> counts;
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      Cat("SELECT ", kCaseSelectColumns,
          " FROM cases c WHERE c.case_no IN (SELECT case_no FROM live_firings WHERE date > $1)"),
      {Date(last)}, [&](const SqlRow& row) {
        ++counts[std::string(
            StatusName(StatusSinceLastNight(CaseFrom(row), last, CaseStatus::kOngoing)))];
      }));
  return std::vector<std::pair<std::string, int64_t>>(counts.begin(), counts.end());
}

}  // namespace safetynet::cases
