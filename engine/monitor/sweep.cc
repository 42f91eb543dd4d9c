#include "engine/monitor/sweep.h"

#include <algorithm>
#include <chrono>
#include <memory>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/lang/source.h"
#include "engine/monitor/value_format.h"
#include "engine/report/html_text.h"
#include "engine/report/number_text.h"
#include "engine/report/svg_chart.h"

namespace safetynet::monitor {
namespace {

constexpr size_t kMaxPoints = 1000;

absl::StatusOr<lang::Override> ParameterValue(const lang::Standards& standards,
                                              const std::string& param, const std::string& text,
                                              std::string_view option) {
  auto value = lang::ParseOverride(standards, Cat(param, "=", text));
  if (!value.ok()) {
    return absl::InvalidArgumentError(Cat(option, ": ", std::string(value.status().message())));
  }
  return *value;
}

double AsDouble(lang::Value v, lang::Type type) {
  double value = static_cast<double>(v.num) / static_cast<double>(v.den);
  return type.base == lang::BaseType::kMoney ? value / 100 : value;
}

std::string Label(const SweepReport& r, const SweepPoint& p) {
  return FormatValue(r.type, p.value.num, p.value.den);
}

// The value of `ref` in force in `today`: one mark, or urban and rural for
// both areas of a per-area parameter when they differ.
std::vector<SweepMark> TodayMarks(const lang::Standards& standards,
                                  const lang::ResolvedStandards& today, lang::ParamRef ref) {
  const lang::Value urban = today.urban[ref.index], rural = today.rural[ref.index];
  switch (ref.area) {
    case lang::AreaChoice::kUrban:
      return {{"今日", urban}};
    case lang::AreaChoice::kRural:
      return {{"今日", rural}};
    case lang::AreaChoice::kSubject:
      if (standards.params()[ref.index].per_area && !(urban == rural)) {
        return {{"今日（城市）", urban}, {"今日（农村）", rural}};
      }
      return {{"今日", urban}};
  }
  return {};
}

}  // namespace

absl::StatusOr<std::vector<lang::Override>> SweepValues(const lang::Standards& standards,
                                                        const SweepOptions& options) {
  const std::string_view o = options.option_prefix;
  const std::optional<lang::ParamRef> param = standards.Find(options.param);
  if (!param) {
    return absl::InvalidArgumentError(
        Cat(o, "param: ", lang::UnknownNameMessage("parameter", options.param, standards.Names())));
  }
  for (const lang::Override& set : options.base.overrides) {
    if (lang::Overlap(set.ref, *param)) {
      return absl::InvalidArgumentError(
          Cat(o, "param ", options.param, " is also given to ", o, "set: sweep it or set it"));
    }
  }
  SAFETYNET_ASSIGN_OR_RETURN(
      lang::Override from, ParameterValue(standards, options.param, options.from, Cat(o, "from")));
  SAFETYNET_ASSIGN_OR_RETURN(lang::Override to,
                             ParameterValue(standards, options.param, options.to, Cat(o, "to")));
  SAFETYNET_ASSIGN_OR_RETURN(
      lang::Override step, ParameterValue(standards, options.param, options.step, Cat(o, "step")));
  if (step.value.num <= 0) {
    return absl::InvalidArgumentError(Cat(o, "step must be above 0, not ", options.step));
  }
  if (CompareFractions({from.value.num, from.value.den}, {to.value.num, to.value.den}) > 0) {
    return absl::InvalidArgumentError(
        Cat(o, "from ", options.from, " is above ", o, "to ", options.to, ": no value to compute"));
  }
  if (!options.proposed.empty()) {
    SAFETYNET_ASSIGN_OR_RETURN(
        lang::Override proposed,
        ParameterValue(standards, options.param, options.proposed, Cat(o, "proposed")));
    const Fraction p{proposed.value.num, proposed.value.den};
    if (CompareFractions(p, {from.value.num, from.value.den}) < 0 ||
        CompareFractions(p, {to.value.num, to.value.den}) > 0) {
      return absl::InvalidArgumentError(Cat(o, "proposed ", options.proposed, " is outside ", o,
                                            "from ", options.from, " to ", o, "to ", options.to,
                                            ": it could not be marked on the sweep"));
    }
    SAFETYNET_RETURN_IF_ERROR(lang::CheckOverrideResolves(standards, options.base.as_of,
                                                          options.base.overrides, proposed,
                                                          Cat(o, "proposed ", options.proposed)));
  }
  // A value that makes a formula of the standards overflow is the user's to change.
  SAFETYNET_RETURN_IF_ERROR(lang::CheckOverrideResolves(
      standards, options.base.as_of, options.base.overrides, from, Cat(o, "from ", options.from)));
  SAFETYNET_RETURN_IF_ERROR(lang::CheckOverrideResolves(
      standards, options.base.as_of, options.base.overrides, to, Cat(o, "to ", options.to)));
  std::vector<lang::Override> values;
  for (Fraction v{from.value.num, from.value.den};
       CompareFractions(v, {to.value.num, to.value.den}) <= 0;) {
    if (values.size() == kMaxPoints) {
      return absl::InvalidArgumentError(Cat("more than ", kMaxPoints, " values from ", o,
                                            "from to ", o, "to; take a larger ", o, "step"));
    }
    values.push_back({from.ref, {v.num, v.den}});
    bool overflow = false;
    v = AddFractions(v, {step.value.num, step.value.den}, 1, overflow);
    if (overflow) break;
  }
  return values;
}

absl::StatusOr<SweepReport> RunSweep(const lang::Program& program, const Dataset& data,
                                     const SweepOptions& options) {
  SAFETYNET_RETURN_IF_ERROR(SweepValues(program.standards, options).status());
  // The values that do not depend on the standards, once.
  SAFETYNET_ASSIGN_OR_RETURN(const std::unique_ptr<const WhatIfModel> model,
                             WhatIfModel::Build(program, data, options.base.as_of,
                                                options.base.eligibility, options.base.deceased));
  return RunSweep(*model, options);
}

absl::StatusOr<SweepReport> RunSweep(const WhatIfModel& model, const SweepOptions& options) {
  auto start = std::chrono::steady_clock::now();
  const lang::Standards& standards = model.program().standards;
  SAFETYNET_ASSIGN_OR_RETURN(const std::vector<lang::Override> values,
                             SweepValues(standards, options));
  SweepReport report;
  report.param = options.param;
  report.type = standards.params()[values.front().ref.index].type;
  report.as_of = options.base.as_of;
  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards base_standards,
                             lang::Resolve(standards, options.base.as_of, options.base.overrides));
  report.marks = TodayMarks(standards, base_standards, values.front().ref);
  if (!options.proposed.empty()) {
    SAFETYNET_ASSIGN_OR_RETURN(const lang::Override proposed,
                               ParameterValue(standards, options.param, options.proposed,
                                              Cat(options.option_prefix, "proposed")));
    report.marks.push_back({"拟", proposed.value});
  }

