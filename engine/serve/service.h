// The live service behind `safetynet serve` (docs/api.md): one night's
// snapshot and the compiled rules held in memory, the signals taken since
// (journaled before they are acknowledged: engine/serve/journal.h), the case
// store; it answers the API's requests (Handle) and swaps in a new night's
// snapshot without a gap (Reload).
//
// Threads: Handle runs on the HTTP server's io threads and hands any work
// to the service's own pool; signals go through the journal's writer thread
// to one live worker thread, which takes them into the data, re-evaluates
// the subjects they touch and updates their cases, a batch at a time (as
// many requests as the journal made durable together). The data is guarded
// by a reader-writer lock, the store's connection by a mutex.
// Ownership: the Service owns its data, journal, store connection and
// threads; destroying it answers what is queued and joins them.
#pragma once

#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/cases/case_store.h"
#include "engine/io/district_names.h"
#include "engine/io/import.h"
#include "engine/lang/program.h"
#include "engine/monitor/what_if_model.h"
#include "engine/serve/http_message.h"
#include "engine/serve/journal.h"
#include "engine/serve/live_data.h"
#include "engine/serve/signal_check.h"
#include "safetynet/api.pb.h"

namespace safetynet::serve {

struct ServiceOptions {
  std::string snapshot;  // the file; read again by Reload
  std::string store;     // the case store (a file or a postgresql:// address)
  std::string journal;   // the journal file
  // The service's date, on which signals are evaluated and cases opened;
  // nullopt: today's local date, read at each request.
  std::optional<Days> date;
  ImportOptions import;    // accepted_ids: irregular ids taken as written
  int max_signals = 1000;  // per request (413 above)
  DistrictNames names;
};

class Service {
 public:
  // Loads the snapshot, opens the store (it must exist and hold a night)
  // and the journal, replays the journal onto the snapshot (its signals the
  // snapshot already holds are folded: not taken again), brings
  // the cases of the subjects they touch up to date. `say` prints progress
  // lines. Errors: the snapshot's, the store's, the journal's (naming them).
  static absl::StatusOr<std::unique_ptr<Service>> Start(
      std::shared_ptr<const lang::Program> program, ServiceOptions options,
      std::function<void(std::string_view)> say);
  ~Service();

  // Answers one request (the HTTP server's Handler).
  void Handle(HttpRequest request, Responder respond);

  // Reads the snapshot file again and swaps it in: requests keep being
  // answered on the old one until the swap. The journal's signals that the
  // new snapshot does not hold are taken again; those it holds are folded
  // (the journal keeps them all). Errors leave the old snapshot in service.
  absl::StatusOr<api::StatusResponse> Reload();

 private:
  Service(std::shared_ptr<const lang::Program> program, ServiceOptions options);

  // A signals request between its check and its answer.
  struct SignalJob {
    SignalCheck check;
    std::vector<std::string> payloads;  // its journal entries
    api::SignalsResponse response;
    Responder respond;
    absl::Status journaled;
    Days date = kNoDate;
  };

  Days Today() const;
  void HandleSignals(const HttpRequest& request, Responder respond);
  void LiveWorker();
  void ProcessBatch(std::vector<std::unique_ptr<SignalJob>>& batch);
  // Brings the cases of the subjects touched by `residents` up to date on
  // `date`; the changes (or why they could not be made: `pending`).
  std::vector<cases::LiveChange> UpdateCases(const LiveData& data,
                                             const std::vector<PackedId>& residents, Days date,
                                             std::vector<LiveFinding>* findings,
                                             std::string* pending, Days* live_date = nullptr);
  // Takes the journal's entries (at start and reload) into `data`, but
  // those its snapshot holds already (folded); how many were taken, and the
  // residents they are about.
  size_t TakeJournal(LiveData& data, const std::vector<std::string>& payloads,
                     std::vector<PackedId>& residents);

  // The what-if model of the snapshot in service on `date` (built once per
  // snapshot and date; requests for another date wait for its build).
  struct HeldModel {
    std::shared_ptr<const Dataset> data;  // kept alive for the model
    std::unique_ptr<const monitor::WhatIfModel> model;
  };
  absl::StatusOr<std::shared_ptr<const HeldModel>> Model(Days date);

  HttpResponse Cases(const HttpRequest& request);
  HttpResponse Dispositions(const HttpRequest& request);
  HttpResponse Worklist(const HttpRequest& request);
  HttpResponse Report(const HttpRequest& request);
  // For a town with no open case: that none has that name, with the
  // nearest that has ("did you mean"). Under store_mutex_.
  std::string TownNote(std::string_view town);
  HttpResponse Explain(const HttpRequest& request);
  HttpResponse Standards(const HttpRequest& request);
  HttpResponse WhatIf(const HttpRequest& request);
  HttpResponse Sweep(const HttpRequest& request);
  api::StatusResponse Status();
  // The signals taken since the snapshot, which the what-if model (built on
  // the snapshot) does not count.
  int32_t SignalsNotCounted() const;

  const std::shared_ptr<const lang::Program> program_;
  const ServiceOptions options_;

  mutable std::shared_mutex data_mutex_;  // guards live_, reserved_ids_, journal_payloads_
  std::shared_ptr<LiveData> live_;
  std::set<std::string> reserved_ids_;         // checked, not yet taken or refused
  std::vector<std::string> journal_payloads_;  // the journal's entries, in order
  std::string loaded_at_;
  size_t folded_ = 0;
  uint64_t sequence_ = 0;

  std::mutex model_mutex_;  // guards model_ and its build
  std::shared_ptr<const HeldModel> model_;

  std::mutex store_mutex_;
  std::unique_ptr<cases::CaseStore> store_;
  std::unique_ptr<Journal> journal_;

  std::mutex queue_mutex_;
  std::condition_variable queue_wake_;
  std::deque<std::unique_ptr<SignalJob>> queue_;
  bool stopping_ = false;
  std::vector<PackedId> pending_residents_;  // the live worker's: cases not yet updated
  std::thread worker_;
  boost::asio::thread_pool pool_{2};
};

}  // namespace safetynet::serve
