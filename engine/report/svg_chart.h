// The one chart helper of the pages (sweep.html, capacity.html, report.html):
// a line chart or a bar chart as inline SVG, with its data as a table under
// it. Every chart has:
// - both axes titled, with their units: "月度费用（万元）";
// - 4 to 6 ticks on each value axis at "nice" steps (1, 2 or 5 x 10^n),
//   numbers written at each;
// - a y axis that always includes zero: it runs from 0 up to the largest
//   value (or down to the lowest, if one is negative). A numeric x axis
//   runs from zero too, unless the chart says `x_from_data` (a range the
//   user asked for, such as the values of a sweep, 800 to 1000 yuan:
//   drawn from 0 it would squeeze the curve to the right edge);
// - a legend naming each series (also for one series);
// - vertical marker lines with a label ("今日 890", "拟 950") on a numeric
//   x axis;
// - on bars, each bar's value written above it;
// - a text alternative: the SVG is role='img' with <title> and <desc>;
// - the data as a <table> under it (in a <details> element: the numbers
//   behind the picture, for a screen reader, a copy or a check).
// Output is deterministic: the same Chart gives the same bytes (fixed
// number formatting, no locale, no clock). Pure function; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace safetynet::report {

enum class ChartKind { kLine, kBar };

struct ChartSeries {
  std::string name;            // in the legend and the table header
  std::vector<double> values;  // one per x value (or category), in the y unit
  // If not empty, one per value: how the value is written on its bar and in
  // the table (e.g. 万元 from exact fen); else FixedDecimal(value, y_decimals).
  std::vector<std::string> labels;
};

struct ChartMarker {
  double x = 0;       // on the numeric x axis; a marker outside the axis is left out
  std::string label;  // written at the top of the line: "今日 890"
};

struct Chart {
  ChartKind kind = ChartKind::kLine;
  std::string id;               // unique in the page: the ids of <title> and <desc> derive from it
  std::string title;            // the caption, and the SVG's <title>
  std::string x_title, x_unit;  // "dibao.urban", "元"; the unit may be empty
  std::string y_title, y_unit;
  // The x axis: `categories` (bar charts, and line charts over named points
  // such as nights), else the numbers `x` (line charts only).
  std::vector<std::string> categories;
  std::vector<double> x;
  bool x_from_data = false;  // numeric x: the axis spans the data, not from zero
  int x_decimals = 0;        // numeric x in the table and on markers
  int y_decimals = 0;        // values in the table and on bars
  bool y_whole = false;      // the values are counts: no tick between whole numbers
  std::vector<ChartSeries> series;
  std::vector<ChartMarker> markers;
};

// The chart as HTML: <figure> holding a <figcaption>, the <svg> and a
// <details> with the data table. Each series must have one value per x
// value or category; a value that is missing (series shorter) is not
// drawn. A chart with no point at all is still drawn (axes 0 to 1).
std::string RenderChart(const Chart& chart);

}  // namespace safetynet::report