  for (const lang::Override& value : values) {
    if (options.progress) options.progress(report.points.size(), values.size());
    std::vector<lang::Override> overrides = options.base.overrides;
    overrides.push_back(value);
    SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards point_standards,
                               lang::Resolve(standards, options.base.as_of, overrides));
    const std::string at = Cat(" at ", report.param, " = ",
                               FormatValue(report.type, value.value.num, value.value.den));
    SweepPoint point;
    point.value = value.value;
    SAFETYNET_ASSIGN_OR_RETURN(point.districts, model.CoverageUnder(point_standards, at));
    const Coverage& city = point.districts.back();
    point.eligible_households = city.households;
    point.eligible_persons = city.persons;
    point.monthly_cost = city.monthly_cost;
    point.yearly_cost = city.yearly_cost;
    report.points.push_back(std::move(point));
  }
  if (options.progress) options.progress(values.size(), values.size());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

// The x axis of both charts: the swept parameter, in its unit.
report::Chart SweepChart(const SweepReport& r, std::string id, std::string title) {
  report::Chart chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.x_title = r.param;
  const lang::BaseType base = r.type.base;
  chart.x_unit = base == lang::BaseType::kMoney ? "元" : "";
  chart.x_decimals = base == lang::BaseType::kMoney ? 2 : base == lang::BaseType::kInt ? 0 : 4;
  chart.x_from_data = true;  // the range asked for: from zero it would squeeze the curves
  for (const SweepPoint& p : r.points) chart.x.push_back(AsDouble(p.value, r.type));
  for (const SweepMark& m : r.marks) {
    chart.markers.push_back({AsDouble(m.value, r.type),
                             Cat(m.label, " ", FormatValue(r.type, m.value.num, m.value.den))});
  }
  return chart;
}

