#include "engine/serve/service.h"

#include <boost/asio/post.hpp>
#include <ctime>
#include <filesystem>

#include "engine/cases/store_night.h"
#include "engine/common/resident_id.h"
#include "engine/common/status.h"
#include "engine/common/text.h"
#include "engine/io/snapshot.h"
#include "engine/serve/director_page.h"
#include "engine/serve/json_mapping.h"
#include "engine/serve/query_check.h"
#include "safetynet/journal.pb.h"

namespace safetynet::serve {

Service::Service(std::shared_ptr<const lang::Program> program, ServiceOptions options)
    : program_(std::move(program)), options_(std::move(options)) {}

Service::~Service() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_wake_.notify_all();
  pool_.join();
  journal_.reset();  // writes what is queued; its `done`s queue the last jobs
  if (worker_.joinable()) worker_.join();
}

Days Service::Today() const {
  if (options_.date) return *options_.date;
  const std::time_t now = std::time(nullptr);
  std::tm local;
  localtime_r(&now, &local);
  return DaysFromCivil({local.tm_year + 1900, local.tm_mon + 1, local.tm_mday});
}

absl::StatusOr<std::unique_ptr<Service>> Service::Start(
    std::shared_ptr<const lang::Program> program, ServiceOptions options,
    std::function<void(std::string_view)> say) {
  std::unique_ptr<Service> service(new Service(std::move(program), std::move(options)));
  const ServiceOptions& o = service->options_;
  say(Cat("reading the snapshot ", o.snapshot));
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> data, ReadSnapshot(o.snapshot));
  auto live = std::make_shared<LiveData>(service->program_,
                                         std::shared_ptr<const Dataset>(std::move(data)));

  if (!cases::IsPostgresAddress(o.store) && !std::filesystem::exists(o.store)) {
    return absl::NotFoundError(Cat("no case store at ", o.store,
                                   ": the service follows the nights of a store; run a night "
                                   "with `safetynet run --store ",
                                   o.store, "` first"));
  }
  SAFETYNET_ASSIGN_OR_RETURN(service->store_, cases::CaseStore::Open(o.store, true));
  SAFETYNET_ASSIGN_OR_RETURN(const Days last, service->store_->LastNight());
  if (last == kNoDate) {
    return absl::FailedPreconditionError(Cat(service->store_->Describe(),
                                             " has no night yet: run a night with `safetynet run "
                                             "--store` first"));
  }

  std::vector<std::string> replayed;
  SAFETYNET_ASSIGN_OR_RETURN(service->journal_, Journal::Open(o.journal, &replayed));
  if (const uint64_t torn = service->journal_->counters().torn_bytes; torn > 0) {
    say(Cat("journal ", o.journal, ": its last ", torn,
            " bytes were a write cut short by a stop (never acknowledged): removed"));
  }
  std::vector<PackedId> residents;
  const size_t taken = service->TakeJournal(*live, replayed, residents);
  service->folded_ = replayed.size() - taken;
  say(Cat("journal ", o.journal, ": ", replayed.size(), " signals, ", taken, " taken again, ",
          service->folded_, " already in the snapshot (folded)"));
  service->journal_payloads_ = std::move(replayed);
  service->live_ = std::move(live);
  service->loaded_at_ = FormatUtcTime(std::time(nullptr));
  if (!residents.empty()) {
    std::string pending;
    service->UpdateCases(*service->live_, residents, service->Today(), nullptr, &pending);
    if (!pending.empty()) say(Cat("the cases of the journal's signals wait: ", pending));
  }
  const Days as_of = service->live_->snapshot().info.as_of, today = service->Today();
  if (as_of != kNoDate && (today - as_of > 7 || as_of - today > 7)) {
    say(Cat("warning: the service's date ", FormatIsoDate(today), " is ",
            today > as_of ? today - as_of : as_of - today, " days from the snapshot's (",
            FormatIsoDate(as_of), "): is this the night's snapshot, and the right --as-of?"));
  }
  say("building the what-if model (the values that do not depend on the standards)");
  SAFETYNET_RETURN_IF_ERROR(service->Model(service->Today()).status());
  service->worker_ = std::thread([s = service.get()] { s->LiveWorker(); });
  return service;
}

