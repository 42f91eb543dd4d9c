// The Service's signals (POST /v1/signals, docs/api.md "Signals"): checked,
// journaled, taken into the data, their subjects re-evaluated and their
// cases updated, then answered.
#include <chrono>

#include "engine/cases/store_night.h"
#include "engine/common/resident_id.h"
#include "engine/common/text.h"
#include "engine/serve/json_mapping.h"
#include "engine/serve/service.h"
#include "safetynet/journal.pb.h"

namespace safetynet::serve {

void Service::HandleSignals(const HttpRequest& request, Responder respond) {
  api::SignalsRequest body;
  if (absl::Status read = ReadJson(request.body, body); !read.ok()) {
    return respond(ErrorAnswer(400, "BAD_JSON", std::string(read.message())));
  }
  if (body.signals_size() == 0) {
    return respond(ErrorAnswer(400, "BAD_REQUEST", "no signals: give {\"signals\": [ ... ]}"));
  }
  if (body.signals_size() > options_.max_signals) {
    return respond(ErrorAnswer(413, "TOO_MANY_SIGNALS",
                               Cat(body.signals_size(), " signals in one request; at most ",
                                   options_.max_signals, ": send them in several")));
  }
  auto job = std::make_unique<SignalJob>();
  job->respond = std::move(respond);
  job->date = Today();
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  {
    std::unique_lock lock(data_mutex_);
    job->check = CheckSignals(body, options_.import, [&](std::string_view id) {
      return live_->Known(id) || reserved_ids_.contains(std::string(id));
    });
    for (size_t i = 0; i < job->check.accepted.size(); ++i) {
      reserved_ids_.emplace(job->check.accepted.signal_id[i]);
      api::JournalEntry entry;
      *entry.mutable_signal() = body.signals(job->check.accepted_index[i]);
      entry.set_received_unix_ms(now_ms);
      entry.set_service_date(FormatIsoDate(job->date));
      entry.set_sequence(++sequence_);
      job->payloads.push_back(entry.SerializeAsString());
      journal_payloads_.push_back(job->payloads.back());
    }
  }
  for (api::RejectedSignal& r : job->check.rejected) *job->response.add_rejected() = std::move(r);
  job->check.rejected.clear();
  if (job->payloads.empty()) {
    job->response.set_date(FormatIsoDate(job->date));
    return job->respond(JsonAnswer(job->response, 422));
  }
  SignalJob* raw = job.release();
  journal_->Append(raw->payloads, [this, raw](absl::Status status) {
    std::unique_ptr<SignalJob> job(raw);
    job->journaled = std::move(status);
    {
      std::lock_guard lock(queue_mutex_);
      queue_.push_back(std::move(job));
    }
    queue_wake_.notify_one();
  });
}

void Service::LiveWorker() {
  for (;;) {
    std::vector<std::unique_ptr<SignalJob>> batch;
    {
      std::unique_lock lock(queue_mutex_);
      queue_wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty()) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    ProcessBatch(batch);
  }
}

void Service::ProcessBatch(std::vector<std::unique_ptr<SignalJob>>& batch) {
  const Days date = Today();
  std::vector<PackedId> residents = std::move(pending_residents_);
  pending_residents_.clear();
  std::vector<std::vector<std::string>> touched(batch.size());
  {
    std::unique_lock lock(data_mutex_);
    for (size_t j = 0; j < batch.size(); ++j) {
      SignalJob& job = *batch[j];
      const SignalTable& signals = job.check.accepted;
      for (size_t i = 0; i < signals.size(); ++i)
        reserved_ids_.erase(std::string(signals.signal_id[i]));
      if (!job.journaled.ok()) {
        for (const std::string& payload : job.payloads) {
          auto it = std::find(journal_payloads_.begin(), journal_payloads_.end(), payload);
          if (it != journal_payloads_.end()) journal_payloads_.erase(it);
        }
        continue;
      }
      // Those a reload took in meanwhile (from the journal) are not taken twice.
      std::vector<uint32_t> fresh;
      for (uint32_t i = 0; i < signals.size(); ++i) {
        if (!live_->Known(signals.signal_id[i])) fresh.push_back(i);
      }
      SignalTable taking;
      AppendRows(signals, fresh, taking);
      live_->Take(taking);
      std::vector<PackedId> mine;
      for (uint32_t i = 0; i < signals.size(); ++i) {
        const PackedId person = signals.person_id[i];
        mine.push_back(person);
        if (!live_->Matched(person)) job.response.set_unmatched(job.response.unmatched() + 1);
        if (signals.event_date[i] > date)
          job.response.set_future_dated(job.response.future_dated() + 1);
      }
      touched[j] = live_->TouchedSubjectIds(mine);
      residents.insert(residents.end(), mine.begin(), mine.end());
    }
  }
  std::vector<LiveFinding> findings;
  std::string pending;
  std::vector<cases::LiveChange> changes;
  Days live_date = kNoDate;
  {
    std::shared_lock lock(data_mutex_);
    changes = UpdateCases(*live_, residents, date, &findings, &pending, &live_date);
  }
  if (!pending.empty()) pending_residents_ = residents;
  // Each request gets the changes of the subjects its signals touched.
  absl::flat_hash_map<std::string, const LiveFinding*> finding_of;
  for (const LiveFinding& f : findings)
    finding_of[Cat(f.finding.rule_id, ":", f.finding.subject_id)] = &f;
  for (size_t j = 0; j < batch.size(); ++j) {
    SignalJob& job = *batch[j];
    if (!job.journaled.ok()) {
      job.respond(ErrorAnswer(503, "JOURNAL_FAILED",
                              Cat("none of these signals was taken: the journal could not make "
                                  "them durable (",
                                  std::string(job.journaled.message()),
                                  "); the service takes no more signals until it is restarted")));
      continue;
    }
    api::SignalsResponse& r = job.response;
    r.set_accepted(static_cast<int32_t>(job.check.accepted.size()));
    r.set_date(FormatIsoDate(date));
    if (live_date != kNoDate) r.set_cases_date(FormatIsoDate(live_date));
    r.set_cases_pending(pending);
    for (const cases::LiveChange& change : changes) {
      const cases::Case& c = change.c;
      if (!std::binary_search(touched[j].begin(), touched[j].end(), c.subject_id)) continue;
      api::CaseChange& out = *r.add_cases();
      out.set_case_id(c.case_id);
      out.set_status(std::string(cases::StatusName(change.status)));
      out.set_rule_id(c.rule_id);
      out.set_severity(std::string(cases::SeverityName(c.severity)));
      out.set_subject_kind(c.subject_kind);
      out.set_subject_id(c.subject_id);
      if (auto f = finding_of.find(Cat(c.rule_id, ":", c.subject_id)); f != finding_of.end()) {
        out.set_label(f->second->label);
        out.set_reason(f->second->reason);
      }
    }
    job.respond(JsonAnswer(r, r.rejected_size() > 0 ? 422 : 200));
  }
}

std::vector<cases::LiveChange> Service::UpdateCases(const LiveData& data,
                                                    const std::vector<PackedId>& residents,
                                                    Days date, std::vector<LiveFinding>* findings,
                                                    std::string* pending, Days* live_date) {
  absl::StatusOr<LiveEvaluation> evaluation = data.Evaluate(residents, date);
  if (!evaluation.ok()) {
    *pending = Cat("the rules could not be evaluated: ", evaluation.status().message());
    return {};
  }
  absl::StatusOr<cases::MonitorParams> params = cases::ReadMonitorParams(*program_, date);
  if (!params.ok()) {
    *pending = std::string(params.status().message());
    return {};
  }
  std::vector<cases::Finding> found;
  for (const LiveFinding& f : evaluation->findings) found.push_back(f.finding);
  std::vector<cases::LiveChange> changes;
  {
    std::lock_guard lock(store_mutex_);
    absl::StatusOr<cases::LiveState> state =
        store_->BeginLive(evaluation->subject_ids, date, params->reopen_days);
    if (!state.ok()) {
      *pending = Cat("the case store: ", state.status().message());
      return {};
    }
    if (live_date != nullptr) *live_date = state->date;
    changes = cases::ProcessLive(std::move(*state), std::move(found), *params);
    if (absl::Status saved = store_->SaveLive(changes); !saved.ok()) {
      store_->AbandonNight();
      *pending = Cat("the case store: ", saved.message());
      return {};
    }
  }
  if (findings != nullptr) *findings = std::move(evaluation->findings);
  return changes;
}

}  // namespace safetynet::serve
