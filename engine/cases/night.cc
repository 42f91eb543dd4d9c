#include "engine/cases/night.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "engine/common/text.h"
#include "engine/common/utf8.h"

namespace safetynet::cases {
namespace {

// Keys (section 1) in order: the rule names the subject kind, so rule id
// and subject id suffice.
template <typename A, typename B>
int CompareKeys(const A& a, const B& b) {
  if (int c = a.rule_id.compare(b.rule_id); c != 0) return c;
  return a.subject_id.compare(b.subject_id);
}
template <typename A, typename B>
bool KeyLess(const A& a, const B& b) {
  return CompareKeys(a, b) < 0;
}

// `items` in key order (a stable sort, skipped when they already are: the
// alerts come in that order).
template <typename T>
void SortByKey(std::vector<T>& items) {
  if (std::is_sorted(items.begin(), items.end(), KeyLess<T, T>)) return;
  std::vector<uint32_t> order(items.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return KeyLess(items[a], items[b]); });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (uint32_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

// Tonight's findings in key order, one per key: the most severe, the first of equals.
std::vector<Finding> OnePerKey(std::vector<Finding> findings) {
  for (Finding& f : findings) NormaliseSubjectId(f.subject_id);
  SortByKey(findings);
  size_t kept = 0;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (kept > 0 && CompareKeys(findings[kept - 1], findings[i]) == 0) {
      if (findings[i].severity > findings[kept - 1].severity)
        findings[kept - 1] = std::move(findings[i]);
    } else if (kept != i) {
      findings[kept++] = std::move(findings[i]);
    } else {
      ++kept;
    }
  }
  findings.resize(kept);
  return findings;
}

// Sets the case's values to the finding's.
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

// The case a finding opens on `night`, the `ordinal`th night (section 2).
Case OpenedCase(const Finding& finding, Days night, int64_t ordinal) {
  Case c;
  c.rule_id = finding.rule_id;
  c.subject_kind = finding.subject_kind;
  c.subject_id = finding.subject_id;
  c.opened = night;
  c.opened_night = ordinal;
  c.case_id = CaseId(finding.rule_id, finding.subject_id, night);
  c.highest_severity = finding.severity;
  return c;
}

// The key's latest closed case in `recently_closed` (sorted by key, then
// closing night) if it closed within monitor.reopen_days before `night`:
// the case a new one reopens (section 2); else null.
const Case* Reopens(const std::vector<Case>& recently_closed, const Finding& finding, Days night,
                    const MonitorParams& params) {
  auto after = std::upper_bound(recently_closed.begin(), recently_closed.end(), finding,
                                [](const Finding& key, const Case& c) { return KeyLess(key, c); });
  if (after == recently_closed.begin()) return nullptr;
  const Case& closed = *std::prev(after);
  if (CompareKeys(closed, finding) == 0 && closed.closed < night &&
      night - closed.closed <= params.reopen_days) {
    return &closed;
  }
  return nullptr;
}

// Sorts cases by key, then closing night (the latest of a key last).
void SortClosed(std::vector<Case>& cases) {
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) {
    const int c = CompareKeys(a, b);
    return c != 0 ? c < 0 : a.closed < b.closed;
  });
}

// Orders dispositions as "latest": by date, then the later row (night, line).
bool Earlier(const Disposition& a, const Disposition& b) {
  return std::tie(a.date, a.night, a.line) < std::tie(b.date, b.night, b.line);
}

// What is wrong with a worker as written ("" if nothing): a name or an id
// people read in lists, so clean UTF-8 without control characters and of a
// name's length.
std::string WorkerProblem(std::string_view worker) {
  constexpr size_t kMaxWorkerBytes = 300;  // 100 Chinese characters
  if (worker.size() > kMaxWorkerBytes) {
    return Cat("worker is ", worker.size(), " bytes long; at most ", kMaxWorkerBytes,
               " (100 Chinese characters): give a name or an id");
  }
  if (!IsCleanUtf8(worker)) return "worker is not UTF-8 text";
  for (size_t at = 0; at < worker.size();) {
    const std::optional<char32_t> c = NextCodePoint(worker, at);
    if (c && IsControlOrInvisible(*c))
      return "worker holds a control or invisible character (a line break, a tab, ...)";
  }
  return "";
}

RejectedDisposition Reject(const DispositionRow& row, std::string_view code, std::string why) {
  return {row.line, row.posted, Cat(code, ": ", why)};
}

// Checks one row against the cases (section 3); on success, the disposition.
// `tonight` finds a case open before or on tonight by case_id.
struct Checked {
  std::optional<Disposition> accepted;
  std::optional<RejectedDisposition> rejected;
  bool repeated = false;
};

