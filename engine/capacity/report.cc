#include "engine/capacity/report.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>

#include "engine/capacity/capacity_html.h"
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
  CapacityPage page;
  page.measured_threads = max_threads;
  page.server_cores = o.server_cores;
  page.unreliable = !caveats.empty();
  for (const Target& t : targets) {
    double t2 = project_time(t.size, max_threads), tn = project_time(t.size, o.server_cores);
    double memory_gib = project_memory(t.size) / 1073741824.0;
    const std::string fits_memory = Fits(memory_gib, o.server_memory_gib * 0.8);
    const ProjectionRow& row = page.projection.emplace_back(
        ProjectionRow{t.name, Cat(Fixed(static_cast<double>(t.size.Records()) / 1e6, 1), " M"),
                      ProjectedTime(t2), ProjectedTime(tn), ProjectedMemory(memory_gib),
                      Fits(tn, o.window_hours * 3600), fits_memory});
    md +=
        Cat("| ", row.target, " | ", row.records, " | ", row.time_measured, " | ", row.time_server,
            " | ", row.memory, " | ", row.fits_window, " | ", row.fits_memory, " |\n");
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

  for (double scale : o.scales) {
    page.million_records.push_back(static_cast<double>(at[{scale, max_threads}].size.Records()) /
                                   1e6);
  }
  for (int threads : o.threads) {
    CapacityCurve& curve =
        page.curves.emplace_back(CapacityCurve{Cat(threads, " thread(s)"), {}, {}});
    for (double scale : o.scales) {
      const Measurement& m = at[{scale, threads}];
      curve.seconds.push_back(m.wall);
      curve.megabytes.push_back(static_cast<double>(m.peak_bytes) / 1048576);
    }
  }
  page.report_md = md;
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("capacity.md"), md));
  SAFETYNET_RETURN_IF_ERROR(WriteFileAtomically(out.Path("capacity.html"), CapacityHtml(page)));
  return out.Commit();
}

}  // namespace safetynet::capacity
