// capacity.html: the capacity report as a self-contained page
// (engine/report/): charts of wall time and peak memory against the data
// size, one line per thread count, each axis from zero; the projection as a
// table; then the whole of capacity.md as text. RunCapacity fills a
// CapacityPage from its measurements; tests fill one by hand. Pure
// function; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace safetynet::capacity {

// One thread count's measurements, one per data size of the page.
struct CapacityCurve {
  std::string name;                        // "1 thread(s)"
  std::vector<double> seconds, megabytes;  // median wall time and peak memory
};

// One target of the projection, as capacity.md writes it.
struct ProjectionRow {
  std::string target, records, time_measured, time_server, memory, fits_window, fits_memory;
};

struct CapacityPage {
  std::vector<double> million_records;  // the data sizes measured (x of the charts)
  std::vector<CapacityCurve> curves;
  int measured_threads = 1;  // the most threads measured, and the server's cores
  int server_cores = 32;
  bool unreliable = false;  // ProjectionCaveats were found (said in report_md)
  std::vector<ProjectionRow> projection;
  std::string report_md;  // capacity.md, shown whole under the charts and the table
};

std::string CapacityHtml(const CapacityPage& page);

}  // namespace safetynet::capacity
