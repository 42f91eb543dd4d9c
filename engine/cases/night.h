// One night of dynamic monitoring, computed in memory (docs/monitoring.md
// sections 2-4): tonight's findings against the cases open before tonight
// make cases open, escalate, continue, close and reopen; tonight's
// dispositions are checked and recorded; snoozes and the worklist follow.
// The store (engine/cases/case_store.h) loads the state before the night
// and saves the result; nothing here touches a database or a file.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cases/case.h"

namespace safetynet::cases {

// A row of dispositions.csv as read (engine/cases/dispositions_file.h):
// the text of its fields, or why the row could not be read at all.
struct DispositionRow {
  int64_t line = 0;  // physical line in the file, the header being 1
  std::string case_id, date, action, worker;
  std::string unreadable;  // non-empty: the row is not CSV or has the wrong number of fields
  bool posted = false;     // posted to the live service (`line`: its posting number), not a file's
};

// What the store knew after the night before this one.
struct StateBeforeNight {
  Days last_night = kNoDate;  // the last night processed before this one; kNoDate: none
  int64_t ordinal = 1;        // this night's ordinal: the number of nights stored before it + 1
  std::vector<Case> open;     // every case open after last_night, with its dispositions
  // For each key, its latest case closed on or after (this night -
  // monitor.reopen_days): the cases a finding may reopen.
  std::vector<Case> recently_closed;
  // This night was the store's last and is run again (section 2.1): the
  // store before it was restored, and the dispositions recorded with it then
  // (`replaced_dispositions`) dropped for this run's.
  bool again = false;
  size_t replaced_dispositions = 0;
  // The dispositions posted to the live service since the nights before
  // (docs/api.md "Dispositions"), dated on or before this night, in posting
  // order: `line` is the posting number, `posted` is set. ProcessNight
  // checks them after the file's.
  std::vector<DispositionRow> posted;
  // The open cases (store numbers, sorted) the live service opened or
  // changed after tonight's data was made: tonight's data cannot hold the
  // signal that fired them, so their latest live values stand for tonight's
  // finding when tonight's data gives none (docs/cases.md "Between nights").
  std::vector<int64_t> live_after_data;
};

// A case closed before tonight that a disposition names: when it was open
// and the (date, action) of its dispositions so far.
struct EarlierCase {
  int64_t number = 0;  // the store's row number
  Days opened = kNoDate, closed = kNoDate;
  std::vector<std::pair<Days, Action>> recorded;
};

struct RejectedDisposition {
  int64_t line = 0;     // the row's `line`
  bool posted = false;  // the row's `posted`
  std::string reason;   // a code (BAD_ROW, BAD_DATE, FUTURE_DATE, UNKNOWN_ACTION,
                        // UNKNOWN_CASE, CASE_NOT_OPEN), a colon, and why in words
};

struct NightInput {
  Days night = kNoDate;
  MonitorParams params;  // in force on `night`
  // Tonight's findings, any order; a key found twice keeps its most severe
  // finding (the first of equals).
  std::vector<Finding> findings;
  std::vector<DispositionRow> dispositions;  // in file order
  // Whether the subject is in tonight's data (for SUBJECT_GONE).
  std::function<bool(std::string_view kind, std::string_view id)> subject_present;
  // A case closed before tonight, by case_id; nullopt if the store has none.
  std::function<std::optional<EarlierCase>(std::string_view case_id)> earlier_case;
};

// A case as it stands after the night.
struct CaseTonight {
  Case c;
  CaseStatus status = CaseStatus::kOngoing;
  bool fired = false;                   // tonight's findings hold its key
  bool stored_columns_changed = false;  // closed, escalated or moved tonight (a stored case)
  bool moved = false;                   // a stored case whose household or place changed tonight
  int64_t nights_fired = 0;
  Days snoozed_until = kNoDate;
  bool on_worklist = false;
  int last_action = -1;  // index into c.dispositions of the last one (section 3); -1 if none
};

struct NightResult {
  Days night = kNoDate;
  int64_t ordinal = 0;
  // Every case open after the night or closed on it, by rule id then subject
  // id (byte order): the rows of cases.csv (section 5).
  std::vector<CaseTonight> cases;
  std::vector<uint32_t> worklist;  // indexes into `cases`, in worklist order (section 4)
  // Tonight's accepted dispositions that are not repeats, in file order,
  // each with its case's store number (0 for a case opened tonight).
  std::vector<Disposition> accepted;
  size_t repeated_dispositions = 0;  // the same (case_id, date, action) again: counted once
  std::vector<RejectedDisposition> rejected;  // in file order
};

// The night `input.night` from `state` (the state after the night before
// it). The caller checks the order of nights (the store does).
NightResult ProcessNight(StateBeforeNight state, NightInput input);

// Between nights (docs/monitoring.md "Between nights", the live service):
// the findings of the subjects a signal touched, against their cases, on a
// live date after the store's last night.
struct LiveState {
  Days date = kNoDate;     // the live date: after the last night
  int64_t ordinal = 1;     // the next night's ordinal (the night that will see these cases)
  std::vector<Case> open;  // the subjects' open cases, with their latest severity, score, evidence
  // The subjects' cases closed on or after date - monitor.reopen_days.
  std::vector<Case> recently_closed;
};

// The live date (docs/cases.md "Between nights"): the service's `date`, or
// the day after the store's last night if that is later.
inline Days LiveDate(Days date, Days last_night) {
  return last_night == kNoDate || date > last_night ? date : last_night + 1;
}

// The status a case open after night `last_night` shows at the next night
// (docs/cases.md "Between nights", rule 5): NEW or REOPENED if it opened
// after that night (the live service opened it), ESCALATED if it escalated
// after it, else `otherwise` (the case's status from that night on).
CaseStatus StatusSinceLastNight(const Case& c, Days last_night, CaseStatus otherwise);

// A case opened or changed between nights. `c.number` is 0 for a new case.
struct LiveChange {
  Case c;
  CaseStatus status = CaseStatus::kNew;  // NEW, REOPENED, ESCALATED or ONGOING
  bool escalated = false;                // highest_severity and last_escalated changed
};

// The live changes of `findings` (all the findings of the subjects touched,
// any order): a key with no open case opens one on state.date, NEW or
// REOPENED as a night would (section 2); an open case whose finding is more
// severe than its highest escalates (ESCALATED); one whose severity, score,
// evidence or place differs is ONGOING with the new values; an unchanged
// one is left out. Nothing closes between nights: the next night decides.
// In key order. Pure.
std::vector<LiveChange> ProcessLive(LiveState state, std::vector<Finding> findings,
                                    const MonitorParams& params);

// Dispositions posted between nights (the live service, docs/api.md
// "Dispositions"), checked by the rules of section 3 as a night on `date`
// would check them: `find_case` gives any stored case (open or closed) by
// case_id, with the (date, action) of its dispositions recorded or posted
// so far; nullopt if none. Rejections carry the row's `line`. Pure.
struct DispositionCheck {
  std::vector<Disposition> accepted;  // in row order; `line` and `night` as the rows'
  std::vector<RejectedDisposition> rejected;
  size_t repeated = 0;  // already recorded or posted, or twice among the rows: counted once
};
DispositionCheck CheckDispositions(
    Days date, const std::vector<DispositionRow>& rows,
    const std::function<std::optional<EarlierCase>(std::string_view case_id)>& find_case);

// Section 3 for one case on `night`: its snoozed_until and last action
// from t.c.dispositions, and whether it is on the worklist (open and not
// snoozed).
void Snooze(CaseTonight& t, Days night, const MonitorParams& params);

// Section 4: the cases on the worklist (indexes into `cases`, which are in
// key order), by severity (HIGH first), then NEW/REOPENED/ESCALATED before
// ONGOING, then opened (oldest first), then key.
std::vector<uint32_t> WorklistOrder(const std::vector<CaseTonight>& cases);

// Whether a case in `result` is snoozed, by the rule of section 3:
// exposed for the tests of that rule. `latest_snoozing_date` is the date of
// the latest disposition with more than 0 snooze days (kNoDate if none).
bool Snoozed(Days night, Days snoozed_until, Days last_escalated, Days latest_snoozing_date);

}  // namespace safetynet::cases
