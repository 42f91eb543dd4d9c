// The Service's what-ifs (docs/api.md "What-if"): a standards change or a
// sweep computed on the data in memory, with the results of `recalc` and
// `sweep`.
#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/lang/standards.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/sweep.h"
#include "engine/monitor/value_format.h"
#include "engine/serve/json_mapping.h"
#include "engine/serve/service.h"

namespace safetynet::serve {
namespace {

std::string ValueText(lang::Type type, const lang::Value& value) {
  return monitor::FormatValue(type, value.num, value.den);
}

// The request's `as_of` (or `today`), and `set` as NAME=VALUE texts in name order.
// The date compared from: `text`, or `today` if empty. Errors: not a date,
// or a date without standards in force (both 400 BAD_DATE to the caller).
absl::StatusOr<Days> AsOf(const lang::Standards& standards, const std::string& text, Days today) {
  std::optional<Days> date = text.empty() ? std::optional<Days>(today) : ParseIsoDate(text);
  if (!date) return absl::InvalidArgumentError("as_of is not a date YYYY-MM-DD");
  if (absl::Status in_force = lang::Resolve(standards, *date).status(); !in_force.ok())
    return absl::InvalidArgumentError(Cat("as_of: ", std::string(in_force.message())));
  return *date;
}

std::vector<std::string> SetTexts(const google::protobuf::Map<std::string, std::string>& set) {
  std::vector<std::string> texts;
  for (const auto& [name, value] : set) texts.push_back(Cat(name, "=", value));
  std::sort(texts.begin(), texts.end());
  return texts;
}

}  // namespace

HttpResponse Service::WhatIf(const HttpRequest& request) {
  api::WhatIfRequest body;
  if (absl::Status read = ReadJson(request.body, body); !read.ok()) {
    return ErrorAnswer(400, "BAD_JSON", std::string(read.message()));
  }
  monitor::RecalcOptions options;
  absl::StatusOr<Days> as_of = AsOf(program_->standards, body.as_of(), Today());
  if (!as_of.ok()) return ErrorAnswer(400, "BAD_DATE", std::string(as_of.status().message()));
  options.as_of = *as_of;
  if (body.set().empty() == body.to().empty()) {
    return ErrorAnswer(400, "BAD_REQUEST",
                       "give either \"set\" (values by parameter name) or \"to\" (a date)");
  }
  if (!body.to().empty()) {
    std::optional<Days> to = ParseIsoDate(body.to());
    if (!to) return ErrorAnswer(400, "BAD_DATE", "to is not a date YYYY-MM-DD");
    if (absl::Status in_force = lang::Resolve(program_->standards, *to).status(); !in_force.ok())
      return ErrorAnswer(400, "BAD_DATE", Cat("to: ", std::string(in_force.message())));
    options.to = *to;
  } else {
    absl::StatusOr<std::vector<lang::Override>> overrides =
        lang::ParseOverrides(program_->standards, options.as_of, SetTexts(body.set()), "set ");
    if (!overrides.ok())
      return ErrorAnswer(400, "BAD_VALUE", std::string(overrides.status().message()));
    options.overrides = std::move(*overrides);
  }
  absl::StatusOr<std::shared_ptr<const HeldModel>> held = Model(options.as_of);
  if (!held.ok()) return ErrorAnswer(422, "NOT_COMPUTED", std::string(held.status().message()));
  monitor::WhatIfQuestion question;
  question.to = options.to;
  question.overrides = options.overrides;
  question.with_lists = body.changes();
  absl::StatusOr<monitor::WhatIfAnswer> answer = (*held)->model->Answer(question);
  if (!answer.ok()) {
    return ErrorAnswer(422, "NOT_COMPUTED", std::string(answer.status().message()));
  }
  const monitor::RecalcReport* report = &answer->report;
  api::WhatIfResponse response;
  response.set_as_of(FormatIsoDate(report->as_of));
  for (const monitor::ParameterChange& p : report->parameters) {
    api::ParameterValue& out = *response.add_parameters();
    out.set_name(p.name);
    out.set_old_value(ValueText(p.type, p.old_value));
    out.set_new_value(ValueText(p.type, p.new_value));
    out.set_set(p.set);
    out.set_derived(p.derived);
  }
  for (size_t i = 0; i < report->districts.size(); ++i) {
    const monitor::DistrictImpact& d = report->districts[i];
    const monitor::Coverage& now = answer->covered[i];
    const monitor::Coverage& before = answer->covered_before[i];
    api::DistrictFigures& out = *response.add_districts();
    out.set_households_covered(static_cast<int32_t>(now.households));
    out.set_persons_covered(static_cast<int32_t>(now.persons));
    out.set_yearly_cost(FormatYuan(now.yearly_cost));
    out.set_households_covered_before(static_cast<int32_t>(before.households));
    out.set_persons_covered_before(static_cast<int32_t>(before.persons));
    out.set_district(d.district);
    if (d.district == "CITY") {
      out.set_name("全市");
    } else {
      out.set_name(std::string(DistrictName(options_.names, std::stoi(d.district))));
    }
    out.set_households_affected(static_cast<int32_t>(d.households_affected));
    out.set_persons_affected(static_cast<int32_t>(d.persons_affected));
    out.set_monthly_cost(FormatYuan(d.monthly_new));
    out.set_monthly_cost_before(FormatYuan(d.monthly_old));
    out.set_monthly_delta(FormatYuan(d.monthly_delta));
    out.set_yearly_delta(FormatYuan(d.yearly_delta));
  }
  if (body.changes()) {
    for (const monitor::AmountChange& c : report->changes) {
      api::AmountChange& out = *response.add_changes();
      out.set_subject_kind(std::string(c.subject_kind));
      out.set_subject_id(c.subject_id);
      out.set_kind(std::string(c.kind));
      out.set_old_amount(FormatYuan(c.old_amount));
      out.set_new_amount(FormatYuan(c.new_amount));
      out.set_delta(FormatYuan(c.delta));
    }
    for (const monitor::EligibilityChange& e : report->eligibility) {
      api::EligibilityChange& out = *response.add_eligibility();
      out.set_household_id(e.household_id);
      out.set_newly_eligible(e.newly_eligible);
      out.set_district(std::to_string(e.district));
      out.set_town(e.town);
      out.set_village(e.village);
    }
  }
  response.set_seconds(report->seconds);
  response.set_signals_not_counted(SignalsNotCounted());
  return JsonAnswer(response);
}

HttpResponse Service::Sweep(const HttpRequest& request) {
  api::SweepRequest body;
  if (absl::Status read = ReadJson(request.body, body); !read.ok()) {
    return ErrorAnswer(400, "BAD_JSON", std::string(read.message()));
  }
  monitor::SweepOptions options;
  absl::StatusOr<Days> as_of = AsOf(program_->standards, body.as_of(), Today());
  if (!as_of.ok()) return ErrorAnswer(400, "BAD_DATE", std::string(as_of.status().message()));
  options.base.as_of = *as_of;
  absl::StatusOr<std::vector<lang::Override>> overrides =
      lang::ParseOverrides(program_->standards, options.base.as_of, SetTexts(body.set()), "set ");
  if (!overrides.ok())
    return ErrorAnswer(400, "BAD_VALUE", std::string(overrides.status().message()));
  options.base.overrides = std::move(*overrides);
  options.param = body.param();
  options.from = body.from();
  options.to = body.to();
  options.step = body.step();
  options.option_prefix = "";
  if (absl::Status values = monitor::SweepValues(program_->standards, options).status();
      !values.ok()) {
    return ErrorAnswer(400, "BAD_VALUE", std::string(values.message()));
  }
  absl::StatusOr<std::shared_ptr<const HeldModel>> held = Model(options.base.as_of);
  if (!held.ok()) return ErrorAnswer(422, "NOT_COMPUTED", std::string(held.status().message()));
  absl::StatusOr<monitor::SweepReport> report = monitor::RunSweep(*(*held)->model, options);
  if (!report.ok()) return ErrorAnswer(422, "NOT_COMPUTED", std::string(report.status().message()));
  api::SweepResponse response;
  response.set_param(report->param);
  for (const monitor::SweepPoint& p : report->points) {
    api::SweepPoint& out = *response.add_points();
    out.set_value(ValueText(report->type, p.value));
    out.set_households_covered(static_cast<int32_t>(p.eligible_households));
    out.set_persons_covered(static_cast<int32_t>(p.eligible_persons));
    out.set_monthly_cost(FormatYuan(p.monthly_cost));
    out.set_yearly_cost(FormatYuan(p.yearly_cost));
  }
  for (const monitor::SweepMark& m : report->marks) {
    api::SweepMark& out = *response.add_marks();
    out.set_label(m.label);
    out.set_value(ValueText(report->type, m.value));
  }
  response.set_seconds(report->seconds);
  response.set_signals_not_counted(SignalsNotCounted());
  return JsonAnswer(response);
}

int32_t Service::SignalsNotCounted() const {
  std::shared_lock lock(data_mutex_);
  return static_cast<int32_t>(live_->taken().size());
}

}  // namespace safetynet::serve
