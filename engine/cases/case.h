// The vocabulary of dynamic monitoring (docs/monitoring.md): a night's
// findings, the cases that follow them across nights, caseworkers'
// dispositions, and the monitor.* parameters. Plain values; no behaviour
// beyond naming and parsing the codes. Thread-safe (immutable constants).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/date.h"

namespace safetynet::cases {

// LOW < MEDIUM < HIGH (section 1), as alerts write them.
enum class Severity : int8_t { kLow = 0, kMedium = 1, kHigh = 2 };
std::string_view SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view text);

// A case's status on a night (sections 2 and 4).
enum class CaseStatus : int8_t { kNew, kReopened, kEscalated, kOngoing, kResolved };
std::string_view StatusName(CaseStatus status);
std::optional<CaseStatus> ParseStatus(std::string_view text);

enum class CloseReason : int8_t { kNone, kCleared, kSubjectGone };
std::string_view CloseReasonName(CloseReason reason);  // "" for kNone
std::optional<CloseReason> ParseCloseReason(std::string_view text);

// A caseworker's disposition (section 3).
enum class Action : int8_t { kAcknowledged, kVisited, kAssistanceStarted, kNoActionNeeded };
std::string_view ActionName(Action action);
std::optional<Action> ParseAction(std::string_view text);

// The monitor.* parameters in force on a night (section 6), in days.
struct MonitorParams {
  int64_t reopen_days = 30;
  int64_t snooze_days[4] = {0, 30, 60, 90};  // by Action
  int64_t SnoozeDays(Action action) const { return snooze_days[static_cast<int>(action)]; }
};

// One alert of one night (section 1), with where its subject lives. Ids
// are as the data hold them, never masked.
struct Finding {
  std::string rule_id;
  std::string subject_kind;  // HOUSEHOLD, PERSON, ELDERLY
  std::string subject_id;
  Severity severity = Severity::kLow;
  std::string score;  // as alerts.csv writes it; "" when the rule has none
  std::string evidence;
  std::string household_id, district, town, village;
};

// A disposition row as recorded (section 3). `night` is the night it came
// with and `line` its line in that night's file: together they order rows
// recorded on the same date ("the later row").
struct Disposition {
  std::string case_id;
  Days date = kNoDate;
  Action action = Action::kAcknowledged;
  std::string worker;
  Days night = kNoDate;
  int64_t line = 0;
  int64_t case_number = 0;  // the store's row number of the case; 0 until it has one
  // Posted to the live service and waiting for the next night (`night` is
  // then the earliest night that may take it, `line` its posting number).
  bool posted = false;
};

// A case: one key (rule id, subject kind, subject id) from the night its
// finding first fired to the night it stopped (section 1).
struct Case {
  int64_t number = 0;   // the store's row number; 0 for a case opened tonight, not yet stored
  std::string case_id;  // RULE_ID:SUBJECT_ID:YYYYMMDD
  std::string rule_id, subject_kind, subject_id;
  Days opened = kNoDate;
  int64_t opened_night = 0;  // the ordinal of the night it opened (1 = the store's first night)
  Days closed = kNoDate;
  CloseReason close_reason = CloseReason::kNone;
  Severity severity = Severity::kLow;  // the last firing night's
  Severity highest_severity = Severity::kLow;
  Days last_escalated = kNoDate;  // the latest night it became ESCALATED
  std::string previous_case;      // for a reopened case, the case it reopens
  std::string score, evidence;    // the last firing night's
  std::string household_id, district, town, village;
  std::vector<Disposition> dispositions;  // in recorded order (night, line)
};

// "RULE_ID:SUBJECT_ID:YYYYMMDD" (section 1).
std::string CaseId(std::string_view rule_id, std::string_view subject_id, Days opened);

// A subject id normalised as the spec keys it, in place: a check character
// `x` is `X`.
void NormaliseSubjectId(std::string& id);

}  // namespace safetynet::cases