// A self-contained page (engine/report/): the monthly cost in 万元 and the
// eligible households and persons against the parameter, each chart from
// zero with today's (and the proposed) value marked; then every value in a
// table, amounts in yuan.
std::string SweepHtml(const SweepReport& r) {
  report::Chart cost = SweepChart(r, "sweep-cost", Cat("月度费用随 ", r.param, " 的变化"));
  cost.y_title = "月度费用";
  cost.y_unit = "万元";
  cost.y_decimals = 2;
  report::ChartSeries monthly{"全部待遇月度费用", {}, {}};
  report::Chart coverage = SweepChart(r, "sweep-coverage", Cat("覆盖面随 ", r.param, " 的变化"));
  coverage.y_title = "符合条件";
  coverage.y_unit = "户或人";
  coverage.y_whole = true;
  report::ChartSeries households{"家庭（户）", {}, {}}, persons{"家庭中的人（人）", {}, {}};
  std::vector<std::vector<std::string>> rows;
  for (const SweepPoint& p : r.points) {
    monthly.values.push_back(static_cast<double>(p.monthly_cost) / 1e6);
    monthly.labels.push_back(report::FormatWanYuan(p.monthly_cost));
    households.values.push_back(static_cast<double>(p.eligible_households));
    persons.values.push_back(static_cast<double>(p.eligible_persons));
    rows.push_back({Label(r, p), Cat(p.eligible_households), Cat(p.eligible_persons),
                    FormatYuan(p.monthly_cost), FormatYuan(p.yearly_cost)});
  }
  cost.series = {monthly};
  coverage.series = {households, persons};
  std::string marks;
  for (const SweepMark& m : r.marks) {
    marks += Cat("；", m.label, " ", FormatValue(r.type, m.value.num, m.value.den));
  }
  const std::string body = Cat(
      "<h1>参数扫描：", report::EscapeHtml(r.param), "</h1>\n<p>按 ", FormatIsoDate(r.as_of),
      " 施行的标准计算", report::EscapeHtml(marks), "。</p>\n", report::RenderChart(cost),
      report::RenderChart(coverage), "<h2>每个取值</h2>\n",
      report::HtmlTable(
          {r.param, "符合条件的家庭（户）", "家庭中的人（人）", "月度费用（元）", "年度费用（元）"},
          rows, 0, "sweep"));
  return report::HtmlPage(Cat("参数扫描：", r.param), body);
}

}  // namespace

absl::Status WriteSweep(const SweepReport& report, OutputFolder& out) {
  CsvWriter csv;
  csv.ByteOrderMark();
  csv.Row({report.param, "eligible_households", "eligible_persons", "monthly_cost", "yearly_cost"});
  for (const SweepPoint& p : report.points) {
    csv.Row({Label(report, p), Cat(p.eligible_households), Cat(p.eligible_persons),
             FormatYuan(p.monthly_cost), FormatYuan(p.yearly_cost)});
  }
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("sweep.csv"), csv.contents()));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("sweep.html"), SweepHtml(report)));
  return out.Commit();
}

std::string FormatSweepSummary(const SweepReport& r) {
  std::string out = Cat("sweep of ", r.param, " as of ", FormatIsoDate(r.as_of), ": ",
                        r.points.size(), " values\n");
  out += Cat("  ", r.param, "      households   persons    monthly cost\n");
  for (const SweepPoint& p : r.points) {
    char line[160];
    std::snprintf(line, sizeof line, "  %12s %12zu %9zu %15s\n", Label(r, p).c_str(),
                  p.eligible_households, p.eligible_persons, FormatYuan(p.monthly_cost).c_str());
    out += line;
  }
  char seconds[64];
  std::snprintf(seconds, sizeof seconds, "  computed in %.3f s\n", r.seconds);
  return out + seconds;
}

}  // namespace safetynet::monitor
