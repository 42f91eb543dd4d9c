#include "engine/cases/night.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "engine/common/text.h"

namespace safetynet::cases {
namespace {

// A key (section 1): the rule names the subject kind, so rule and subject id suffice.
std::string KeyOf(std::string_view rule_id, std::string_view subject_id) {
  return Cat(rule_id, ":", subject_id);
}

// Tonight's findings, one per key: the most severe, the first of equals.
std::vector<Finding> OnePerKey(std::vector<Finding> findings) {
  for (Finding& f : findings) f.subject_id = NormalisedSubjectId(f.subject_id);
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.rule_id, a.subject_id) < std::tie(b.rule_id, b.subject_id);
  });
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    if (!kept.empty() && kept.back().rule_id == f.rule_id && kept.back().subject_id == f.subject_id) {
      if (f.severity > kept.back().severity) kept.back() = std::move(f);
    } else {
      kept.push_back(std::move(f));
    }
  }
  return kept;
}

void TakeFinding(Case& c, Finding& f) {
  c.severity = f.severity;
  c.score = std::move(f.score);
  c.evidence = std::move(f.evidence);
}

// Whether the finding moves the case's household or place (stored columns).
bool Moved(const Case& c, const Finding& f) {
  return c.household_id != f.household_id || c.district != f.district || c.town != f.town ||
         c.village != f.village;
}

void TakePlace(Case& c, Finding& f) {
  c.household_id = std::move(f.household_id);
  c.district = std::move(f.district);
  c.town = std::move(f.town);
  c.village = std::move(f.village);
}

// Orders dispositions as "latest": by date, then the later row (night, line).
bool Earlier(const Disposition& a, const Disposition& b) {
  return std::tie(a.date, a.night, a.line) < std::tie(b.date, b.night, b.line);
}

RejectedDisposition Reject(const DispositionRow& row, std::string_view code, std::string why) {
  return {row.line, Cat(code, ": ", why)};
}

// Checks one row against the cases (section 3); on success, the disposition.
// `tonight` finds a case open before or on tonight by case_id.
struct Checked {
  std::optional<Disposition> accepted;
  std::optional<RejectedDisposition> rejected;
  bool repeated = false;
};

Checked Check(const DispositionRow& row, const NightInput& input,
              const absl::flat_hash_map<std::string, CaseTonight*>& tonight,
              absl::flat_hash_set<std::string>& accepted_tonight) {
  Checked out;
  if (!row.unreadable.empty() || row.case_id.empty() || row.worker.empty()) {
    out.rejected = Reject(row, "BAD_ROW",
                          !row.unreadable.empty() ? row.unreadable
                          : row.case_id.empty()   ? std::string("case_id is empty")
                                                  : std::string("worker is empty"));
    return out;
  }
  const std::optional<Days> date = ParseIsoDate(row.date);
  if (!date) {
    out.rejected = Reject(row, "BAD_DATE", Cat("'", row.date, "' is not a date (YYYY-MM-DD)"));
    return out;
  }
  if (*date > input.night) {
    out.rejected = Reject(row, "FUTURE_DATE",
                          Cat(row.date, " is after the night ", FormatIsoDate(input.night)));
    return out;
  }
  const std::optional<Action> action = ParseAction(row.action);
  if (!action) {
    out.rejected = Reject(row, "UNKNOWN_ACTION",
                          Cat("'", row.action,
                              "' is not ACKNOWLEDGED, VISITED, ASSISTANCE_STARTED or "
                              "NO_ACTION_NEEDED"));
    return out;
  }
  Days opened, closed;
  std::vector<std::pair<Days, Action>> recorded;
  int64_t number = 0;
  CaseTonight* here = nullptr;
  if (auto it = tonight.find(row.case_id); it != tonight.end()) {
    here = it->second;
    opened = here->c.opened;
    closed = here->c.closed;
    number = here->c.number;
    for (const Disposition& d : here->c.dispositions) recorded.emplace_back(d.date, d.action);
  } else if (std::optional<EarlierCase> earlier =
                 input.earlier_case ? input.earlier_case(row.case_id) : std::nullopt) {
    opened = earlier->opened;
    closed = earlier->closed;
    number = earlier->number;
    recorded = std::move(earlier->recorded);
  } else {
    out.rejected = Reject(row, "UNKNOWN_CASE", Cat("no case ", row.case_id, " in the store"));
    return out;
  }
  if (*date < opened || (closed != kNoDate && *date >= closed)) {
    out.rejected =
        Reject(row, "CASE_NOT_OPEN",
               Cat("the case was open from ", FormatIsoDate(opened),
                   closed == kNoDate ? std::string() : Cat(" until ", FormatIsoDate(closed)),
                   ", not on ", row.date));
    return out;
  }
  std::string repeat_key = Cat(row.case_id, "|", *date, "|", static_cast<int>(*action));
  if (std::find(recorded.begin(), recorded.end(), std::make_pair(*date, *action)) !=
          recorded.end() ||
      !accepted_tonight.insert(std::move(repeat_key)).second) {
    out.repeated = true;
    return out;
  }
  Disposition d{row.case_id, *date, *action, row.worker, input.night, row.line, number};
  if (here != nullptr) here->c.dispositions.push_back(d);
  out.accepted = std::move(d);
  return out;
}