size_t Service::TakeJournal(LiveData& data, const std::vector<std::string>& payloads,
                            std::vector<PackedId>& residents) {
  api::SignalsRequest all;
  for (const std::string& payload : payloads) {
    api::JournalEntry entry;
    // A record the journal verified (CRC) always parses; one that would not
    // stays in the journal, untaken.
    if (!entry.ParseFromString(payload)) entry.Clear();
    *all.add_signals() = entry.signal();
    sequence_ = std::max<uint64_t>(sequence_, entry.sequence());
  }
  // Those the snapshot already holds (folded) are refused as duplicates; an
  // entry that no longer passes the checks (the --accept-ids list changed)
  // is not taken either. Every entry stays in the journal: acknowledged
  // signals are never dropped from it (a night imported again with
  // --journal must find them).
  const SignalCheck check =
      CheckSignals(all, options_.import, [&](std::string_view id) { return data.Known(id); });
  data.Take(check.accepted);
  for (PackedId id : check.accepted.person_id) residents.push_back(id);
  return check.accepted.size();
}

void Service::Handle(HttpRequest request, Responder respond) {
  const std::string& path = request.path;
  const bool get = request.method == "GET" || request.method == "HEAD";
  const bool post = request.method == "POST";
  using Endpoint = HttpResponse (Service::*)(const HttpRequest&);
  Endpoint endpoint = nullptr;
  bool method_ok = false;
  // The endpoints that take no query key refuse one (the others check theirs).
  static constexpr std::string_view kNoQuery[] = {"/v1/signals", "/v1/dispositions", "/v1/what-if",
                                                  "/v1/sweep",   "/v1/status",       "/v1/reload",
                                                  "/v1/report"};
  if (std::find(std::begin(kNoQuery), std::end(kNoQuery), path) != std::end(kNoQuery)) {
    if (auto unknown = UnknownQueryKey(request, {})) return respond(std::move(*unknown));
  }
  if (path == "/") {
    if (!get) return respond(ErrorAnswer(405, "METHOD_NOT_ALLOWED", "GET / only"));
    HttpResponse page;
    page.content_type = "text/html; charset=utf-8";
    page.body = std::string(DirectorPageHtml());
    return respond(std::move(page));
  } else if (path == "/v1/signals") {
    if (!post) return respond(ErrorAnswer(405, "METHOD_NOT_ALLOWED", "POST /v1/signals only"));
    return boost::asio::post(
        pool_, [this, request = std::move(request), respond = std::move(respond)]() mutable {
          HandleSignals(request, std::move(respond));
        });
  } else if (path == "/v1/cases") {
    endpoint = &Service::Cases, method_ok = get;
  } else if (path == "/v1/dispositions") {
    endpoint = &Service::Dispositions, method_ok = post;
  } else if (path == "/v1/worklist") {
    endpoint = &Service::Worklist, method_ok = get;
  } else if (path == "/v1/report") {
    endpoint = &Service::Report, method_ok = get;
  } else if (path == "/v1/explain") {
    endpoint = &Service::Explain, method_ok = get;
  } else if (path == "/v1/standards") {
    endpoint = &Service::Standards, method_ok = get;
  } else if (path == "/v1/what-if") {
    endpoint = &Service::WhatIf, method_ok = post;
  } else if (path == "/v1/sweep") {
    endpoint = &Service::Sweep, method_ok = post;
  } else if (path == "/v1/status") {
    if (!get) return respond(ErrorAnswer(405, "METHOD_NOT_ALLOWED", "GET /v1/status only"));
    return boost::asio::post(
        pool_, [this, respond = std::move(respond)]() mutable { respond(JsonAnswer(Status())); });
  } else if (path == "/v1/reload") {
    if (!post) return respond(ErrorAnswer(405, "METHOD_NOT_ALLOWED", "POST /v1/reload only"));
    return boost::asio::post(pool_, [this, respond = std::move(respond)]() mutable {
      absl::StatusOr<api::StatusResponse> status = Reload();
      if (!status.ok()) {
        return respond(ErrorAnswer(500, "RELOAD_FAILED",
                                   Cat("the new snapshot was not loaded (the old one stays): ",
                                       std::string(status.status().message()))));
      }
      respond(JsonAnswer(*status));
    });
  } else {
    return respond(ErrorAnswer(404, "NOT_FOUND", Cat("no such endpoint: ", path)));
  }
  if (!method_ok) {
    return respond(
        ErrorAnswer(405, "METHOD_NOT_ALLOWED", Cat(path, " takes ", get ? "POST" : "GET")));
  }
  boost::asio::post(
      pool_, [this, endpoint, request = std::move(request),
              respond = std::move(respond)]() mutable { respond((this->*endpoint)(request)); });
}

