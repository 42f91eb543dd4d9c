#include "engine/cases/store_night.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "engine/cases/case_outputs.h"
#include "engine/cases/dispositions_file.h"
#include "engine/common/resident_id.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/lang/standards.h"
#include "engine/monitor/outputs.h"
#include "engine/monitor/subjects.h"

namespace safetynet::cases {
namespace {

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Which subjects are in tonight's data, by kind; each kind's set is built
// the first time it is asked about.
class SubjectPresence {
 public:
  explicit SubjectPresence(const Dataset& data) : data_(data) {}

  bool Present(std::string_view kind, std::string_view id) {
    if (kind == "HOUSEHOLD") {
      if (!households_) {
        households_.emplace();
        for (size_t h = 0; h < data_.households.size(); ++h) {
          std::string household(data_.households.household_id[h]);
          NormaliseSubjectId(household);
          households_->insert(std::move(household));
        }
      }
      return households_->contains(std::string(id));
    }
    const ParsedId parsed = ParseResidentId(id);
    if (!parsed.ok()) return false;
    std::optional<absl::flat_hash_set<PackedId>>& set = kind == "PERSON" ? persons_ : elderly_;
    if (!set) {
      const std::vector<PackedId>& ids =
          kind == "PERSON" ? data_.persons.person_id : data_.elderly.person_id;
      set.emplace(ids.begin(), ids.end());
    }
    return set->contains(parsed.packed);
  }

 private:
  const Dataset& data_;
  std::optional<absl::flat_hash_set<std::string>> households_;
  std::optional<absl::flat_hash_set<PackedId>> persons_, elderly_;
};

absl::StatusOr<int64_t> WholeDays(const lang::Standards& standards,
                                  const lang::ResolvedStandards& values, std::string_view name) {
  const std::optional<lang::ParamRef> ref = standards.Find(name);
  if (!ref) {
    return absl::FailedPreconditionError(
        Cat("the rules' standards have no parameter ", name,
            ": a case store needs the monitor.* parameters (docs/monitoring.md section 6)"));
  }
  const lang::Value value = values.Get(*ref, false);
  if (value.den != 1 || value.num < 0) {
    return absl::FailedPreconditionError(
        Cat("parameter ", name, " must be a whole number of days, 0 or more"));
  }
  return value.num;
}

// "331 open, 12 resolved tonight; worklist 300; by status NEW 20, ..." and the dispositions.
std::string NightReport(const NightResult& result, std::string_view dispositions_path,
                        size_t posted, bool again, size_t replaced) {
  std::map<CaseStatus, size_t> by_status;
  size_t open = 0;
  for (const CaseTonight& t : result.cases) {
    ++by_status[t.status];
    open += t.c.closed == kNoDate;
  }
  std::string text = Cat(open, " open after the night, worklist ", result.worklist.size(), ";");
  for (const auto& [status, count] : by_status) text += Cat(" ", StatusName(status), " ", count);
  text += "\n";
  if (again) {
    text +=
        Cat("  night ", FormatIsoDate(result.night),
            " was the store's last night: it was run again from the store before it",
            replaced == 0 ? std::string()
                          : Cat("; the ", replaced,
                                " dispositions recorded with it then were replaced by this run's (",
                                result.accepted.size(), ")"),
            "\n");
  }
  if (!dispositions_path.empty() || posted > 0) {
    text += Cat("  dispositions: ",
                posted == 0 ? std::string() : Cat(posted, " posted to the service since; "),
                result.accepted.size(), " recorded, ", result.repeated_dispositions,
                " repeated (counted once), ", result.rejected.size(), " rejected",
                result.rejected.empty() ? "" : " (see rejected_dispositions.csv)", "\n");
  }
  return text;
}

}  // namespace

absl::StatusOr<MonitorParams> ReadMonitorParams(const lang::Program& program, Days night) {
  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards values,
                             lang::Resolve(program.standards, night));
  MonitorParams params;
  SAFETYNET_ASSIGN_OR_RETURN(params.reopen_days,
                             WholeDays(program.standards, values, "monitor.reopen_days"));
  static constexpr std::string_view kSnooze[] = {
      "monitor.snooze.acknowledged", "monitor.snooze.visited", "monitor.snooze.assistance_started",
      "monitor.snooze.no_action_needed"};
  for (size_t a = 0; a < std::size(kSnooze); ++a) {
    SAFETYNET_ASSIGN_OR_RETURN(params.snooze_days[a],
                               WholeDays(program.standards, values, kSnooze[a]));
  }
  return params;
}