// The case of tonight's (in key order) that `case_id` names, or null.
CaseTonight* TonightsCase(std::vector<CaseTonight>& cases, const std::string& case_id) {
  // RULE_ID:SUBJECT_ID:YYYYMMDD: the rule id is up to the first colon, the
  // date after the last.
  const size_t first = case_id.find(':'), last = case_id.rfind(':');
  if (first == std::string::npos || last == first) return nullptr;
  struct Key {
    std::string_view rule_id, subject_id;
  } key{std::string_view(case_id).substr(0, first),
        std::string_view(case_id).substr(first + 1, last - first - 1)};
  auto it = std::lower_bound(cases.begin(), cases.end(), key,
                             [](const CaseTonight& t, const Key& k) { return KeyLess(t.c, k); });
  if (it == cases.end() || it->c.case_id != case_id) return nullptr;
  return &*it;
}

// The row as the night reads it: a subject id's check character `x` as `X`
// in case_id (section 1), the action in capitals (as a spreadsheet may not
// keep them).
DispositionRow Normalised(DispositionRow row) {
  const size_t last = row.case_id.rfind(':');
  if (last != std::string::npos && last > 0 && row.case_id[last - 1] == 'x')
    row.case_id[last - 1] = 'X';
  for (char& c : row.action) c = absl::ascii_toupper(static_cast<unsigned char>(c));
  return row;
}

// `date_words` names input.night in a FUTURE_DATE reason ("the night").
Checked Check(const DispositionRow& written, const NightInput& input,
              std::vector<CaseTonight>& tonight, absl::flat_hash_set<std::string>& accepted_tonight,
              std::string_view date_words) {
  const DispositionRow row = Normalised(written);
  Checked out;
  if (!row.unreadable.empty() || row.case_id.empty() || row.worker.empty()) {
    out.rejected = Reject(row, "BAD_ROW",
                          !row.unreadable.empty() ? row.unreadable
                          : row.case_id.empty()   ? std::string("case_id is empty")
                                                  : std::string("worker is empty"));
    return out;
  }
  if (std::string why = WorkerProblem(row.worker); !why.empty()) {
    out.rejected = Reject(row, "BAD_ROW", std::move(why));
    return out;
  }
  const std::optional<Days> date = ParseIsoDate(row.date);
  if (!date) {
    out.rejected =
        Reject(row, "BAD_DATE",
               Cat("'", row.date, "' is not a date written YYYY-MM-DD (for example 2025-07-01)"));
    return out;
  }
  if (*date > input.night) {
    out.rejected = Reject(row, "FUTURE_DATE",
                          Cat(row.date, " is after ", date_words, " ", FormatIsoDate(input.night)));
    return out;
  }
  const std::optional<Action> action = ParseAction(row.action);
  if (!action) {
    out.rejected = Reject(row, "UNKNOWN_ACTION",
                          Cat("'", written.action,
                              "' is not one of ACKNOWLEDGED, VISITED, ASSISTANCE_STARTED, "
                              "NO_ACTION_NEEDED"));
    return out;
  }
  Days opened, closed;
  std::vector<std::pair<Days, Action>> recorded;
  int64_t number = 0;
  CaseTonight* here = nullptr;
  if (CaseTonight* found = TonightsCase(tonight, row.case_id); found != nullptr) {
    here = found;
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
    out.rejected = Reject(row, "UNKNOWN_CASE",
                          "no case with this case_id in the store: copy it from cases.csv or "
                          "worklist.csv");
    return out;
  }
  if (*date < opened) {
    out.rejected = Reject(row, "CASE_NOT_OPEN",
                          Cat("dated ", row.date, ", before the case opened on ",
                              FormatIsoDate(opened), ": it must be dated from then on"));
    return out;
  }
  if (closed != kNoDate && *date >= closed) {
    out.rejected =
        Reject(row, "CASE_NOT_OPEN",
               Cat("dated ", row.date, "; the case closed on ", FormatIsoDate(closed),
                   " (its alert stopped): it must be dated before ", FormatIsoDate(closed)));
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

// A case the live service opened or changed after tonight's data was made
// (state.live_after_data) and that tonight's data does not fire: its latest
// live values stand for tonight's finding, so that it is not closed for a
// signal the data could not hold yet (docs/cases.md "Between nights").
// `open` indexes the cases of tonight (in key order); `findings` is in key
// order, one per key, and stays so.
void TakeLiveFindings(const StateBeforeNight& state, const std::vector<uint32_t>& open,
                      std::vector<Finding>& findings) {
  if (state.live_after_data.empty()) return;
  const size_t before = findings.size();
  for (uint32_t i : open) {
    const Case& c = state.open[i];
    if (!std::binary_search(state.live_after_data.begin(), state.live_after_data.end(), c.number))
      continue;
    auto it = std::lower_bound(findings.begin(), findings.begin() + before, c,
                               [](const Finding& f, const Case& key) { return KeyLess(f, key); });
    if (it != findings.begin() + before && CompareKeys(*it, c) == 0) continue;
    findings.push_back({c.rule_id, c.subject_kind, c.subject_id, c.severity, c.score, c.evidence,
                        c.household_id, c.district, c.town, c.village});
  }
  if (findings.size() != before) SortByKey(findings);
}

}  // namespace

DispositionCheck CheckDispositions(
    Days date, const std::vector<DispositionRow>& rows,
    const std::function<std::optional<EarlierCase>(std::string_view case_id)>& find_case) {
  NightInput input;
  input.night = date;
  input.earlier_case = find_case;
  std::vector<CaseTonight> none;
  absl::flat_hash_set<std::string> accepted;
  DispositionCheck out;
  for (const DispositionRow& row : rows) {
    Checked checked = Check(row, input, none, accepted, "the service's date");
    if (checked.rejected) out.rejected.push_back(std::move(*checked.rejected));
    if (checked.accepted) out.accepted.push_back(std::move(*checked.accepted));
    out.repeated += checked.repeated;
  }
  return out;
}

void Snooze(CaseTonight& t, Days night, const MonitorParams& params) {
  Days until = kNoDate, latest_snoozing = kNoDate;
  const Disposition* latest_snoozing_row = nullptr;
  for (size_t i = 0; i < t.c.dispositions.size(); ++i) {
    const Disposition& d = t.c.dispositions[i];
    if (t.last_action < 0 || Earlier(t.c.dispositions[t.last_action], d))
      t.last_action = static_cast<int>(i);
    const int64_t days = params.SnoozeDays(d.action);
    if (days <= 0) continue;
    until = std::max<Days>(until, static_cast<Days>(d.date + days));
    if (latest_snoozing_row == nullptr || Earlier(*latest_snoozing_row, d))
      latest_snoozing_row = &d;
  }
  if (latest_snoozing_row != nullptr) latest_snoozing = latest_snoozing_row->date;
  t.snoozed_until = until;
  t.on_worklist =
      t.c.closed == kNoDate && !Snoozed(night, until, t.c.last_escalated, latest_snoozing);
}

std::vector<uint32_t> WorklistOrder(const std::vector<CaseTonight>& cases) {
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < cases.size(); ++i) {
    if (cases[i].on_worklist) order.push_back(i);
  }
  auto key = [&](uint32_t i) {
    const CaseTonight& t = cases[i];
    return std::make_tuple(-static_cast<int>(t.c.severity), t.status == CaseStatus::kOngoing,
                           t.c.opened, i);
  };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  return order;
}

