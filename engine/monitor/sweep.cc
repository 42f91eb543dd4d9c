#include "engine/monitor/sweep.h"

#include <algorithm>
#include <chrono>

#include "engine/common/exact_arithmetic.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/io/csv_writer.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/lang/source.h"
#include "engine/monitor/value_format.h"

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

}  // namespace

absl::StatusOr<std::vector<lang::Override>> SweepValues(const lang::Standards& standards,
                                                        const SweepOptions& options) {
  const std::optional<lang::ParamRef> param = standards.Find(options.param);
  if (!param) {
    return absl::InvalidArgumentError(
        Cat("--param: ", lang::UnknownNameMessage("parameter", options.param, standards.Names())));
  }
  for (const lang::Override& set : options.base.overrides) {
    if (lang::Overlap(set.ref, *param)) {
      return absl::InvalidArgumentError(
          Cat("--param ", options.param, " is also given to --set: sweep it or set it"));
    }
  }
  SAFETYNET_ASSIGN_OR_RETURN(lang::Override from,
                             ParameterValue(standards, options.param, options.from, "--from"));
  SAFETYNET_ASSIGN_OR_RETURN(lang::Override to,
                             ParameterValue(standards, options.param, options.to, "--to"));
  SAFETYNET_ASSIGN_OR_RETURN(lang::Override step,
                             ParameterValue(standards, options.param, options.step, "--step"));
  if (step.value.num <= 0) {
    return absl::InvalidArgumentError(Cat("--step must be above 0, not ", options.step));
  }
  if (CompareFractions({from.value.num, from.value.den}, {to.value.num, to.value.den}) > 0) {
    return absl::InvalidArgumentError(
        Cat("--from ", options.from, " is above --to ", options.to, ": no value to compute"));
  }
  // A value that makes a formula of the standards overflow is the user's to change.
  SAFETYNET_RETURN_IF_ERROR(lang::CheckOverrideResolves(
      standards, options.base.as_of, options.base.overrides, from, Cat("--from ", options.from)));
  SAFETYNET_RETURN_IF_ERROR(lang::CheckOverrideResolves(
      standards, options.base.as_of, options.base.overrides, to, Cat("--to ", options.to)));
  std::vector<lang::Override> values;
  for (Fraction v{from.value.num, from.value.den};
       CompareFractions(v, {to.value.num, to.value.den}) <= 0;) {
    if (values.size() == kMaxPoints) {
      return absl::InvalidArgumentError(
          Cat("more than ", kMaxPoints, " values from --from to --to; take a larger --step"));
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
  auto start = std::chrono::steady_clock::now();
  const lang::Standards& standards = program.standards;
  SAFETYNET_ASSIGN_OR_RETURN(const std::vector<lang::Override> values,
                             SweepValues(standards, options));
  SweepReport report;
  report.param = options.param;
  report.type = standards.params()[values.front().ref.index].type;
  report.as_of = options.base.as_of;

  SAFETYNET_ASSIGN_OR_RETURN(const CountedValues counted, FindCountedValues(program, options.base));
  // The values that do not depend on the standards, once.
  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards base_standards,
                             lang::Resolve(standards, options.base.as_of, options.base.overrides));
  SignalIndex index(data, options.base.as_of);
  const std::vector<bool> dependent = program.StandardsDependentColumns();
  exec::Evaluation base(program, data, index, base_standards, options.base.as_of);
  for (size_t c = 0; c < program.columns.size(); ++c) {
    if (!dependent[c]) base.ComputeColumn(c);
  }
  exec::RunResult shared = base.Finish();
  const std::vector<int64_t>& dead = shared.columns[counted.deceased].num;

  for (const lang::Override& value : values) {
    if (options.progress) options.progress(report.points.size(), values.size());
    std::vector<lang::Override> overrides = options.base.overrides;
    overrides.push_back(value);
    SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards point_standards,
                               lang::Resolve(standards, options.base.as_of, overrides));
    exec::RunResult result = exec::EvaluateEntitlementsAgain(
        program, data, index, point_standards, options.base.as_of, dependent, shared.columns);
    SweepPoint point{value.value};
    __int128 cost = 0;  // checked below: an overflow is an error, never a wrong cost
    for (const exec::EntitlementRow& row : result.entitlements) cost += row.amount;
    const std::string at = Cat(" at ", report.param, " = ",
                               FormatValue(report.type, value.value.num, value.value.den));
    SAFETYNET_ASSIGN_OR_RETURN(point.monthly_cost, FenTotal(cost, Cat("the monthly cost", at)));
    SAFETYNET_ASSIGN_OR_RETURN(point.yearly_cost, FenTotal(cost * 12, Cat("the yearly cost", at)));
    const std::vector<int64_t>& eligible =
        exec::ColumnSeen(result, shared.columns, dependent, counted.eligibility).num;
    const HouseholdTable& h = data.households;
    for (uint32_t row = 0; row < h.size(); ++row) {
      if (eligible[row] != 1) continue;
      ++point.eligible_households;
      for (uint32_t p = h.member_begin[row]; p < h.member_begin[row + 1]; ++p)
        point.eligible_persons += dead[p] != 1;
    }
    report.points.push_back(point);
  }
  if (options.progress) options.progress(values.size(), values.size());
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

namespace {

// A self-contained HTML page: the table and an SVG chart of the monthly cost
// (left axis) and the eligible households (right axis) against the parameter.
std::string SweepHtml(const SweepReport& r) {
  const double width = 760, height = 360, left = 90, right = 90, top = 30, bottom = 50;
  double x_min = AsDouble(r.points.front().value, r.type),
         x_max = AsDouble(r.points.back().value, r.type);
  if (x_max <= x_min) x_max = x_min + 1;
  // Each curve spans its own axis from its smallest to its largest value.
  struct Range {
    double min = 1e300, max = -1e300;
    void Add(double v) { min = std::min(min, v), max = std::max(max, v); }
    double Span() const { return max > min ? max - min : 1; }
  } cost, households;
  for (const SweepPoint& p : r.points) {
    cost.Add(static_cast<double>(p.monthly_cost) / 100);
    households.Add(static_cast<double>(p.eligible_households));
  }
  auto x = [&](const SweepPoint& p) {
    return left + (AsDouble(p.value, r.type) - x_min) / (x_max - x_min) * (width - left - right);
  };
  auto y = [&](double value, const Range& range) {
    return top + (1 - (value - range.min) / range.Span()) * (height - top - bottom);
  };
  std::string cost_line, households_line;
  for (const SweepPoint& p : r.points) {
    char point[64];
    std::snprintf(point, sizeof point, "%.1f,%.1f ", x(p),
                  y(static_cast<double>(p.monthly_cost) / 100, cost));
    cost_line += point;
    std::snprintf(point, sizeof point, "%.1f,%.1f ", x(p),
                  y(static_cast<double>(p.eligible_households), households));
    households_line += point;
  }
  char axes[1024];
  std::snprintf(
      axes, sizeof axes,
      "<line x1='%g' y1='%g' x2='%g' y2='%g' stroke='#444'/>"
      "<line x1='%g' y1='%g' x2='%g' y2='%g' stroke='#444'/>"
      "<line x1='%g' y1='%g' x2='%g' y2='%g' stroke='#444'/>"
      "<text x='%g' y='%g' text-anchor='middle'>%s</text>"
      "<text x='%g' y='%g' text-anchor='end' fill='#c0392b'>%.0f</text>"
      "<text x='%g' y='%g' text-anchor='end' fill='#c0392b'>%.0f</text>"
      "<text x='%g' y='%g' fill='#2471a3'>%.0f</text><text x='%g' y='%g' fill='#2471a3'>%.0f</text>"
      "<text x='%g' y='%g' text-anchor='middle'>%s</text><text x='%g' y='%g' "
      "text-anchor='middle'>%s</text>",
      left, top, left, height - bottom, width - right, top, width - right, height - bottom, left,
      height - bottom, width - right, height - bottom, (left + width - right) / 2, height - 10,
      r.param.c_str(), left - 6, top + 5, cost.max, left - 6, height - bottom, cost.min,
      width - right + 6, top + 5, households.max, width - right + 6, height - bottom,
      households.min, left, height - bottom + 18, Label(r, r.points.front()).c_str(), width - right,
      height - bottom + 18, Label(r, r.points.back()).c_str());
  std::string html = Cat(
      "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>safetynet sweep: ",
      r.param,
      "</"
      "title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:"
      "collapse}"
      "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}</style></head><body>\n<h1>",
      r.param, ": cost and coverage</h1>\n<p>As of ", FormatIsoDate(r.as_of),
      ". <span style='color:#c0392b'>&#9632; monthly cost of "
      "all entitlements (yuan)</span> &nbsp; <span style='color:#2471a3'>&#9632; eligible "
      "households</span></p>\n"
      "<svg width='",
      Cat(static_cast<int>(width)), "' height='", Cat(static_cast<int>(height)),
      "' xmlns='http://www.w3.org/2000/svg' font-size='12'>", axes,
      "<polyline fill='none' stroke='#c0392b' stroke-width='2' points='", cost_line,
      "'/><polyline fill='none' stroke='#2471a3' stroke-width='2' points='", households_line,
      "'/></svg>\n<table><tr><th>", r.param,
      "</th><th>eligible households</th><th>persons in them</th><th>monthly cost "
      "(yuan)</th><th>yearly cost (yuan)</th></tr>\n");
  for (const SweepPoint& p : r.points) {
    html += Cat("<tr><td>", Label(r, p), "</td><td>", p.eligible_households, "</td><td>",
                p.eligible_persons, "</td><td>", FormatYuan(p.monthly_cost), "</td><td>",
                FormatYuan(p.yearly_cost), "</td></tr>\n");
  }
  html += "</table>\n</body></html>\n";
  return html;
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
