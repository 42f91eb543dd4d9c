// A sweep: one parameter stepped through a range of values; for each value,
// how many households are eligible, how many persons live in them, and what
// every entitlement costs a month, for the city and per district. The data
// is loaded and evaluated once (a WhatIfModel, what_if_model.h); per value
// only the columns that depend on the standards are computed again. Written as CSV and as a
// self-contained HTML page with charts of cost and coverage against the parameter (engine/report/),
// the parameter's value in force and a proposed value marked. Thread-safe: sweeps share only
// read-only inputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/lang/program.h"
#include "engine/monitor/recalc.h"
#include "engine/monitor/what_if_model.h"
#include "engine/table/dataset.h"

namespace safetynet::monitor {

struct SweepOptions {
  RecalcOptions base;          // as-of date, other --set changes, eligibility and deceased values
  std::string param;           // e.g. dibao.urban
  std::string from, to, step;  // in the parameter's unit (yuan for money)
  std::string proposed;        // optional: a value to mark, in the same unit, from..to
  // How errors name the options: "--" for the command line's (--step), ""
  // for the API's fields (step).
  std::string option_prefix = "--";
  // If set, told how many of the values are done; called from the calling thread.
  std::function<void(size_t done, size_t total)> progress;
};

struct SweepPoint {
  lang::Value value;
  size_t eligible_households = 0;
  size_t eligible_persons = 0;
  Fen monthly_cost = 0;
  Fen yearly_cost = 0;  // 12 x monthly_cost
  // The same per district by code, then CITY (whose figures are the above).
  std::vector<Coverage> districts;
};

// A value of the swept parameter marked on the charts.
struct SweepMark {
  std::string label;  // "今日", "今日（城市）", "今日（农村）" or "拟"
  lang::Value value;
};

struct SweepReport {
  std::string param;
  lang::Type type;
  Days as_of = kNoDate;
  std::vector<SweepPoint> points;
  // The parameter's value in force on as_of (with the other --set changes):
  // one mark, or urban and rural when a per-area parameter is swept for
  // both and they differ; then the --proposed value, if given.
  std::vector<SweepMark> marks;
  double seconds = 0;
};

// The values of the sweep, each as an override of the parameter: from
// `from` to `to` (included) by `step`. InvalidArgument, saying which option,
// for an unknown parameter (with a "did you mean"), a parameter also given to
// --set, a value that is not one of the parameter (the wrong unit) or that
// makes a formula of the standards overflow, a step that is not above 0,
// `from` above `to`, more than 1,000 values, or a `proposed` value (if
// given) checked as `from` is and outside `from`..`to`. Cheap: check it
// before any work.
absl::StatusOr<std::vector<lang::Override>> SweepValues(const lang::Standards& standards,
                                                        const SweepOptions& options);

// Runs the sweep over SweepValues(); its errors, or those of the run.
absl::StatusOr<SweepReport> RunSweep(const lang::Program& program, const Dataset& data,
                                     const SweepOptions& options);

// The same on a model already built (the live service keeps one per
// snapshot), whose as-of date and counted values must be options.base's.
absl::StatusOr<SweepReport> RunSweep(const WhatIfModel& model, const SweepOptions& options);

// Writes sweep.csv and sweep.html into `out` (engine/io/output_folder.h), which it commits.
absl::Status WriteSweep(const SweepReport& report, OutputFolder& out);

std::string FormatSweepSummary(const SweepReport& report);

}  // namespace safetynet::monitor
