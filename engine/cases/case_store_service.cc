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
  SAFETYNET_ASSIGN_OR_RETURN(now.posted_waiting, AddPostedDispositions(open, LiveDate(date, last)));
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
    // As the next night will show it (docs/monitoring.md "Between nights").
    if (t.c.opened > last) {
      t.status = t.c.previous_case.empty() ? CaseStatus::kNew : CaseStatus::kReopened;
    } else if (t.c.last_escalated != kNoDate && t.c.last_escalated > last) {
      t.status = CaseStatus::kEscalated;
    } else {
      t.status = statuses[i];
    }
    Snooze(t, date, params);
    now.cases.push_back(std::move(t));
  }
  now.worklist = WorklistOrder(now.cases);
  return now;
}

absl::StatusOr<size_t> CaseStore::AddPostedDispositions(std::vector<Case>& cases, Days night) {
  absl::flat_hash_map<std::string_view, size_t> by_id;
  for (size_t i = 0; i < cases.size(); ++i) by_id[cases[i].case_id] = i;
  size_t waiting = 0;
  SAFETYNET_RETURN_IF_ERROR(db_->Query(
      "SELECT seq, case_id, date, action, worker FROM posted_dispositions WHERE night IS NULL "
      "ORDER BY seq",
      {}, [&](const SqlRow& row) {
        ++waiting;
        auto it = by_id.find(row.Text(1));
        if (it == by_id.end()) return;
        Disposition d;
        d.case_id = row.Text(1);
        d.date = DateOf(row, 2);
        d.action = ParseAction(row.Text(3)).value_or(Action::kAcknowledged);
        d.worker = row.Text(4);
        d.night = night;
        d.line = NumberOf(row, 0);
        d.case_number = cases[it->second].number;
        d.posted = true;
        cases[it->second].dispositions.push_back(std::move(d));
      }));
  return waiting;
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
      "SELECT c.opened, c.previous_case, c.last_escalated FROM cases c WHERE c.case_no IN "
      "(SELECT case_no FROM live_firings WHERE date > $1)",
      {Date(last)}, [&](const SqlRow& row) {
        const CaseStatus status =
            DateOf(row, 0) > last ? (row.Text(1).empty() ? CaseStatus::kNew : CaseStatus::kReopened)
            : DateOf(row, 2) != kNoDate && DateOf(row, 2) > last ? CaseStatus::kEscalated
                                                                 : CaseStatus::kOngoing;
        ++counts[std::string(StatusName(status))];
      }));
  return std::vector<std::pair<std::string, int64_t>>(counts.begin(), counts.end());
}

}  // namespace safetynet::cases
