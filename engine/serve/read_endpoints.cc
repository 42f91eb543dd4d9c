// The Service's reads (docs/api.md "Reading"): a subject's or a town's
// cases from the store, a subject explained on the data held, the standards
// in force.
#include "absl/strings/ascii.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/lang/standards.h"
#include "engine/monitor/value_format.h"
#include "engine/serve/case_messages.h"
#include "engine/serve/json_mapping.h"
#include "engine/serve/query_check.h"
#include "engine/serve/service.h"

namespace safetynet::serve {
namespace {

// A case with its firings, the latest's status (RESOLVED once closed).
api::CaseRecord RecordOf(const cases::CaseHistory& h, const lang::Program& program, Days last_night,
                         Days live_date) {
  api::CaseRecord r = CaseRecordOf(h.c, program, last_night, live_date);
  for (const cases::CaseHistory::Firing& f : h.firings) {
    api::CaseFiring& out = *r.add_firings();
    out.set_date(FormatIsoDate(f.night));
    out.set_status(f.status);
    out.set_severity(f.severity);
    out.set_score(f.score);
    out.set_evidence(f.evidence);
    out.set_live(f.live);
  }
  r.set_status(h.c.closed != kNoDate ? "RESOLVED"
               : h.firings.empty()   ? ""
                                     : h.firings.back().status);
  return r;
}

}  // namespace

HttpResponse Service::Cases(const HttpRequest& request) {
  if (auto unknown = UnknownQueryKey(request, {"subject", "town"})) return *unknown;
  int subjects = 0, towns = 0;
  const std::string subject = request.QueryValue("subject", &subjects);
  const std::string town(TrimBlanks(request.QueryValue("town", &towns)));
  if (subjects + towns != 1 || (subjects == 1 ? subject : town).empty()) {
    return ErrorAnswer(400, "BAD_REQUEST",
                       "give one of ?subject=ID (a household or resident id) or ?town=NAME");
  }
  api::CasesResponse response;
  std::lock_guard lock(store_mutex_);
  // An old 15-digit resident id finds the cases of its 18-character form (as explain does).
  std::string id(TrimBlanks(subject));
  if (id.size() == 15) {
    if (const ParsedId old = ConvertOldResidentId(id); old.ok()) id = FormatResidentId(old.packed);
  }
  absl::StatusOr<std::vector<cases::CaseHistory>> histories =
      subjects == 1 ? store_->SubjectHistory(id) : store_->OpenCasesOfTown(town);
  if (!histories.ok()) return StoreUnavailable(histories.status());
  const absl::StatusOr<Days> last = store_->LastNight();
  if (!last.ok()) return StoreUnavailable(last.status());
  for (const cases::CaseHistory& h : *histories)
    *response.add_cases() = RecordOf(h, *program_, *last, cases::LiveDate(Today(), *last));
  if (towns == 1 && histories->empty()) response.set_note(TownNote(town));
  if (subjects == 1 && histories->empty()) {
    // Ids are matched as the data write them; a household id in lower case is likely meant.
    const std::string upper = absl::AsciiStrToUpper(id);
    if (absl::StatusOr<std::vector<cases::CaseHistory>> meant = store_->SubjectHistory(upper);
        upper != id && meant.ok() && !meant->empty()) {
      response.set_note(
          Cat("no case of this id; ids are matched as the data write them: did "
              "you mean ",
              upper, "?"));
    }
  }
  if (*last != kNoDate) response.set_last_night(FormatIsoDate(*last));
  return JsonAnswer(response);
}

HttpResponse Service::Explain(const HttpRequest& request) {
  if (auto unknown = UnknownQueryKey(request, {"subject"})) return *unknown;
  int count = 0;
  const std::string subject = request.QueryValue("subject", &count);
  if (count != 1 || subject.empty()) {
    return ErrorAnswer(400, "BAD_REQUEST", "give ?subject=ID (a household or resident id)");
  }
  const Days date = Today();
  absl::StatusOr<std::string> text;
  {
    std::shared_lock lock(data_mutex_);
    text = live_->Explain(subject, date);
  }
  if (!text.ok()) {
    const bool not_found = text.status().code() == absl::StatusCode::kNotFound;
    return ErrorAnswer(not_found ? 404 : 500, not_found ? "NOT_FOUND" : "INTERNAL",
                       std::string(text.status().message()));
  }
  api::ExplainResponse response;
  response.set_subject_id(std::string(TrimBlanks(subject)));
  response.set_date(FormatIsoDate(date));
  response.set_text(*text);
  return JsonAnswer(response);
}

HttpResponse Service::Standards(const HttpRequest& request) {
  if (auto unknown = UnknownQueryKey(request, {"as_of"})) return *unknown;
  Days date = Today();
  int count = 0;
  if (const std::string as_of = request.QueryValue("as_of", &count); count > 0) {
    std::optional<Days> parsed = ParseIsoDate(as_of);
    if (count != 1 || !parsed) return ErrorAnswer(400, "BAD_DATE", "as_of is not YYYY-MM-DD");
    date = *parsed;
  }
  absl::StatusOr<lang::ResolvedStandards> values = lang::Resolve(program_->standards, date);
  if (!values.ok()) return ErrorAnswer(400, "BAD_DATE", std::string(values.status().message()));
  api::StandardsResponse response;
  response.set_as_of(FormatIsoDate(date));
  for (const lang::NamedParameterValue& v : lang::NamedValues(program_->standards, *values)) {
    api::Standard& s = *response.add_standards();
    s.set_name(v.name);
    s.set_value(monitor::FormatValue(v.param->type, v.value.num, v.value.den));
    s.set_type(lang::TypeName(v.param->type));
    s.set_derived(v.param->formula != nullptr);
  }
  for (const auto& [code, name] : options_.names) {
    api::DistrictName& d = *response.add_districts();
    d.set_district(std::to_string(code));
    d.set_name(name);
  }
  return JsonAnswer(response);
}

}  // namespace safetynet::serve