api::StatusResponse Service::Status() {
  api::StatusResponse s;
  {
    std::shared_lock lock(data_mutex_);
    const Dataset& d = live_->snapshot();
    s.set_snapshot(options_.snapshot);
    s.set_snapshot_as_of(FormatIsoDate(d.info.as_of));
    s.set_households(static_cast<int32_t>(d.households.size()));
    s.set_persons(static_cast<int32_t>(d.persons.size()));
    s.set_elderly(static_cast<int32_t>(d.elderly.size()));
    s.set_signals(static_cast<int32_t>(d.signals.size()));
    s.set_signals_taken(static_cast<int32_t>(live_->taken().size()));
    s.set_loaded_at(loaded_at_);
    s.set_folded(static_cast<int32_t>(folded_));
  }
  s.set_date(FormatIsoDate(Today()));
  s.set_journal_records(static_cast<int32_t>(journal_->counters().records));
  std::lock_guard lock(store_mutex_);
  if (absl::StatusOr<Days> last = store_->LastNight(); last.ok() && *last != kNoDate) {
    s.set_last_night(FormatIsoDate(*last));
  }
  return s;
}

absl::StatusOr<std::shared_ptr<const Service::HeldModel>> Service::Model(Days date) {
  std::shared_ptr<const Dataset> data;
  {
    std::shared_lock lock(data_mutex_);
    data = live_->shared_snapshot();
  }
  std::lock_guard lock(model_mutex_);
  if (model_ && model_->data == data && model_->model->as_of() == date) return model_;
  auto held = std::make_shared<HeldModel>();
  held->data = data;
  SAFETYNET_ASSIGN_OR_RETURN(held->model,
                             monitor::WhatIfModel::Build(*program_, *data, date, "", ""));
  model_ = std::move(held);
  return model_;
}

absl::StatusOr<api::StatusResponse> Service::Reload() {
  // Read outside the lock: requests go on meanwhile.
  SAFETYNET_ASSIGN_OR_RETURN(std::unique_ptr<Dataset> data, ReadSnapshot(options_.snapshot));
  auto fresh =
      std::make_shared<LiveData>(program_, std::shared_ptr<const Dataset>(std::move(data)));
  std::string warning;
  {
    // No check runs meanwhile: journal_payloads_ names every entry the
    // journal holds.
    std::unique_lock lock(data_mutex_);
    const Days before = live_->snapshot().info.as_of, after = fresh->snapshot().info.as_of;
    if (after < before) {
      warning = Cat("the snapshot now in service (as of ", FormatIsoDate(after),
                    ") is older than the one it replaced (as of ", FormatIsoDate(before), ")");
    }
    std::vector<PackedId> residents;
    folded_ = journal_payloads_.size() - TakeJournal(*fresh, journal_payloads_, residents);
    live_ = std::move(fresh);
    loaded_at_ = FormatUtcTime(std::time(nullptr));
  }
  // The new snapshot's model, before a director's what-if asks for it.
  SAFETYNET_RETURN_IF_ERROR(Model(Today()).status());
  api::StatusResponse status = Status();
  status.set_warning(warning);
  return status;
}

}  // namespace safetynet::serve
