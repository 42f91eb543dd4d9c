#include "engine/capacity/capacity_html.h"

#include "engine/common/text.h"
#include "engine/report/html_text.h"
#include "engine/report/svg_chart.h"

namespace safetynet::capacity {
namespace {

report::Chart SizeChart(const CapacityPage& page, std::string id, std::string title) {
  report::Chart chart;
  chart.id = std::move(id);
  chart.title = std::move(title);
  chart.x_title = "records";
  chart.x_unit = "million";
  chart.x_decimals = 2;
  chart.x = page.million_records;
  return chart;
}

}  // namespace

std::string CapacityHtml(const CapacityPage& page) {
  report::Chart time = SizeChart(page, "capacity-time", "Nightly run: wall time against the data");
  time.y_title = "wall time";
  time.y_unit = "s";
  time.y_decimals = 2;
  report::Chart memory =
      SizeChart(page, "capacity-memory", "Nightly run: peak memory against the data");
  memory.y_title = "peak memory";
  memory.y_unit = "MB";
  memory.y_decimals = 0;
  for (const CapacityCurve& curve : page.curves) {
    time.series.push_back({curve.name, curve.seconds, {}});
    memory.series.push_back({curve.name, curve.megabytes, {}});
  }
  std::vector<std::vector<std::string>> rows;
  for (const ProjectionRow& p : page.projection) {
    rows.push_back({p.target, p.records, p.time_measured, p.time_server, p.memory, p.fits_window,
                    p.fits_memory});
  }
  const std::string body =
      Cat("<h1>safetynet capacity report</h1>\n", report::RenderChart(time),
          report::RenderChart(memory), "<h2>Projection",
          page.unreliable ? " (unreliable: see the report below)" : "", "</h2>\n",
          report::HtmlTable({"target", "records", Cat("time on ", page.measured_threads, " cores"),
                             Cat("time on ", page.server_cores, " cores"), "peak memory",
                             "fits the window", "fits the memory"},
                            rows, 1, "projection"),
          "<h2>The report</h2>\n<pre>", report::EscapeHtml(page.report_md), "</pre>\n");
  return report::HtmlPage("safetynet capacity", body);
}

}  // namespace safetynet::capacity
