#include "engine/serve/case_messages.h"

#include <tuple>

#include "engine/common/text.h"

namespace safetynet::serve {

api::CaseRecord CaseRecordOf(const cases::Case& c, const lang::Program& program, Days last_night,
                             Days live_date) {
  api::CaseRecord r;
  r.set_case_id(c.case_id);
  r.set_rule_id(c.rule_id);
  for (const lang::AlertDef& alert : program.alerts) {
    if (alert.id == c.rule_id) r.set_label(alert.label.empty() ? alert.id : alert.label);
  }
  r.set_subject_kind(c.subject_kind);
  r.set_subject_id(c.subject_id);
  r.set_household_id(c.household_id);
  r.set_district(c.district);
  r.set_town(c.town);
  r.set_village(c.village);
  r.set_opened(FormatIsoDate(c.opened));
  r.set_days_open(static_cast<int32_t>((c.closed != kNoDate ? c.closed : live_date) - c.opened));
  if (c.closed != kNoDate) r.set_closed(FormatIsoDate(c.closed));
  r.set_close_reason(std::string(cases::CloseReasonName(c.close_reason)));
  r.set_severity(std::string(cases::SeverityName(c.severity)));
  r.set_highest_severity(std::string(cases::SeverityName(c.highest_severity)));
  r.set_score(c.score);
  r.set_evidence(c.evidence);
  const cases::Disposition* last = nullptr;
  for (const cases::Disposition& d : c.dispositions) {
    if (last == nullptr ||
        std::tie(d.date, d.night, d.line) >= std::tie(last->date, last->night, last->line))
      last = &d;
  }
  if (last != nullptr) {
    r.set_last_action(std::string(cases::ActionName(last->action)));
    r.set_last_action_date(FormatIsoDate(last->date));
    r.set_last_action_waiting(last->posted);
  }
  r.set_live(last_night != kNoDate &&
             cases::StatusSinceLastNight(c, last_night, cases::CaseStatus::kOngoing) !=
                 cases::CaseStatus::kOngoing);
  return r;
}

HttpResponse StoreUnavailable(const absl::Status& status) {
  return ErrorAnswer(503, "STORE_UNAVAILABLE",
                     Cat("the case store could not be read: ", std::string(status.message())));
}

std::vector<cases::DispositionRow> DispositionRowsOf(const api::DispositionsRequest& request) {
  std::vector<cases::DispositionRow> rows;
  for (int i = 0; i < request.dispositions_size(); ++i) {
    const api::DispositionFields& d = request.dispositions(i);
    cases::DispositionRow& row = rows.emplace_back();
    row.line = i;
    row.case_id = TrimBlanks(d.case_id());
    row.date = TrimBlanks(d.date());
    row.action = TrimBlanks(d.action());
    row.worker = TrimBlanks(d.worker());
  }
  return rows;
}

}  // namespace safetynet::serve