CaseStatus StatusSinceLastNight(const Case& c, Days last_night, CaseStatus otherwise) {
  if (c.opened > last_night)
    return c.previous_case.empty() ? CaseStatus::kNew : CaseStatus::kReopened;
  if (c.last_escalated != kNoDate && c.last_escalated > last_night) return CaseStatus::kEscalated;
  return otherwise;
}

bool Snoozed(Days night, Days snoozed_until, Days last_escalated, Days latest_snoozing_date) {
  if (snoozed_until == kNoDate || night >= snoozed_until) return false;
  return !(last_escalated != kNoDate && last_escalated > latest_snoozing_date);
}

NightResult ProcessNight(StateBeforeNight state, NightInput input) {
  NightResult result;
  result.night = input.night;
  result.ordinal = state.ordinal;
  const Days night = input.night;

  // Tonight's findings and the open cases, both in key order, are merged:
  // a key in both continues its case (step 2), a finding alone opens one
  // (step 2), a case alone closes (step 3). The result is in key order.
  std::vector<Finding> findings = OnePerKey(std::move(input.findings));
  // The open cases in key order, by index (a case is not moved until it is
  // taken). A case the live service opened after tonight (its date ran
  // ahead of the nights) does not exist yet tonight: it is left as it is,
  // and tonight's finding of its key, if any, opens nothing (docs/cases.md
  // "Between nights").
  std::vector<uint32_t> open;
  std::vector<const Case*> later;
  for (uint32_t i = 0; i < state.open.size(); ++i) {
    if (state.open[i].opened > night) {
      later.push_back(&state.open[i]);
    } else {
      open.push_back(i);
    }
  }
  std::sort(open.begin(), open.end(),
            [&](uint32_t a, uint32_t b) { return KeyLess(state.open[a], state.open[b]); });
  if (!later.empty()) {
    std::sort(later.begin(), later.end(),
              [](const Case* a, const Case* b) { return KeyLess(*a, *b); });
    std::erase_if(findings, [&](const Finding& f) {
      auto it =
          std::lower_bound(later.begin(), later.end(), f,
                           [](const Case* c, const Finding& key) { return KeyLess(*c, key); });
      return it != later.end() && CompareKeys(**it, f) == 0;
    });
  }
  TakeLiveFindings(state, open, findings);
  SortClosed(state.recently_closed);
  result.cases.reserve(findings.size() + state.open.size() / 64);
  size_t f = 0, o = 0;
  while (f < findings.size() || o < open.size()) {
    const int order = f == findings.size() ? 1
                      : o == open.size()   ? -1
                                           : CompareKeys(findings[f], state.open[open[o]]);
    CaseTonight t;
    if (order > 0) {
      // Step 3: an open case whose key does not fire closes.
      t.c = std::move(state.open[open[o++]]);
      t.c.closed = night;
      t.c.close_reason =
          input.subject_present && input.subject_present(t.c.subject_kind, t.c.subject_id)
              ? CloseReason::kCleared
              : CloseReason::kSubjectGone;
      t.status = CaseStatus::kResolved;
      t.stored_columns_changed = true;
      t.nights_fired = state.ordinal - t.c.opened_night;
      result.cases.push_back(std::move(t));
      continue;
    }
    Finding& finding = findings[f++];
    t.fired = true;
    if (order == 0) {
      t.c = std::move(state.open[open[o++]]);
      if (finding.severity > t.c.highest_severity) {
        t.c.highest_severity = finding.severity;
        t.c.last_escalated = night;  // after the last night: ESCALATED below
        t.stored_columns_changed = true;
      }
      // A case the live service opened or escalated since the last night
      // shows that status tonight.
      t.status = StatusSinceLastNight(t.c, state.last_night, CaseStatus::kOngoing);
      t.moved = Moved(t.c, finding);
      if (t.moved) t.stored_columns_changed = true;
    } else {
      t.c = OpenedCase(finding, night, state.ordinal);
      t.status = CaseStatus::kNew;
      if (const Case* closed = Reopens(state.recently_closed, finding, night, input.params)) {
        t.status = CaseStatus::kReopened;
        t.c.previous_case = closed->case_id;
      }
    }
    TakeFinding(t.c, finding);
    TakePlace(t.c, finding);
    t.nights_fired = state.ordinal - t.c.opened_night + 1;
    result.cases.push_back(std::move(t));
  }

  // Dispositions, after steps 2 and 3, in file order, then those posted.
  absl::flat_hash_set<std::string> accepted_tonight;
  for (DispositionRow& row : state.posted) input.dispositions.push_back(std::move(row));
  for (const DispositionRow& row : input.dispositions) {
    Checked checked = Check(row, input, result.cases, accepted_tonight, "the night");
    if (checked.rejected) result.rejected.push_back(std::move(*checked.rejected));
    if (checked.accepted) result.accepted.push_back(std::move(*checked.accepted));
    result.repeated_dispositions += checked.repeated;
  }

  for (CaseTonight& t : result.cases) Snooze(t, input.night, input.params);
  result.worklist = WorklistOrder(result.cases);
  return result;
}

