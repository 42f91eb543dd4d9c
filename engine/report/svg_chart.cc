#include "engine/report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include "engine/common/text.h"
#include "engine/report/html_text.h"
#include "engine/report/number_text.h"

namespace safetynet::report {
namespace {

constexpr const char* kColors[] = {"#c0392b", "#2471a3", "#27ae60",
                                   "#8e44ad", "#d68910", "#566573"};
constexpr double kLeft = 78, kRight = 24, kTop = 44;

// A value axis from `lo` to `hi` in `intervals` steps of `step` (1, 2 or 5
// x 10^n), its tick numbers with `decimals`.
struct Axis {
  double lo = 0, hi = 1, step = 0.2;
  int intervals = 5, decimals = 1;
  double Tick(int i) const { return lo + step * i; }
};

// The axis with the smallest nice step that covers [lo, hi] in at most 5
// intervals, widened to at least 3 (4 to 6 ticks). Whole axes (counts) take
// no step below 1. A flat range is widened to one unit above `lo`.
Axis NiceAxis(double lo, double hi, bool whole) {
  if (!(hi > lo)) hi = lo + 1;
  const int top_exponent = static_cast<int>(std::ceil(std::log10(hi - lo))) + 1;
  Axis best;
  bool found = false;
  for (int e = top_exponent; e >= top_exponent - 15; --e) {
    for (int m : {5, 2, 1}) {
      const double step = m * std::pow(10.0, e);
      if (whole && step < 1) return best;
      const double a = std::floor(lo / step + 1e-9) * step, b = std::ceil(hi / step - 1e-9) * step;
      const int intervals = static_cast<int>(std::llround((b - a) / step));
      if (intervals > 5 && found) return best;
      best = {a, b, step, std::max(intervals, 3), std::max(0, -e)};
      best.hi = best.lo + best.step * best.intervals;
      found = true;
    }
  }
  return best;
}

std::string Number(double value) { return FixedDecimal(value, 1); }

std::string WithUnit(const std::string& title, const std::string& unit) {
  return unit.empty() ? title : Cat(title, "（", unit, "）");
}

// About how wide `text` is at 12px: CJK characters are square, others half.
double TextWidth(const std::string& text) {
  double width = 0;
  for (unsigned char c : text) {
    if (c < 0x80) {
      width += 7;
    } else if (c >= 0xC0) {
      width += 12;  // the first byte of a multi-byte character
    }
  }
  return width;
}

std::string SvgText(double x, double y, std::string_view anchor, const std::string& text,
                    std::string_view extra = {}) {
  return Cat("<text x='", Number(x), "' y='", Number(y), "' text-anchor='", anchor, "'", extra, ">",
             EscapeHtml(text), "</text>");
}

std::string SvgLine(double x1, double y1, double x2, double y2, std::string_view style) {
  return Cat("<line x1='", Number(x1), "' y1='", Number(y1), "' x2='", Number(x2), "' y2='",
             Number(y2), "' ", style, "/>");
}

std::string ValueLabel(const Chart& chart, const ChartSeries& s, size_t i) {
  return i < s.labels.size() ? s.labels[i] : FixedDecimal(s.values[i], chart.y_decimals);
}

}  // namespace

std::string RenderChart(const Chart& chart) {
  const bool categorical = !chart.categories.empty() || chart.kind == ChartKind::kBar;
  const size_t points = categorical ? chart.categories.size() : chart.x.size();
  const size_t bars = chart.kind == ChartKind::kBar ? points * chart.series.size() : 0;
  const bool slanted = categorical && points > 8;  // category labels written at an angle
  const double width = std::max(720.0, kLeft + kRight + static_cast<double>(bars) * 24);
  const double bottom = slanted ? 110 : 56, height = 320 + bottom;
  const double plot_w = width - kLeft - kRight, plot_bottom = height - bottom;
  const double plot_h = plot_bottom - kTop;

  // The axes: y always includes zero; numeric x too unless x_from_data.
  double y_lo = 0, y_hi = 0;
  for (const ChartSeries& s : chart.series) {
    for (size_t i = 0; i < std::min(s.values.size(), points); ++i) {
      y_lo = std::min(y_lo, s.values[i]), y_hi = std::max(y_hi, s.values[i]);
    }
  }
  const Axis y_axis = NiceAxis(y_lo, y_hi, chart.y_whole);
  Axis x_axis;
  if (!categorical) {
    double lo = chart.x_from_data && points > 0 ? chart.x.front() : 0, hi = lo;
    for (double x : chart.x) lo = std::min(lo, x), hi = std::max(hi, x);
    x_axis = NiceAxis(lo, hi, false);
  }
  auto py = [&](double y) {
    return plot_bottom - (y - y_axis.lo) / (y_axis.hi - y_axis.lo) * plot_h;
  };
  const double slot = plot_w / static_cast<double>(std::max<size_t>(points, 1));
  auto px = [&](size_t i) {
    return categorical ? kLeft + (static_cast<double>(i) + 0.5) * slot
                       : kLeft + (chart.x[i] - x_axis.lo) / (x_axis.hi - x_axis.lo) * plot_w;
  };
  auto px_value = [&](double x) {
    return kLeft + (x - x_axis.lo) / (x_axis.hi - x_axis.lo) * plot_w;
  };

  const std::string title_id = Cat(chart.id, "-title"), desc_id = Cat(chart.id, "-desc");
  std::string names;
  for (const ChartSeries& s : chart.series) names += Cat(names.empty() ? "" : "、", s.name);
  std::string desc = Cat(chart.kind == ChartKind::kBar ? "柱状图" : "折线图", "：", chart.title,
                         "。横轴：", WithUnit(chart.x_title, chart.x_unit));
  if (!categorical) {
    desc += Cat("，从 ", FixedDecimal(x_axis.lo, x_axis.decimals), " 到 ",
                FixedDecimal(x_axis.hi, x_axis.decimals));
  }
  desc += Cat("；纵轴：", WithUnit(chart.y_title, chart.y_unit), "，从 ",
              FixedDecimal(y_axis.lo, y_axis.decimals), " 到 ",
              FixedDecimal(y_axis.hi, y_axis.decimals), "；系列：", names);
  for (const ChartMarker& m : chart.markers) desc += Cat("；标记：", m.label);
  desc += "。数据见图下的表。";

  std::string svg = Cat(
      "<svg class='chart' xmlns='http://www.w3.org/2000/svg' width='", Number(width), "' height='",
      Number(height), "' viewBox='0 0 ", Number(width), " ", Number(height),
      "' font-size='12' role='img' aria-labelledby='", EscapeHtml(title_id), " ",
      EscapeHtml(desc_id), "'>\n<title id='", EscapeHtml(title_id), "'>", EscapeHtml(chart.title),
      "</title><desc id='", EscapeHtml(desc_id), "'>", EscapeHtml(desc), "</desc>\n");
  // The y axis: grid lines, ticks and numbers, title.
  for (int i = 0; i <= y_axis.intervals; ++i) {
    const double y = py(y_axis.Tick(i));
    svg += SvgLine(kLeft, y, width - kRight, y, "stroke='#e5e5e5'");
    svg += SvgText(kLeft - 6, y + 4, "end", FixedDecimal(y_axis.Tick(i), y_axis.decimals),
                   " class='tick y-tick'");
  }
  const double y_middle = kTop + plot_h / 2;
  svg +=
      SvgText(16, y_middle, "middle", WithUnit(chart.y_title, chart.y_unit),
              Cat(" class='axis-title y-title' transform='rotate(-90 16 ", Number(y_middle), ")'"));
  // The x axis: numbers at nice ticks, or the category names.
  if (categorical) {
    const size_t every = (points + 11) / 12;  // at most about 12 names under a line chart
    for (size_t i = 0; i < points; ++i) {
      if (chart.kind == ChartKind::kLine && i % every != 0 && i + 1 != points) continue;
      if (slanted) {
        svg += SvgText(px(i), plot_bottom + 14, "end", chart.categories[i],
                       Cat(" class='tick x-tick' transform='rotate(-40 ", Number(px(i)), " ",
                           Number(plot_bottom + 14), ")'"));
      } else {
        svg +=
            SvgText(px(i), plot_bottom + 18, "middle", chart.categories[i], " class='tick x-tick'");
      }
    }
  } else {
    for (int i = 0; i <= x_axis.intervals; ++i) {
      const double x = px_value(x_axis.Tick(i));
      svg += SvgLine(x, plot_bottom, x, plot_bottom + 5, "stroke='#444'");
      svg += SvgText(x, plot_bottom + 18, "middle", FixedDecimal(x_axis.Tick(i), x_axis.decimals),
                     " class='tick x-tick'");
    }
  }
  svg += SvgText(kLeft + plot_w / 2, height - 10, "middle", WithUnit(chart.x_title, chart.x_unit),
                 " class='axis-title x-title'");
  svg += SvgLine(kLeft, kTop, kLeft, plot_bottom, "stroke='#444'");
  svg += SvgLine(kLeft, py(0), width - kRight, py(0), "stroke='#444'");

  // The data.
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const ChartSeries& series = chart.series[s];
    const char* color = kColors[s % std::size(kColors)];
    const size_t n = std::min(series.values.size(), points);
    if (chart.kind == ChartKind::kBar) {
      const double bar = slot * 0.8 / static_cast<double>(chart.series.size());
      for (size_t i = 0; i < n; ++i) {
        const double x =
            kLeft + static_cast<double>(i) * slot + slot * 0.1 + static_cast<double>(s) * bar;
        const double y0 = py(0), y1 = py(series.values[i]);
        svg += Cat("<rect x='", Number(x), "' y='", Number(std::min(y0, y1)), "' width='",
                   Number(bar), "' height='", Number(std::fabs(y0 - y1)), "' fill='", color, "'/>");
        svg += SvgText(x + bar / 2, series.values[i] < 0 ? y1 + 12 : y1 - 3, "middle",
                       ValueLabel(chart, series, i), " class='bar-value' font-size='10'");
      }
    } else {
      std::string line;
      for (size_t i = 0; i < n; ++i) {
        line += Cat(i ? " " : "", Number(px(i)), ",", Number(py(series.values[i])));
      }
      svg +=
          Cat("<polyline fill='none' stroke='", color, "' stroke-width='2' points='", line, "'/>");
      for (size_t i = 0; i < n; ++i) {
        svg += Cat("<circle cx='", Number(px(i)), "' cy='", Number(py(series.values[i])),
                   "' r='2.5' fill='", color, "'/>");
      }
    }
  }
  // Markers on a numeric x axis, each label a line lower than the one before.
  double marker_y = kTop + 12;
  for (const ChartMarker& m : chart.markers) {
    if (categorical || m.x < x_axis.lo || m.x > x_axis.hi) continue;
    const double x = px_value(m.x);
    const bool right_half = x > kLeft + plot_w * 0.7;
    svg += SvgLine(x, kTop, x, plot_bottom, "stroke='#111' stroke-dasharray='5 3'");
    svg += SvgText(right_half ? x - 4 : x + 4, marker_y, right_half ? "end" : "start", m.label,
                   " class='marker' font-weight='bold'");
    marker_y += 14;
  }
  // The legend, along the top.
  double legend_x = kLeft;
  for (size_t s = 0; s < chart.series.size(); ++s) {
    svg += Cat("<rect x='", Number(legend_x), "' y='14' width='12' height='12' fill='",
               kColors[s % std::size(kColors)], "'/>");
    svg += SvgText(legend_x + 16, 24, "start", chart.series[s].name, " class='legend'");
    legend_x += 16 + TextWidth(chart.series[s].name) + 20;
  }
  svg += "</svg>\n";

  // The data as a table.
  std::vector<std::string> header = {WithUnit(chart.x_title, chart.x_unit)};
  for (const ChartSeries& s : chart.series) header.push_back(WithUnit(s.name, chart.y_unit));
  std::vector<std::vector<std::string>> rows;
  for (size_t i = 0; i < points; ++i) {
    std::vector<std::string> row = {categorical ? chart.categories[i]
                                                : FixedDecimal(chart.x[i], chart.x_decimals)};
    for (const ChartSeries& s : chart.series) {
      row.push_back(i < s.values.size() ? ValueLabel(chart, s, i) : "");
    }
    rows.push_back(std::move(row));
  }
  return Cat("<figure id='", EscapeHtml(chart.id), "'>\n<figcaption>", EscapeHtml(chart.title),
             "</figcaption>\n", svg, "<details><summary>数据表</summary>\n",
             HtmlTable(header, rows, categorical ? 1 : 0, "chart-data"), "</details>\n</figure>\n");
}

}  // namespace safetynet::report
