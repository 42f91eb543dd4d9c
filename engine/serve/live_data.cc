#include "engine/serve/live_data.h"

#include "engine/cases/store_night.h"
#include "engine/common/resident_id.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/exec/evaluator.h"
#include "engine/lang/standards.h"
#include "engine/match/signal_index.h"
#include "engine/monitor/alert_lines.h"
#include "engine/monitor/explain.h"
#include "engine/monitor/subjects.h"

namespace safetynet::serve {

LiveData::LiveData(std::shared_ptr<const lang::Program> program,
                   std::shared_ptr<const Dataset> snapshot)
    : program_(std::move(program)),
      snapshot_(std::move(snapshot)),
      snapshot_signals_(snapshot_->signals) {
  const StringColumn& ids = snapshot_->signals.signal_id;
  snapshot_signal_ids_.reserve(ids.size());
  for (size_t row = 0; row < ids.size(); ++row) snapshot_signal_ids_.insert(ids[row]);
}

bool LiveData::Known(std::string_view signal_id) const {
  return snapshot_signal_ids_.contains(signal_id) || taken_ids_.contains(std::string(signal_id));
}

void LiveData::Take(const SignalTable& signals) {
  const uint32_t first = static_cast<uint32_t>(taken_.size());
  std::vector<uint32_t> all(signals.size());
  for (uint32_t row = 0; row < all.size(); ++row) all[row] = row;
  AppendRows(signals, all, taken_);
  for (uint32_t row = 0; row < signals.size(); ++row) {
    taken_rows_of_[signals.person_id[row]].push_back(first + row);
    taken_ids_.emplace(signals.signal_id[row]);
  }
}

bool LiveData::Matched(PackedId resident) const {
  return snapshot_->person_row_of.contains(resident) ||
         snapshot_->elderly_row_of.contains(resident);
}

absl::StatusOr<std::unique_ptr<Dataset>> LiveData::Slice(const SliceSubjects& subjects) const {
  return SliceDataset(*snapshot_, snapshot_signals_, subjects, taken_,
                      [this](PackedId resident) -> std::span<const uint32_t> {
                        auto it = taken_rows_of_.find(resident);
                        if (it == taken_rows_of_.end()) return {};
                        return it->second;
                      });
}

absl::StatusOr<LiveEvaluation> LiveData::Evaluate(std::span<const PackedId> residents,
                                                  Days date) const {
  SliceSubjects subjects;
  for (PackedId resident : residents) AddTouchedSubjects(*snapshot_, resident, subjects);
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> slice, Slice(subjects));
  LiveEvaluation out;
  out.subject_ids = TouchedSubjectIds(residents);
  if (slice->households.size() == 0 && slice->elderly.size() == 0) return out;

  SAFETYNET_ASSIGN_OR_RETURN(const lang::ResolvedStandards standards,
                             lang::Resolve(program_->standards, date));
  const SignalIndex index(*slice, date);
  const exec::RunResult result = exec::Evaluate(*program_, *slice, index, standards, date);
  const monitor::SubjectKeys keys(*slice);
  monitor::RunLabels labels;
  labels.as_of = FormatIsoDate(date);
  labels.standards_version = FormatIsoDate(standards.version);
  labels.keep_findings = true;
  const monitor::AlertLines lines =
      monitor::FormatAlerts(*program_, *slice, index, keys, result, labels);
  for (const monitor::AlertLine& line : lines.lines()) {
    LiveFinding& f = out.findings.emplace_back();
    f.finding = cases::FindingOf(*program_, line);
    const lang::AlertDef& alert = program_->alerts[line.alert];
    f.label = alert.label.empty() ? alert.id : alert.label;
    f.reason = line.reason;
  }
  return out;
}

std::vector<std::string> LiveData::TouchedSubjectIds(std::span<const PackedId> residents) const {
  SliceSubjects subjects;
  for (PackedId resident : residents) AddTouchedSubjects(*snapshot_, resident, subjects);
  std::sort(subjects.households.begin(), subjects.households.end());
  subjects.households.erase(std::unique(subjects.households.begin(), subjects.households.end()),
                            subjects.households.end());
  std::vector<std::string> out;
  for (uint32_t h : subjects.households) {
    out.emplace_back(snapshot_->households.household_id[h]);
    for (uint32_t p = snapshot_->households.member_begin[h];
         p < snapshot_->households.member_begin[h + 1]; ++p)
      out.push_back(FormatResidentId(snapshot_->persons.person_id[p]));
  }
  for (uint32_t e : subjects.elderly)
    out.push_back(FormatResidentId(snapshot_->elderly.person_id[e]));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::StatusOr<std::string> LiveData::Explain(std::string_view subject_id, Days date) const {
  // The slice of the subject the id names (a household, or a resident's
  // household and elderly record), then explain as the command does.
  SliceSubjects subjects;
  const std::string_view id = TrimBlanks(subject_id);
  if (auto h = snapshot_->household_row_of.find(id); h != snapshot_->household_row_of.end()) {
    subjects.households.push_back(h->second);
  } else {
    const ParsedId parsed = ParseAnyResidentId(id);
    if (parsed.packed != 0) AddTouchedSubjects(*snapshot_, parsed.packed, subjects);
  }
  // Nobody: the snapshot's own lookup says why (a wrong check character, a
  // household id in lower case), evaluating nothing.
  if (subjects.households.empty() && subjects.elderly.empty())
    return monitor::Explain(*program_, *snapshot_, date, subject_id);
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> slice, Slice(subjects));
  return monitor::Explain(*program_, *slice, date, subject_id);
}

}  // namespace safetynet::serve
