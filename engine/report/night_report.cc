#include "engine/report/night_report.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "engine/common/money.h"
#include "engine/common/text.h"
#include "engine/report/html_text.h"
#include "engine/report/number_text.h"
#include "engine/report/svg_chart.h"

namespace safetynet::report {
namespace {

constexpr size_t kTownsInChart = 20;

int64_t CountOf(const std::vector<NightCount>& counts, std::string_view label) {
  for (const NightCount& c : counts) {
    if (c.label == label) return c.count;
  }
  return 0;
}

std::string Sentence(std::string_view text) { return Cat("<p>", EscapeHtml(text), "</p>\n"); }

std::string Heading(std::string_view text) { return Cat("<h2>", EscapeHtml(text), "</h2>\n"); }

std::string Figure(std::string_view name, std::string_view value, std::string_view note) {
  return Cat("<div class='figure'><span class='name'>", EscapeHtml(name),
             "</span><span class='value'>", EscapeHtml(value), "</span><span class='note'>",
             EscapeHtml(note), "</span></div>\n");
}

// A bar chart of counts, one series.
std::string CountChart(std::string id, std::string title, std::string x_title,
                       std::string series_name, const std::vector<NightCount>& counts) {
  Chart chart;
  chart.kind = ChartKind::kBar;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.x_title = std::move(x_title);
  chart.y_title = "数量";
  chart.y_unit = "个";
  chart.y_whole = true;
  ChartSeries series{std::move(series_name), {}, {}};
  for (const NightCount& c : counts) {
    chart.categories.push_back(c.label);
    series.values.push_back(static_cast<double>(c.count));
  }
  chart.series.push_back(std::move(series));
  return RenderChart(chart);
}

// A total in 万元, or a word if it does not fit int64 fen.
std::string WanYuanOrOverflow(const absl::StatusOr<Fen>& fen) {
  return fen.ok() ? FormatWanYuan(*fen) : std::string("超出范围");
}

std::string YuanOrOverflow(const absl::StatusOr<Fen>& fen) {
  return fen.ok() ? FormatYuan(*fen) : std::string("超出范围");
}

std::string Headline(const NightReport& r, const absl::StatusOr<Fen>& monthly) {
  return Cat("<div class='headline'>\n",
             Figure("高级别预警", Cat(CountOf(r.by_severity, kHighSeverity)), "今晚，个"),
             r.has_cases
                 ? Figure("新增个案", Cat(CountOf(r.cases_by_status, kNewCases)), "今晚，个")
                 : Figure("新增个案", "未记录", "本次运行未使用个案库（--store）"),
             Figure("月度支出", WanYuanOrOverflow(monthly), "万元，全部待遇合计"), "</div>\n");
}

std::string Trend(const NightReport& r) {
  std::string html = Heading("近期趋势");
  if (!r.has_cases) return html + Sentence("本次运行未使用个案库（--store），没有逐夜的个案记录。");
  if (r.trend.size() < 2) {
    return html +
           Sentence(Cat("个案库中只有 ", r.trend.size(), " 个夜晚的记录，至少 2 个才能画出趋势。"));
  }
  Chart chart;
  chart.id = "trend";
  chart.title = Cat("最近 ", r.trend.size(), " 个夜晚的个案");
  chart.x_title = "夜晚";
  chart.y_title = "个案数";
  chart.y_unit = "个";
  chart.y_whole = true;
  ChartSeries open{"未结个案", {}, {}}, opened{"新增", {}, {}}, resolved{"已解决", {}, {}};
  for (const NightTrendPoint& p : r.trend) {
    chart.categories.push_back(p.night);
    open.values.push_back(static_cast<double>(p.open));
    opened.values.push_back(static_cast<double>(p.opened));
    resolved.values.push_back(static_cast<double>(p.resolved));
  }
  chart.series = {open, opened, resolved};
  return html + RenderChart(chart);
}

std::string Towns(const NightReport& r) {
  std::string html = Heading("各镇街预警");
  if (r.by_town.empty()) return html + Sentence("今晚没有镇街有预警。");
  std::vector<TownRow> towns = r.by_town;
  std::stable_sort(towns.begin(), towns.end(), [](const TownRow& a, const TownRow& b) {
    const int64_t ta = a.high + a.medium + a.low, tb = b.high + b.medium + b.low;
    return a.high != b.high ? a.high > b.high : ta > tb;
  });
  Chart chart;
  chart.kind = ChartKind::kBar;
  chart.id = "towns";
  chart.title = towns.size() > kTownsInChart ? Cat("高级别预警最多的 ", kTownsInChart, " 个镇街")
                                             : std::string("各镇街预警");
  chart.x_title = "镇街";
  chart.y_title = "预警数";
  chart.y_unit = "个";
  chart.y_whole = true;
  ChartSeries high{"高", {}, {}}, medium{"中", {}, {}}, low{"低", {}, {}};
  std::vector<std::vector<std::string>> rows;
  // A town's name may recur in another district: there the chart names the district too.
  std::map<std::string_view, int> named;
  for (size_t i = 0; i < towns.size() && i < kTownsInChart; ++i) ++named[towns[i].town];
  for (size_t i = 0; i < towns.size(); ++i) {
    const TownRow& t = towns[i];
    if (i < kTownsInChart) {
      const std::string_view district =
          t.district_name.empty() ? std::string_view(t.district_code) : t.district_name;
      chart.categories.push_back(named[t.town] > 1 ? Cat(district, " ", t.town) : t.town);
      high.values.push_back(static_cast<double>(t.high));
      medium.values.push_back(static_cast<double>(t.medium));
      low.values.push_back(static_cast<double>(t.low));
    }
    rows.push_back({t.district_code, t.district_name, t.town, Cat(t.high), Cat(t.medium),
                    Cat(t.low), Cat(t.high + t.medium + t.low)});
  }
  chart.series = {high, medium, low};
  return html + RenderChart(chart) +
         Sentence(Cat("全部 ", towns.size(), " 个有预警的镇街，按高级别预警数、再按合计排序：")) +
         HtmlTable({"区县代码", "区县", "镇街", "高", "中", "低", "合计"}, rows, 3, "towns");
}

std::string Changes(const NightReport& r) {
  if (r.previous_night.empty()) {
    return Heading("与上一个夜晚相比") +
           Sentence("没有上一个夜晚可比较：需要个案库（--store）和它记录的至少两个夜晚。");
  }
  std::string html = Heading(Cat("与上一个夜晚（", r.previous_night, "）相比变化最大"));
  if (r.largest_changes.empty()) {
    return html + Sentence(Cat("各镇街的未结个案数与 ", r.previous_night, " 相比没有变化。"));
  }
  std::vector<NightChange> changes = r.largest_changes;
  std::stable_sort(changes.begin(), changes.end(), [](const NightChange& a, const NightChange& b) {
    return std::llabs(a.tonight - a.last_night) > std::llabs(b.tonight - b.last_night);
  });
  std::vector<std::vector<std::string>> rows;
  for (const NightChange& c : changes) {
    const int64_t delta = c.tonight - c.last_night;
    rows.push_back({c.what, Cat(c.last_night), Cat(c.tonight), Cat(delta > 0 ? "+" : "", delta)});
  }
  return html + HtmlTable({"镇街", r.previous_night, "今晚", "变化"}, rows, 1, "changes");
}

std::string Entitlements(const NightReport& r, const absl::StatusOr<Fen>& monthly) {
  std::string html = Heading("待遇月度合计");
  if (r.entitlements.empty()) return html + Sentence("今晚没有计算待遇。");
  Chart chart;
  chart.kind = ChartKind::kBar;
  chart.id = "entitlements";
  chart.title = "各项待遇月度金额";
  chart.x_title = "待遇";
  chart.y_title = "月度金额";
  chart.y_unit = "万元";
  chart.y_decimals = 2;
  ChartSeries amounts{"月度金额", {}, {}};
  std::vector<std::vector<std::string>> rows;
  int64_t recipients = 0;
  for (const EntitlementTotal& e : r.entitlements) {
    chart.categories.push_back(e.label);
    amounts.values.push_back(static_cast<double>(e.monthly_fen) / 1e6);
    amounts.labels.push_back(FormatWanYuan(e.monthly_fen));
    rows.push_back(
        {e.label, Cat(e.recipients), FormatWanYuan(e.monthly_fen), FormatYuan(e.monthly_fen)});
    recipients += e.recipients;
  }
  rows.push_back({"合计", Cat(recipients), WanYuanOrOverflow(monthly), YuanOrOverflow(monthly)});
  chart.series.push_back(std::move(amounts));
  return html + RenderChart(chart) +
         HtmlTable({"待遇", "领取对象（户或人）", "月度金额（万元）", "月度金额（元）"}, rows, 1,
                   "entitlements");
}

}  // namespace

std::string RenderNightReportHtml(const NightReport& r) {
  __int128 sum = 0;  // a total that does not fit int64 fen is said, never wrapped
  for (const EntitlementTotal& e : r.entitlements) sum += e.monthly_fen;
  const absl::StatusOr<Fen> monthly = FenTotal(sum, "the monthly total");
  std::string body =
      Cat("<h1>夜间运行报告 ", EscapeHtml(r.as_of), "</h1>\n<p>标准版本 ",
          EscapeHtml(r.standards_version), "；数据快照 ", EscapeHtml(r.snapshot_as_of), "。</p>\n");
  if (!r.warnings.empty()) {
    body += "<div class='warnings' role='alert'><strong>注意</strong><ul>\n";
    for (const std::string& w : r.warnings) body += Cat("<li>", EscapeHtml(w), "</li>\n");
    body += "</ul></div>\n";
  }
  body += Headline(r, monthly);

  body += Heading("今晚预警（按级别）");
  body += r.by_severity.empty()
              ? Sentence("今晚没有预警。")
              : CountChart("severity", "今晚预警（按级别）", "级别", "预警", r.by_severity);
  body += Trend(r);
  if (r.has_cases) {
    body += Heading("个案（按状态）");
    body += r.cases_by_status.empty()
                ? Sentence("今晚没有个案。")
                : CountChart("cases", "今晚个案（按状态）", "状态", "个案", r.cases_by_status);
  }
  body += Heading("预警（按规则）");
  if (r.by_rule.empty()) {
    body += Sentence("今晚没有规则产生预警。");
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const NightCount& c : r.by_rule) rows.push_back({c.label, Cat(c.count)});
    body += HtmlTable({"规则", "预警数"}, rows, 1, "rules");
  }
  body += Towns(r);
  body += Changes(r);
  body += Entitlements(r, monthly);
  body += Heading("无法判定");
  body +=
      Sentence(r.undecided == 0
                   ? std::string("没有无法判定的对象。")
                   : Cat(r.undecided, " 个对象因数据缺失或计算溢出无法判定（见 undecided.csv）。"));
  return HtmlPage(Cat("夜间运行报告 ", r.as_of), body);
}

}  // namespace safetynet::report
