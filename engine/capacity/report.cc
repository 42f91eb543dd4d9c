#include "engine/capacity/report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

#include "engine/capacity/measure.h"
#include "engine/capacity/projection_text.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/files.h"
#include "engine/io/output_folder.h"
#include "engine/io/scratch_folder.h"

namespace safetynet::capacity {
namespace {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The median, stage by stage, of repeated measurements of one configuration.
Measurement MedianOf(const std::vector<Measurement>& runs) {
  Measurement m = runs.front();
  auto median = [&](double Measurement::*field) {
    std::vector<double> values;
    for (const Measurement& run : runs) values.push_back(run.*field);
    m.*field = Median(values);
  };
  for (double Measurement::*field :
       {&Measurement::wall, &Measurement::load, &Measurement::match, &Measurement::columns,
        &Measurement::alerts, &Measurement::entitlements, &Measurement::records,
        &Measurement::write}) {
    median(field);
  }
  std::vector<double> peaks;
  for (const Measurement& run : runs) peaks.push_back(static_cast<double>(run.peak_bytes));
  m.peak_bytes = static_cast<size_t>(Median(peaks));
  return m;
}

struct Line {
  double intercept = 0, slope = 0, r2 = 0;
  double At(double x) const { return intercept + slope * x; }
};

Line Fit(const std::vector<std::pair<double, double>>& points) {
  double n = static_cast<double>(points.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [x, y] : points) sx += x, sy += y, sxx += x * x, sxy += x * y;
  Line line;
  double d = n * sxx - sx * sx;
  if (d == 0) return line;
  line.slope = (n * sxy - sx * sy) / d;
  line.intercept = (sy - line.slope * sx) / n;
  double mean = sy / n, total = 0, residual = 0;
  for (auto [x, y] : points)
    total += (y - mean) * (y - mean), residual += (y - line.At(x)) * (y - line.At(x));
  line.r2 = total > 0 ? 1 - residual / total : 1;
  return line;
}

// A line chart as inline SVG: series of (x, y) points, each with a color.
struct Series {
  std::string name, color;
  std::vector<std::pair<double, double>> points;
};

std::string Chart(const std::string& title, const std::string& x_label, const std::string& y_label,
                  const std::vector<Series>& series) {
  const double width = 640, height = 320, left = 70, right = 20, top = 30, bottom = 45;
  double x_max = 0, y_max = 0;
  for (const Series& s : series) {
    for (auto [x, y] : s.points) x_max = std::max(x_max, x), y_max = std::max(y_max, y);
  }
  if (x_max <= 0) x_max = 1;
  if (y_max <= 0) y_max = 1;
  auto px = [&](double x) { return left + x / x_max * (width - left - right); };
  auto py = [&](double y) { return top + (1 - y / y_max) * (height - top - bottom); };
  std::string svg =
      Cat("<figure><svg width='", static_cast<int>(width), "' height='", static_cast<int>(height),
          "' xmlns='http://www.w3.org/2000/svg' font-size='11'><text x='", static_cast<int>(left),
          "' y='16' font-weight='bold'>", title, "</text>");
  svg += Cat("<line x1='", left, "' y1='", top, "' x2='", left, "' y2='", height - bottom,
             "' stroke='#444'/>", "<line x1='", left, "' y1='", height - bottom, "' x2='",
             width - right, "' y2='", height - bottom, "' stroke='#444'/>");
  svg += Cat("<text x='", left - 4, "' y='", top + 4, "' text-anchor='end'>",
             Fixed(y_max, y_max < 10 ? 2 : 0), "</text><text x='", left - 4, "' y='",
             height - bottom, "' text-anchor='end'>0</text>");
  svg += Cat("<text x='", width - right, "' y='", height - bottom + 14, "' text-anchor='end'>",
             Fixed(x_max, x_max < 10 ? 2 : 1), "</text><text x='", (left + width - right) / 2,
             "' y='", height - 8, "' text-anchor='middle'>", x_label, "</text><text x='12' y='",
             (top + height - bottom) / 2, "' transform='rotate(-90 12,",
             (top + height - bottom) / 2, ")' text-anchor='middle'>", y_label, "</text>");
  double legend_y = top + 6;
  for (const Series& s : series) {
    std::string points;
    for (auto [x, y] : s.points) points += Cat(Fixed(px(x), 1), ",", Fixed(py(y), 1), " ");
    svg += Cat("<polyline fill='none' stroke='", s.color, "' stroke-width='2' points='", points,
               "'/>");
    for (auto [x, y] : s.points) {
      svg += Cat("<circle cx='", Fixed(px(x), 1), "' cy='", Fixed(py(y), 1), "' r='3' fill='",
                 s.color, "'/>");
    }
    svg += Cat("<text x='", left + 12, "' y='", legend_y + 10, "' fill='", s.color, "'>&#9632; ",
               s.name, "</text>");
    legend_y += 14;
  }
  return svg + "</svg></figure>\n";
}

struct Target {
  std::string name;
  RunSize size;
};

}  // namespace

std::vector<std::string> ProjectionCaveats(const CapacityOptions& o) {
  std::vector<std::string> caveats;
  if (o.scales.size() < 3) {
    caveats.push_back(Cat("only ", o.scales.size(),
                          " data size(s) measured (--scales): a line always passes through two "
                          "points, so how time and memory grow is not tested; measure at least 3"));
  }
  if (o.threads.size() < 2 || std::find(o.threads.begin(), o.threads.end(), 1) == o.threads.end()) {
    caveats.push_back(
        Cat("no speed-up measured (--threads needs 1 and a larger count): the time on ",
            o.server_cores, " cores is projected as if more cores gave none"));
  }
  if (o.repetitions < 3) {
    caveats.push_back(Cat(o.repetitions,
                          " run(s) per configuration (--repetitions): no median of 3 "
                          "to smooth out a slow run"));
  }
  return caveats;
}

std::string CapacityCommandLine(const CapacityOptions& o, const std::string& out) {
  auto list = [](const auto& values) {
    std::string text;
    for (const auto& value : values) text += (text.empty() ? "" : ",") + ShortestDecimal(value);
    return text;
  };
  return Cat("safetynet capacity --scales ", list(o.scales), " --threads ", list(o.threads),
             " --repetitions ", o.repetitions, " --cores ", o.server_cores, " --memory-gib ",
             ShortestDecimal(o.server_memory_gib), " --window-hours ",
             ShortestDecimal(o.window_hours), " --rules ", o.rules, " --out ", out);
}

absl::Status RunCapacity(const CapacityOptions& o, OutputFolder& out) {
  auto say = [&](const std::string& text) {
    if (o.progress) o.progress(text);
  };
  SAFETYNET_ASSIGN_OR_RETURN(const ScratchFolder scratch_folder,
                             ScratchFolder::Create(o.scratch_dir, "safetynet-capacity"));
  const std::string& scratch = scratch_folder.path();  // removed however the measuring ends
  const int max_threads = *std::max_element(o.threads.begin(), o.threads.end());

  // Measure.
  std::map<std::pair<double, int>, Measurement> at;  // (scale, threads) -> medians
  const double largest = *std::max_element(o.scales.begin(), o.scales.end());
  Measurement by_district;  // the largest data district by district, with the most threads
  for (double scale : o.scales) {
    std::string snapshot = Cat(scratch, "/city-x", ShortestDecimal(scale), ".snap");
    say(Cat("generating city x", ShortestDecimal(scale)));
    SAFETYNET_RETURN_IF_ERROR(MakeSnapshot(o.safetynet, o.rules, scale, 1.0, snapshot));
    for (int threads : o.threads) {
      std::vector<Measurement> runs;
      for (int r = 0; r < o.repetitions; ++r) {
        say(Cat("nightly run: city x", ShortestDecimal(scale), ", ", threads, " thread(s), run ",
                r + 1, " of ", o.repetitions));
        SAFETYNET_ASSIGN_OR_RETURN(
            Measurement m, MeasureRun(o.safetynet, snapshot, o.rules, threads, scratch + "/out"));
        runs.push_back(m);
      }
      at[{scale, threads}] = MedianOf(runs);
    }
    if (scale == largest) {
      std::vector<Measurement> runs;
      for (int r = 0; r < o.repetitions; ++r) {
        say(Cat("nightly run district by district: city x", ShortestDecimal(scale), ", run ",
                r + 1));
        SAFETYNET_ASSIGN_OR_RETURN(Measurement m, MeasureRun(o.safetynet, snapshot, o.rules,
                                                             max_threads, scratch + "/out", true));
        runs.push_back(m);
      }
      by_district = MedianOf(runs);
    }
    ::unlink(snapshot.c_str());
  }
  // The reference size (x1 if measured), and the same with twice the signals,
  // to tell what a signal costs from what a person costs.
  const double one =
      std::find(o.scales.begin(), o.scales.end(), 1.0) != o.scales.end() ? 1.0 : o.scales.front();
  std::string heavy = scratch + "/city-2x-signals.snap";
  say(Cat("generating city x", ShortestDecimal(one), " with twice the signals"));
  SAFETYNET_RETURN_IF_ERROR(MakeSnapshot(o.safetynet, o.rules, one, 2.0, heavy));
  std::vector<Measurement> heavy_runs;
  for (int r = 0; r < o.repetitions; ++r) {
    say(Cat("nightly run: city x", ShortestDecimal(one), " with twice the signals, run ", r + 1));
    SAFETYNET_ASSIGN_OR_RETURN(
        Measurement m, MeasureRun(o.safetynet, heavy, o.rules, max_threads, scratch + "/out"));
    heavy_runs.push_back(m);
  }
  const Measurement heavy_run = MedianOf(heavy_runs);
  ::unlink(heavy.c_str());

  // Fit: time and memory against records, at the most threads measured.
  std::vector<std::pair<double, double>> time_points, memory_points;
  for (double scale : o.scales) {
    const Measurement& m = at[{scale, max_threads}];
    time_points.emplace_back(static_cast<double>(m.size.Records()), m.wall);
    memory_points.emplace_back(static_cast<double>(m.size.Records()),
                               static_cast<double>(m.peak_bytes));
  }
  const Line time_fit = Fit(time_points), memory_fit = Fit(memory_points);
  const Measurement& base = at[{one, max_threads}];
  const Measurement& single = at[{one, 1}];
  const std::string threads_text = Cat(max_threads, max_threads == 1 ? " thread" : " threads");
  // Measured only from 1 thread to more (ProjectionCaveats); else none is assumed.
  const bool speedup_measured = max_threads > 1 && single.wall > 0;
  const double speedup = speedup_measured ? single.wall / base.wall : 1;
  const double bytes_per_signal = std::max(
      0.0, (static_cast<double>(heavy_run.peak_bytes) - static_cast<double>(base.peak_bytes)) /
               static_cast<double>(heavy_run.size.signals - base.size.signals));
  const double subjects =
      static_cast<double>(base.size.households + base.size.persons + base.size.elderly);
  const double bytes_per_subject = (static_cast<double>(base.peak_bytes) -
                                    bytes_per_signal * static_cast<double>(base.size.signals)) /
                                   subjects;
  const double signals_per_subject = static_cast<double>(base.size.signals) /
                                     static_cast<double>(base.size.persons + base.size.elderly);
  const double persons_per_household =
      static_cast<double>(base.size.persons) / static_cast<double>(base.size.households);

  // Project.
  // Sizes as multiples of the city preset (the base run is x`one` of it).
  auto scaled = [&](double factor) {
    RunSize s;
    s.households = static_cast<size_t>(static_cast<double>(base.size.households) * factor / one);
    s.persons = static_cast<size_t>(static_cast<double>(base.size.persons) * factor / one);
    s.elderly = static_cast<size_t>(static_cast<double>(base.size.elderly) * factor / one);
    s.signals = static_cast<size_t>(static_cast<double>(base.size.signals) * factor / one);
    return s;
  };
  RunSize national;
  national.persons = 66'000'000;
  national.households = static_cast<size_t>(66e6 / persons_per_household);
  national.elderly = 280'000'000;
  national.signals = static_cast<size_t>((66e6 + 280e6) * signals_per_subject);
  const std::vector<Target> targets = {
      {"Weihai (the city preset)", scaled(1)},
      {"Shandong (35 x Weihai)", scaled(35)},
      {"the national platform (66 M people, 280 M elderly)", national}};
  const double doubling_exponent =
      std::log2(std::max(speedup, 1.0));  // each doubling of cores gives `speedup`
  auto project_time = [&](const RunSize& s, int cores) {
    double at_max_threads = time_fit.At(static_cast<double>(s.Records()));
    return at_max_threads / std::pow(static_cast<double>(cores) / max_threads, doubling_exponent);
  };
  auto project_memory = [&](const RunSize& s) {
    return bytes_per_subject * static_cast<double>(s.households + s.persons + s.elderly) +
           bytes_per_signal * static_cast<double>(s.signals);
  };

  // Write.
  char today[32];
  std::time_t now = std::time(nullptr);
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&now));
  std::string md = Cat(
      "# Capacity report\n\nGenerated on ", today, " by\n\n    ",
      CapacityCommandLine(o, out.folder()), "\n\non this machine (",
      ::sysconf(_SC_NPROCESSORS_ONLN), " cores). Every figure is ",
      o.repetitions == 1 ? std::string("from one run")
                         : Cat("the median of ", o.repetitions, " runs"),
      " of `safetynet run` (the rules of `", o.rules, "`, as of ", FormatIsoDate(by_district.as_of),
      " (the as-of date of the synthetic data), every output "
      "written) in a child process on synthetic data (`safetynet synth --preset city --scale X`); "
      "wall time includes start-up, compiling the rules and loading the snapshot from disk (page "
      "cache "
      "warm); memory is the run's peak resident set.\n\n");
  md +=
      "## Measured\n\n| data (x city) | records | threads | wall s | load s | match | columns | "
      "alerts | entitlements | records | write | peak MB "
      "|\n|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (double scale : o.scales) {
    for (int threads : o.threads) {
      const Measurement& m = at[{scale, threads}];
      md += Cat("| ", ShortestDecimal(scale), " | ", m.size.Records(), " | ", threads, " | ",
                Fixed(m.wall, 2), " | ", Fixed(m.load, 2), " | ", Fixed(m.match, 2), " | ",
                Fixed(m.columns, 2), " | ", Fixed(m.alerts, 2), " | ", Fixed(m.entitlements, 2),
                " | ", Fixed(m.records, 2), " | ", Fixed(m.write, 2), " | ", m.peak_bytes >> 20,
                " |\n");
    }
  }
  md += Cat("| ", ShortestDecimal(one), ", twice the signals | ", heavy_run.size.Records(), " | ",
            max_threads, " | ", Fixed(heavy_run.wall, 2), " | | | | | | | | ",
            heavy_run.peak_bytes >> 20, " |\n\n");
  md += "## Throughput per stage (city x" + ShortestDecimal(one) +
        ")\n\n| stage | records/s per core, 1 thread | records/s per core, " + threads_text +
        " | speed-up |\n|---|---|---|---|\n";
  const double records = static_cast<double>(base.size.Records());
  for (auto [name, field] : std::vector<std::pair<std::string, double Measurement::*>>{
           {"load (start-up, rules, snapshot)", &Measurement::load},
           {"match signals", &Measurement::match},
           {"evaluate values", &Measurement::columns},
           {"alerts", &Measurement::alerts},
           {"entitlements", &Measurement::entitlements},
           {"build output rows", &Measurement::records},
           {"write outputs", &Measurement::write},
           {"whole run", &Measurement::wall}}) {
    double s1 = single.*field, s2 = base.*field;
    md += Cat("| ", name, " | ", s1 > 0 ? Fixed(records / s1 / 1e6, 2) + " M" : "-", " | ",
              s2 > 0 ? Fixed(records / s2 / max_threads / 1e6, 2) + " M" : "-", " | ",
              s2 > 0 ? Fixed(s1 / s2, 2) : "-", " |\n");
  }
  const Measurement& whole_largest = at[{largest, max_threads}];
  md += Cat(
      "\n## District by district\n\n`safetynet run --by-district` reads the snapshot once, "
      "then once per district, "
      "keeping one district's data at a time (the outputs are the same, byte for byte: a "
      "test). City x",
      ShortestDecimal(largest), ", ", threads_text, ": whole run ", Fixed(whole_largest.wall, 2),
      " s, peak ", whole_largest.peak_bytes >> 20, " MB; district by district ",
      Fixed(by_district.wall, 2), " s, peak ", by_district.peak_bytes >> 20,
      " MB. Each district's lists go to sorted files, merged into the outputs at the end, "
      "and the snapshot is read a chunk at a time: nothing of a district stays in memory "
      "after it, and the peak is the largest district's data and evaluation.\n");
  const std::vector<std::string> caveats = ProjectionCaveats(o);
  const bool fitted = o.scales.size() >= 3;  // else R² is 1 whatever the data
  auto r2 = [&](const Line& line) {
    return fitted ? Cat("R² = ", Fixed(line.r2, 4)) : std::string("through 2 points: not a fit");
  };
  md += Cat("\n## How cost grows\n\nWith ", threads_text,
            ", wall time = ", LineText(time_fit.intercept, time_fit.slope * 1e6, 3, "s"), " (",
            r2(time_fit), ", from x", ShortestDecimal(o.scales.front()), " to x",
            ShortestDecimal(o.scales.back()), ")",
            !fitted              ? ""
            : time_fit.r2 > 0.98 ? ": linear in the data"
                                 : ": not quite linear",
            ". Peak memory = ",
            LineText(memory_fit.intercept / 1048576, memory_fit.slope * 1e6 / 1048576, 1, "MB"),
            " (", r2(memory_fit),
            ").\n\nPeak memory per million persons (or elderly "
            "residents, or households): ",
            Fixed(bytes_per_subject * 1e6 / 1048576, 0),
            " MB; per million signals: ", Fixed(bytes_per_signal * 1e6 / 1048576, 0),
            " MB (from the run with twice the signals). ",
            speedup_measured ? Cat("One to ", max_threads, " threads speeds the whole run up ",
                                   Fixed(speedup, 2), " times.\n\n")
                             : std::string("No speed-up was measured (--threads needs 1 and a "
                                           "larger count).\n\n"));
  if (!caveats.empty()) {
    md += "## Unreliable projection\n\nThis run was too small to project from:\n\n";
    for (const std::string& caveat : caveats) md += Cat("- ", caveat, ".\n");
    md +=
        Cat("\nThe figures below follow from it all the same; run `safetynet capacity` with its "
            "defaults for a projection to rely on.\n\n");
  }
  md += Cat("## Projection", caveats.empty() ? "" : " (unreliable: see above)",
            "\n\nMethod: time = the fitted line above at the target's record count, then "
            "divided by ",
            Fixed(speedup, 2), " for every doubling of cores beyond ", max_threads,
            " (the speed-up measured from 1 thread to ", threads_text,
            "; real servers may do better or worse: measure "
            "there). Memory = ",
            Fixed(bytes_per_subject, 0), " bytes per household, person or elderly resident + ",
            Fixed(bytes_per_signal, 0),
            " bytes per signal. Sizes: Shandong is 35 times the city preset; the national "
            "platform is 66 M people in the monitoring pool (",
            Fixed(persons_per_household, 2),
            " per household as in the preset), 280 M elderly residents and ",
            Fixed(signals_per_subject, 2),
            " signals per person as in the preset. Server: ", o.server_cores, " cores, ",
            ShortestDecimal(o.server_memory_gib), " GiB; nightly window ",
            ShortestDecimal(o.window_hours), " hours.\n\n| target | records | time on ",
            max_threads, " cores | time on ", o.server_cores,
            " cores | peak memory | fits the window | fits the memory |\n"
            "|---|---|---|---|---|---|---|\n");
  std::string verdicts;
  for (const Target& t : targets) {
    double t2 = project_time(t.size, max_threads), tn = project_time(t.size, o.server_cores);
    double memory_gib = project_memory(t.size) / 1073741824.0;
    const std::string fits_memory = Fits(memory_gib, o.server_memory_gib * 0.8);
    md += Cat("| ", t.name, " | ", Fixed(static_cast<double>(t.size.Records()) / 1e6, 1), " M | ",
              ProjectedTime(t2), " | ", ProjectedTime(tn), " | ", ProjectedMemory(memory_gib),
              " | ", Fits(tn, o.window_hours * 3600), " | ", fits_memory, " |\n");
    if (memory_gib < 0) {
      verdicts += Cat("- ", t.name, ": its memory is ", kNotProjectable, ".\n");
    } else if (fits_memory == "no") {
      verdicts += Cat("- ", t.name, " needs about ", Fixed(memory_gib, 0),
                      " GiB in one run, more than 80% of ", ShortestDecimal(o.server_memory_gib),
                      " GiB. A household never spans districts: run it with "
                      "`safetynet run --by-district` (above: ",
                      Fixed(100.0 * static_cast<double>(by_district.peak_bytes) /
                                static_cast<double>(std::max<size_t>(whole_largest.peak_bytes, 1)),
                            0),
                      "% of the whole run's peak here), or split it by prefecture across servers; "
                      "the outputs are held in memory until written, about 0.7 KB per alert (its "
                      "CSV and JSON lines).\n");
    }
  }
  md += "\n" +
        (verdicts.empty() ? std::string("Every target fits one server's memory.\n") : verdicts);

  std::vector<Series> time_series, memory_series;
  const char* colors[] = {"#c0392b", "#2471a3", "#27ae60", "#8e44ad"};
  for (size_t i = 0; i < o.threads.size(); ++i) {
    Series time{Cat(o.threads[i], " thread(s)"), colors[i % 4], {}},
        memory{Cat(o.threads[i], " thread(s)"), colors[i % 4], {}};
    for (double scale : o.scales) {
      const Measurement& m = at[{scale, o.threads[i]}];
      time.points.emplace_back(static_cast<double>(m.size.Records()) / 1e6, m.wall);
      memory.points.emplace_back(static_cast<double>(m.size.Records()) / 1e6,
                                 static_cast<double>(m.peak_bytes) / 1048576);
    }
    time_series.push_back(time);
    memory_series.push_back(memory);
  }
  std::string html = Cat(
      "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>safetynet capacity</title><style>"
      "body{font-family:sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:"
      "collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px}pre{background:#f4f4f4;padding:1em;"
      "white-space:pre-wrap}</style></head><body>\n<h1>safetynet capacity report</h1>\n");
  html +=
      Chart("Nightly run: wall time against the data", "million records", "seconds", time_series);
  html +=
      Chart("Nightly run: peak memory against the data", "million records", "MB", memory_series);
  html += "<pre>";
  for (char c : md) {
    if (c == '<')
      html += "&lt;";
    else if (c == '&')
      html += "&amp;";
    else
      html += c;
  }
  html += "</pre>\n</body></html>\n";
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("capacity.md"), md));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("capacity.html"), html));
  return out.Commit();
}

}  // namespace safetynet::capacity
