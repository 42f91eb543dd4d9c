// Writes the pages rendered from hand-made inputs into OUT_DIR for the
// browser tests (sample_pages_test.sh checks what they show):
//   report.html        RenderNightReportHtml of SampleNightReport()
//   report_empty.html  the same of a night with nothing, and no case store
//   capacity.html      CapacityHtml of a small hand-made result
// Usage: safetynet_sample_pages OUT_DIR
#include <cstdio>
#include <string>

#include "engine/capacity/capacity_html.h"
#include "engine/io/files.h"
#include "engine/report/night_report.h"
#include "tests/report/sample_night_report.h"

namespace safetynet {
namespace {

report::NightReport EmptyNight() {
  report::NightReport r;
  r.as_of = "2025-07-01";
  return r;
}

capacity::CapacityPage Capacity() {
  capacity::CapacityPage page;
  page.million_records = {0.5, 1, 2};
  page.curves = {{"1 thread(s)", {1.25, 2.5, 5.1}, {120, 230, 455}},
                 {"2 thread(s)", {0.75, 1.5, 2.9}, {125, 240, 470}}};
  page.measured_threads = 2;
  page.server_cores = 32;
  page.projection = {
      {"Weihai (the city preset)", "1.0 M", "1.5 s", "0.4 s", "0.2 GiB", "yes", "yes"},
      {"Shandong (35 x Weihai)", "35.0 M", "52.5 s", "12.3 s", "8.0 GiB", "yes", "yes"}};
  page.report_md = "# Capacity report\n\n| a | b |\n|---|---|\n| <x> & y | 1 |\n";
  return page;
}

int Main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: safetynet_sample_pages OUT_DIR\n");
    return 2;
  }
  const std::string out = argv[1];
  for (auto [name, html] :
       {std::pair<std::string, std::string>{
            "report.html", report::RenderNightReportHtml(report::SampleNightReport())},
        {"report_empty.html", report::RenderNightReportHtml(EmptyNight())},
        {"capacity.html", capacity::CapacityHtml(Capacity())}}) {
    if (absl::Status status = WriteFileAtomically(out + "/" + name, html); !status.ok()) {
      std::fprintf(stderr, "safetynet_sample_pages: %s\n", std::string(status.message()).c_str());
      return 1;
    }
  }
  return 0;
}

}  // namespace
}  // namespace safetynet

int main(int argc, char** argv) { return safetynet::Main(argc, argv); }