absl::StatusOr<std::unique_ptr<StoreNight>> StoreNight::Begin(const StoreNightOptions& options,
                                                              const lang::Program& program) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<StoreNight> night(new StoreNight());
  night->options_ = options;
  SAFETYNET_ASSIGN_OR_RETURN(night->params_, ReadMonitorParams(program, options.night));
  if (!options.dispositions_path.empty()) {
    SAFETYNET_ASSIGN_OR_RETURN(night->dispositions_,
                               ReadDispositionsFile(options.dispositions_path));
  }
  SAFETYNET_ASSIGN_OR_RETURN(night->store_, CaseStore::Open(options.store, true));
  SAFETYNET_RETURN_IF_ERROR(night->store_->CheckNightOrder(options.night).status());
  night->open_seconds_ = night->seconds_ = Since(start);
  return night;
}

Finding FindingOf(const lang::Program& program, const monitor::AlertLine& line) {
  const lang::AlertDef& alert = program.alerts[line.alert];
  Finding f;
  f.rule_id = alert.id;
  f.subject_kind = monitor::SubjectKind(alert.entity);
  f.subject_id = line.subject_id;
  f.severity = static_cast<Severity>(std::clamp<int64_t>(line.severity, 0, 2));
  if (line.score != kEmpty) f.score = std::to_string(line.score);
  f.evidence = line.finding.evidence;
  f.household_id = line.finding.household_id;
  f.district = std::to_string(line.district);
  f.town = line.finding.town;
  f.village = line.finding.village;
  return f;
}

void StoreNight::AddAlerts(const lang::Program& program,
                           const std::vector<const monitor::AlertLine*>& lines) {
  const auto start = std::chrono::steady_clock::now();
  const size_t first = findings_.size();
  findings_.resize(first + lines.size());
  // In parallel parts: each finding goes to its own place, in line order.
  tbb::parallel_for(tbb::blocked_range<size_t>(0, lines.size(), 4096),
                    [&](const tbb::blocked_range<size_t>& part) {
                      for (size_t i = part.begin(); i < part.end(); ++i) {
                        findings_[first + i] = FindingOf(program, *lines[i]);
                      }
                    });
  seconds_ += Since(start);
  findings_seconds_ += Since(start);
}

absl::Status StoreNight::Finish(const Dataset& present, const OutputFolder& out,
                                monitor::NightlySummary& summary) {
  const auto start = std::chrono::steady_clock::now();
  double parts[5];  // load, process, save, files, commit: seconds since `start`
  SAFETYNET_ASSIGN_OR_RETURN(
      StateBeforeNight state,
      store_->BeginNight(options_.night, params_.reopen_days, data_made_unix_));
  parts[0] = Since(start);
  SubjectPresence presence(present);
  NightInput input;
  input.night = options_.night;
  input.params = params_;
  input.findings = std::move(findings_);
  input.dispositions = std::move(dispositions_);
  const size_t posted = state.posted.size();
  input.subject_present = [&](std::string_view kind, std::string_view id) {
    return presence.Present(kind, id);
  };
  input.earlier_case = [&](std::string_view case_id) { return store_->FindEarlierCase(case_id); };
  const bool again = state.again;
  const size_t replaced = state.replaced_dispositions;
  night_ = ProcessNight(std::move(state), std::move(input));
  const NightResult& result = night_;
  parts[1] = Since(start);
  const std::string counts = NightCountsJson(result);
  SAFETYNET_RETURN_IF_ERROR(store_->SaveNight(result, counts));
  SAFETYNET_ASSIGN_OR_RETURN(recent_, store_->RecentNights(30));
  const std::vector<StoredNight>& recent = recent_;
  parts[2] = Since(start);
  SAFETYNET_RETURN_IF_ERROR(
      WriteNightFiles(result, options_.dispositions_path, options_.mask_ids, out));
  parts[3] = Since(start);
  SAFETYNET_RETURN_IF_ERROR(store_->CommitNight());
  parts[4] = Since(start);
  summary.seconds.store = seconds_ + parts[4];
  std::string cases_json = CasesSummaryJson(
      counts, recent,
      Cat("{\"findings\": ", findings_seconds_, ", \"open\": ", open_seconds_, ", \"load\": ",
          parts[0], ", \"process\": ", parts[1] - parts[0], ", \"save\": ", parts[2] - parts[1],
          ", \"files\": ", parts[3] - parts[2], ", \"commit\": ", parts[4] - parts[3], "}"));
  // The counts by town name places as the data write them: masked like every output.
  std::string masked;
  summary.cases_json = std::string(monitor::OutputText(cases_json, options_.mask_ids, masked));
  report_ =
      Cat("  cases: ", NightReport(result, options_.dispositions_path, posted, again, replaced),
          "  store: ", store_->Describe(), " (", summary.seconds.store, " s)\n");
  return absl::OkStatus();
}

}  // namespace safetynet::cases
