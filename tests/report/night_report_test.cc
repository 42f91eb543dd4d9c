// The night report page (engine/report/night_report.h) from a hand-made
// NightReport: the numbers present, text escaped, 万元 on the boundaries,
// towns in order, and each empty section saying so.
#include "engine/report/night_report.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/report/sample_night_report.h"

namespace safetynet::report {
namespace {

bool Has(const std::string& html, const std::string& text) {
  return html.find(text) != std::string::npos;
}

TEST(NightReport, HeadlineAndNumbers) {
  const std::string html = RenderNightReportHtml(SampleNightReport());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Has(html, "<html lang='zh-CN'>"));
  EXPECT_TRUE(Has(html, "<meta charset='utf-8'>"));
  EXPECT_TRUE(Has(html, "class='warnings' role='alert'"));
  EXPECT_TRUE(Has(html, "<li>快照比夜晚早 1 天</li>"));
  EXPECT_LT(html.find("class='warnings'"), html.find("class='headline'"));
  EXPECT_TRUE(Has(html, "高级别预警</span><span class='value'>17<"));
  EXPECT_TRUE(Has(html, "新增个案</span><span class='value'>12<"));
  // 98,765,432 + 5,000 fen = 98.770432 万元.
  EXPECT_TRUE(Has(html, "月度支出</span><span class='value'>98.77<"));
  EXPECT_TRUE(Has(html, "<td class='t'>低保</td><td>1200</td><td>98.77</td><td>987654.32</td>"));
  // 5000 fen is 0.005 万元: half away from zero.
  EXPECT_TRUE(Has(html, "<td class='t'>特困</td><td>30</td><td>0.01</td><td>50.00</td>"));
  EXPECT_TRUE(Has(html, "<td class='t'>合计</td><td>1230</td><td>98.77</td><td>987704.32</td>"));
  EXPECT_TRUE(Has(html, "<td class='t'>收入超标</td><td>55</td>"));
  EXPECT_TRUE(Has(html, "4 个对象"));
  EXPECT_TRUE(Has(html, "id='trend'"));
  EXPECT_TRUE(Has(html, "id='severity'"));
  EXPECT_TRUE(Has(html, "id='entitlements'"));
  EXPECT_FALSE(Has(html, "http://") && !Has(html, "xmlns='http://www.w3.org/2000/svg'"));
  EXPECT_FALSE(Has(html, "src="));
  EXPECT_EQ(html, RenderNightReportHtml(SampleNightReport()));
}

TEST(NightReport, TownNamedScriptIsEscaped) {
  const std::string html = RenderNightReportHtml(SampleNightReport());
  EXPECT_FALSE(Has(html, "<script"));
  EXPECT_TRUE(Has(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST(NightReport, TownsByHighThenTotal) {
  const std::string html = RenderNightReportHtml(SampleNightReport());
  const size_t table = html.find("<table class='towns'>");
  ASSERT_NE(table, std::string::npos);
  const size_t sunjia = html.find("孙家疃街道", table), mishan = html.find("米山镇", table),
               script = html.find("&lt;script&gt;", table), shidao = html.find("石岛管理区", table);
  EXPECT_LT(sunjia, mishan);  // 9 高 each; 14 before 12 in total
  EXPECT_LT(mishan, script);  // 1 高
  EXPECT_LT(script, shidao);  // 0 高, though 32 in total
  EXPECT_TRUE(Has(html, "<td class='t'>孙家疃街道</td><td>9</td><td>5</td><td>0</td><td>14</td>"));
}

TEST(NightReport, LargestChangesFirst) {
  const std::string html = RenderNightReportHtml(SampleNightReport());
  const size_t table = html.find("<table class='changes'>");
  ASSERT_NE(table, std::string::npos);
  EXPECT_LT(html.find("<td class='t'>收入超标</td><td>40</td><td>55</td><td>+15</td>", table),
            html.find("<td class='t'>石岛管理区</td><td>40</td><td>32</td><td>-8</td>", table));
  EXPECT_LT(html.find("石岛管理区", table), html.find("米山镇</td><td>10</td>", table));
}

TEST(NightReport, TheFirstTwentyTownsInTheChartAllInTheTable) {
  NightReport r = SampleNightReport();
  r.by_town.clear();
  for (int i = 0; i < 25; ++i)
    r.by_town.push_back({"371002", "环翠区", "镇" + std::to_string(i), i, 0, 0});
  const std::string html = RenderNightReportHtml(r);
  const size_t chart = html.find("id='towns'"), table = html.find("<table class='towns'>");
  ASSERT_NE(chart, std::string::npos);
  const std::string in_chart = html.substr(chart, table - chart);
  EXPECT_TRUE(Has(in_chart, ">镇24<"));
  EXPECT_TRUE(Has(in_chart, ">镇5<"));
  EXPECT_FALSE(Has(in_chart, ">镇4<"));
  EXPECT_TRUE(Has(html.substr(table), ">镇4<"));
  EXPECT_TRUE(Has(html.substr(table), ">镇0<"));
}

// Two towns of the same name in two districts: the chart names their districts.
TEST(NightReport, ATownNameInTwoDistrictsIsToldApart) {
  NightReport r;
  r.by_town = {{"371002", "环翠区", "张村镇", 3, 0, 0},
               {"371003", "文登区", "张村镇", 2, 0, 0},
               {"371003", "文登区", "米山镇", 1, 0, 0}};
  const std::string html = RenderNightReportHtml(r);
  EXPECT_TRUE(Has(html, ">环翠区 张村镇<"));
  EXPECT_TRUE(Has(html, ">文登区 张村镇<"));
  EXPECT_TRUE(Has(html, ">米山镇<"));  // a name of its own stays alone
  EXPECT_FALSE(Has(html, ">文登区 米山镇<"));
}

TEST(NightReport, EmptySectionsSaySo) {
  NightReport r;
  r.as_of = "2025-07-01";
  const std::string html = RenderNightReportHtml(r);
  EXPECT_FALSE(Has(html, "class='warnings'"));
  EXPECT_FALSE(Has(html, "<svg"));  // no empty chart
  EXPECT_TRUE(Has(html, "今晚没有预警。"));
  EXPECT_TRUE(Has(html, "未使用个案库"));
  EXPECT_TRUE(Has(html, "新增个案</span><span class='value'>未记录<"));
  EXPECT_TRUE(Has(html, "今晚没有规则产生预警。"));
  EXPECT_TRUE(Has(html, "今晚没有镇街有预警。"));
  EXPECT_TRUE(Has(html, "没有上一个夜晚可比较"));
  EXPECT_TRUE(Has(html, "今晚没有计算待遇。"));
  EXPECT_TRUE(Has(html, "月度支出</span><span class='value'>0.00<"));
  EXPECT_TRUE(Has(html, "没有无法判定的对象。"));
  r.has_cases = true;
  r.trend = {{"2025-07-01", 3, 3, 0}};  // one night: no line to draw
  const std::string one_night = RenderNightReportHtml(r);
  EXPECT_TRUE(Has(one_night, "只有 1 个夜晚"));
  EXPECT_FALSE(Has(one_night, "id='trend'"));
  EXPECT_TRUE(Has(one_night, "今晚没有个案。"));
}

TEST(NightReport, AMonthlyTotalTooLargeIsSaidNotWrapped) {
  NightReport r = SampleNightReport();
  r.entitlements = {{"低保", 1, INT64_MAX}, {"特困", 1, INT64_MAX}};
  const std::string html = RenderNightReportHtml(r);
  EXPECT_TRUE(Has(html, "月度支出</span><span class='value'>超出范围<"));
}

}  // namespace
}  // namespace safetynet::report