// Section 3: snoozed_until, the last action, and the latest snoozing date.
void Snooze(CaseTonight& t, const NightInput& input) {
  Days until = kNoDate, latest_snoozing = kNoDate;
  const Disposition* latest_snoozing_row = nullptr;
  for (size_t i = 0; i < t.c.dispositions.size(); ++i) {
    const Disposition& d = t.c.dispositions[i];
    if (t.last_action < 0 || Earlier(t.c.dispositions[t.last_action], d))
      t.last_action = static_cast<int>(i);
    const int64_t days = input.params.SnoozeDays(d.action);
    if (days <= 0) continue;
    until = std::max<Days>(until, static_cast<Days>(d.date + days));
    if (latest_snoozing_row == nullptr || Earlier(*latest_snoozing_row, d)) latest_snoozing_row = &d;
  }
  if (latest_snoozing_row != nullptr) latest_snoozing = latest_snoozing_row->date;
  t.snoozed_until = until;
  t.on_worklist = t.c.closed == kNoDate &&
                  !Snoozed(input.night, until, t.c.last_escalated, latest_snoozing);
}

// Section 4: severity (HIGH first), then NEW/REOPENED/ESCALATED before
// ONGOING, then opened (oldest first), rule id, subject id.
std::vector<uint32_t> Worklist(const std::vector<CaseTonight>& cases) {
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < cases.size(); ++i) {
    if (cases[i].on_worklist) order.push_back(i);
  }
  auto key = [&](uint32_t i) {
    const CaseTonight& t = cases[i];
    return std::make_tuple(-static_cast<int>(t.c.severity), t.status == CaseStatus::kOngoing,
                           t.c.opened, std::string_view(t.c.rule_id),
                           std::string_view(t.c.subject_id));
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  return order;
}

}  // namespace

bool Snoozed(Days night, Days snoozed_until, Days last_escalated, Days latest_snoozing_date) {
  if (snoozed_until == kNoDate || night >= snoozed_until) return false;
  return !(last_escalated != kNoDate && last_escalated > latest_snoozing_date);
}

NightResult ProcessNight(StateBeforeNight state, NightInput input) {
  NightResult result;
  result.night = input.night;
  result.ordinal = state.ordinal;
  const Days night = input.night;

  absl::flat_hash_map<std::string, size_t> open_by_key;
  for (size_t i = 0; i < state.open.size(); ++i)
    open_by_key[KeyOf(state.open[i].rule_id, state.open[i].subject_id)] = i;
  absl::flat_hash_map<std::string, const Case*> closed_by_key;
  for (const Case& c : state.recently_closed) {
    const Case*& latest = closed_by_key[KeyOf(c.rule_id, c.subject_id)];
    if (latest == nullptr || latest->closed < c.closed) latest = &c;
  }

  // Step 2: each key that fires.
  std::vector<bool> fired(state.open.size(), false);
  result.cases.reserve(state.open.size() + input.findings.size() / 8);
  for (Finding& f : OnePerKey(std::move(input.findings))) {
    CaseTonight t;
    t.fired = true;
    const std::string key = KeyOf(f.rule_id, f.subject_id);
    if (auto open = open_by_key.find(key); open != open_by_key.end()) {
      fired[open->second] = true;
      t.c = std::move(state.open[open->second]);
      if (f.severity > t.c.highest_severity) {
        t.status = CaseStatus::kEscalated;
        t.c.highest_severity = f.severity;
        t.c.last_escalated = night;
        t.stored_columns_changed = true;
      } else {
        t.status = CaseStatus::kOngoing;
      }
      if (Moved(t.c, f)) t.stored_columns_changed = true;
    } else {
      t.c.rule_id = f.rule_id;
      t.c.subject_kind = f.subject_kind;
      t.c.subject_id = f.subject_id;
      t.c.opened = night;
      t.c.opened_night = state.ordinal;
      t.c.case_id = CaseId(f.rule_id, f.subject_id, night);
      t.c.highest_severity = f.severity;
      t.status = CaseStatus::kNew;
      if (auto closed = closed_by_key.find(key); closed != closed_by_key.end() &&
                                                 closed->second->closed < night &&
                                                 night - closed->second->closed <=
                                                     input.params.reopen_days) {
        t.status = CaseStatus::kReopened;
        t.c.previous_case = closed->second->case_id;
      }
    }
    TakeFinding(t.c, f);
    TakePlace(t.c, f);
    t.nights_fired = state.ordinal - t.c.opened_night + 1;
    result.cases.push_back(std::move(t));
  }

  // Step 3: each open case whose key does not fire closes.
  for (size_t i = 0; i < state.open.size(); ++i) {
    if (fired[i]) continue;
    CaseTonight t;
    t.c = std::move(state.open[i]);
    t.c.closed = night;
    t.c.close_reason = input.subject_present &&
                               input.subject_present(t.c.subject_kind, t.c.subject_id)
                           ? CloseReason::kCleared
                           : CloseReason::kSubjectGone;
    t.status = CaseStatus::kResolved;
    t.stored_columns_changed = true;
    t.nights_fired = state.ordinal - t.c.opened_night;
    result.cases.push_back(std::move(t));
  }
  std::sort(result.cases.begin(), result.cases.end(),
            [](const CaseTonight& a, const CaseTonight& b) {
              return std::tie(a.c.rule_id, a.c.subject_id) < std::tie(b.c.rule_id, b.c.subject_id);
            });

  // Dispositions, after steps 2 and 3, in file order.
  absl::flat_hash_map<std::string, CaseTonight*> by_case_id;
  for (CaseTonight& t : result.cases) by_case_id[t.c.case_id] = &t;
  absl::flat_hash_set<std::string> accepted_tonight;
  for (const DispositionRow& row : input.dispositions) {
    Checked checked = Check(row, input, by_case_id, accepted_tonight);
    if (checked.rejected) result.rejected.push_back(std::move(*checked.rejected));
    if (checked.accepted) result.accepted.push_back(std::move(*checked.accepted));
    result.repeated_dispositions += checked.repeated;
  }

  for (CaseTonight& t : result.cases) Snooze(t, input);
  result.worklist = Worklist(result.cases);
  return result;
}

}  // namespace safetynet::cases
