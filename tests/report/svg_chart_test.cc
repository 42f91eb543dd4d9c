// The chart helper (engine/report/svg_chart.h): nice ticks from zero, axis
// titles with units, markers, bar values, the text alternative and the data
// table, the same bytes for the same chart, and text escaped.
#include "engine/report/svg_chart.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <vector>

namespace safetynet::report {
namespace {

// The numbers written at the ticks of one axis ("y-tick" or "x-tick").
std::vector<std::string> Ticks(const std::string& html, const std::string& axis) {
  std::vector<std::string> ticks;
  const std::regex tick("class='tick " + axis + "'>([^<]*)<");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tick); it != std::sregex_iterator();
       ++it) {
    ticks.push_back((*it)[1]);
  }
  return ticks;
}

Chart Line(std::vector<double> x, std::vector<double> y) {
  Chart chart;
  chart.id = "c";
  chart.title = "费用";
  chart.x_title = "dibao.urban";
  chart.x_unit = "元";
  chart.y_title = "月度费用";
  chart.y_unit = "万元";
  chart.x = std::move(x);
  chart.series = {{"月度费用", std::move(y), {}}};
  return chart;
}

TEST(RenderChart, NiceTicksFromZero) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Ticks(RenderChart(Line({0, 1}, {0, 10})), "y-tick"),
            (V{"0", "2", "4", "6", "8", "10"}));
  EXPECT_EQ(Ticks(RenderChart(Line({0, 1}, {3, 11})), "y-tick"), (V{"0", "5", "10", "15"}));
  EXPECT_EQ(Ticks(RenderChart(Line({0, 1}, {0.3, 1.7})), "y-tick"),
            (V{"0.0", "0.5", "1.0", "1.5", "2.0"}));
  EXPECT_EQ(Ticks(RenderChart(Line({0, 1}, {0, 0})), "y-tick"),
            (V{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}));
  // The y axis starts at zero however high the values: 800 to 1000 is drawn from 0.
  EXPECT_EQ(Ticks(RenderChart(Line({0, 1}, {800, 1000})), "y-tick"),
            (V{"0", "200", "400", "600", "800", "1000"}));
  // A numeric x axis from zero, unless the data says otherwise.
  EXPECT_EQ(Ticks(RenderChart(Line({800, 1000}, {1, 2})), "x-tick"),
            (V{"0", "200", "400", "600", "800", "1000"}));
  Chart from_data = Line({800, 1000}, {1, 2});
  from_data.x_from_data = true;
  EXPECT_EQ(Ticks(RenderChart(from_data), "x-tick"), (V{"800", "850", "900", "950", "1000"}));
  // Counts have no tick between whole numbers, and at least 4 ticks.
  Chart counts = Line({0, 1}, {0, 1});
  counts.y_whole = true;
  EXPECT_EQ(Ticks(RenderChart(counts), "y-tick"), (V{"0", "1", "2", "3"}));
}

TEST(RenderChart, AlwaysFourToSixTicksWithZero) {
  for (double top = 0.013; top < 1e7; top *= 1.37) {
    const std::vector<std::string> ticks = Ticks(RenderChart(Line({0, 1}, {0, top})), "y-tick");
    EXPECT_GE(ticks.size(), 4u) << top;
    EXPECT_LE(ticks.size(), 6u) << top;
    EXPECT_EQ(std::stod(ticks.front()), 0) << top;
    EXPECT_GE(std::stod(ticks.back()), top) << top;
  }
}

TEST(RenderChart, TitlesUnitsMarkersAndTheTextAlternative) {
  Chart chart = Line({800, 900, 1000}, {1.5, 2.25, 3});
  chart.x_from_data = true;
  chart.markers = {{890, "今日 890"}, {950, "拟 950"}, {2000, "outside"}};
  chart.y_decimals = 2;
  const std::string html = RenderChart(chart);
  EXPECT_NE(html.find("class='axis-title x-title'>dibao.urban（元）<"), std::string::npos);
  EXPECT_NE(html.find("class='axis-title y-title'"), std::string::npos);
  EXPECT_NE(html.find(">月度费用（万元）<"), std::string::npos);
  EXPECT_NE(html.find("class='marker' font-weight='bold'>今日 890<"), std::string::npos);
  EXPECT_NE(html.find(">拟 950<"), std::string::npos);
  EXPECT_EQ(html.find(">outside<"), std::string::npos);  // off the axis: not drawn
  EXPECT_NE(html.find("role='img' aria-labelledby='c-title c-desc'"), std::string::npos);
  EXPECT_NE(html.find("<desc id='c-desc'>折线图：费用。"), std::string::npos);
  EXPECT_NE(html.find("class='legend'>月度费用<"), std::string::npos);
  // The data table: x with x_decimals, values with y_decimals.
  EXPECT_NE(html.find("<tr><td>900</td><td>2.25</td></tr>"), std::string::npos) << html;
  EXPECT_EQ(html, RenderChart(chart));  // deterministic
}

TEST(RenderChart, BarsCarryTheirValuesAndTextIsEscaped) {
  Chart chart;
  chart.kind = ChartKind::kBar;
  chart.id = "b";
  chart.title = "a<b";
  chart.x_title = "镇街";
  chart.y_title = "预警数";
  chart.categories = {"<script>", "环翠"};
  chart.series = {{"高", {3, 12}, {}}, {"低", {0, 7}, {"零", "七"}}};
  const std::string html = RenderChart(chart);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a&lt;b"), std::string::npos);
  EXPECT_NE(html.find("class='bar-value' font-size='10'>12<"), std::string::npos);
  EXPECT_NE(html.find("class='bar-value' font-size='10'>七<"), std::string::npos);
  EXPECT_NE(html.find("<tr><td class='t'>环翠</td><td>12</td><td>七</td></tr>"), std::string::npos);
}

}  // namespace
}  // namespace safetynet::report