std::vector<LiveChange> ProcessLive(LiveState state, std::vector<Finding> findings,
                                    const MonitorParams& params) {
  findings = OnePerKey(std::move(findings));
  SortByKey(state.open);
  SortClosed(state.recently_closed);
  std::vector<LiveChange> changes;
  size_t o = 0;
  for (Finding& finding : findings) {
    while (o < state.open.size() && KeyLess(state.open[o], finding)) ++o;
    LiveChange change;
    if (o < state.open.size() && CompareKeys(state.open[o], finding) == 0) {
      Case& c = state.open[o];
      if (finding.severity > c.highest_severity) {
        change.status = CaseStatus::kEscalated;
        change.escalated = true;
        c.highest_severity = finding.severity;
        c.last_escalated = state.date;
      } else if (c.severity != finding.severity || c.score != finding.score ||
                 c.evidence != finding.evidence || Moved(c, finding)) {
        change.status = CaseStatus::kOngoing;
      } else {
        continue;
      }
      change.c = std::move(c);
    } else {
      change.c = OpenedCase(finding, state.date, state.ordinal);
      change.status = CaseStatus::kNew;
      if (const Case* closed = Reopens(state.recently_closed, finding, state.date, params)) {
        change.status = CaseStatus::kReopened;
        change.c.previous_case = closed->case_id;
      }
    }
    TakeFinding(change.c, finding);
    TakePlace(change.c, finding);
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace safetynet::cases
