// safetynet serve: the live service (docs/api.md).
#include <signal.h>

#include <iostream>
#include <mutex>

#include "engine/cli/command_line.h"
#include "engine/cli/rules_folder.h"
#include "engine/common/text.h"
#include "engine/io/accepted_ids.h"
#include "engine/serve/http_server.h"
#include "engine/serve/listen_address.h"
#include "engine/serve/service.h"
#include "engine/serve/token_file.h"

namespace safetynet::cli {

int ServeCommand(const Args& args) {
  // The stopping signals are taken by this thread alone (sigwait below):
  // blocked before any thread starts, so every thread inherits the mask.
  sigset_t stopping;
  sigemptyset(&stopping);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stopping, s);
  pthread_sigmask(SIG_BLOCK, &stopping, nullptr);
  // A file size limit (ulimit -f) makes a write fail (EFBIG: the journal
  // then refuses the signals with 503) instead of killing the service.
  signal(SIGXFSZ, SIG_IGN);

  po::options_description options("options");
  options.add_options()("snapshot", po::value<std::string>()->required(),
                        "the night's snapshot (read again on SIGHUP or POST /v1/reload)")(
      "store", po::value<std::string>()->required(),
      "the case store the nights run with (a file or a postgresql:// address); it must hold "
      "a night")("token-file", po::value<std::string>()->required(),
                 "the bearer token every request must carry: a file of mode 0600 holding one "
                 "line of at least 16 characters")(
      "listen", po::value<std::string>()->default_value("127.0.0.1:8080"),
      "HOST:PORT to listen on; loopback unless told otherwise")(
      "journal", po::value<std::string>(),
      "the journal of the signals taken (default: the store's file with .journal added; "
      "required with a postgresql:// store)");
  AddRulesOption(options);
  options.add_options()("as-of", po::value<std::string>(),
                        "the service's date, on which signals are evaluated and cases opened "
                        "(default: today's date, read at each request)")(
      "accept-ids", po::value<std::string>(),
      "irregular resident ids to take as written, as for import --accept-ids")(
      "max-signals", Number<int>("max-signals", {1, 100000})->default_value(1000),
      "signals in one request at most")("io-threads",
                                        Number<int>("io-threads", {1, 64})->default_value(2),
                                        "threads answering connections");
  po::variables_map values;
  if (auto exit = ParseOptions(
          "serve", args, options,
          "safetynet serve --snapshot S --store S --token-file F [--listen HOST:PORT] "
          "[--journal F] [--rules DIR] [--as-of D] [--accept-ids F] [--max-signals N] "
          "[--io-threads N]",
          "Holds the night's snapshot and the rules in memory and answers over HTTP with JSON\n"
          "(docs/api.md): signals as they happen (POST /v1/signals: checked as imported rows,\n"
          "journaled before the answer, their subjects re-evaluated and their cases opened or\n"
          "updated in the store), caseworkers' dispositions (POST /v1/dispositions: checked\n"
          "now, kept for the next night), the worklist now (GET /v1/worklist), the nights'\n"
          "counts (GET /v1/report), what-ifs of the standards (POST /v1/what-if, /v1/sweep),\n"
          "a subject's or a town's cases (GET /v1/cases), explain (GET /v1/explain), and the\n"
          "director's page at /. Every request but the page needs `Authorization: Bearer\n"
          "TOKEN`. SIGHUP (or POST /v1/reload) loads the snapshot file again without a gap;\n"
          "SIGINT or SIGTERM stops after the answers in flight.",
          values)) {
    return *exit;
  }
  serve::ServiceOptions service;
  service.snapshot = values["snapshot"].as<std::string>();
  service.store = values["store"].as<std::string>();
  if (values.count("journal")) {
    service.journal = values["journal"].as<std::string>();
  } else if (cases::IsPostgresAddress(service.store)) {
    Complain("serve", "--journal is required with a postgresql:// store: name a file");
    return kExitUsage;
  } else {
    service.journal = service.store + ".journal";
  }
  if (values.count("as-of")) {
    auto date = DateOption("serve", values["as-of"].as<std::string>(), "as-of");
    if (!date) return kExitUsage;
    service.date = *date;
  }
  service.max_signals = values["max-signals"].as<int>();
  if (auto missing = CheckInputExists("serve", service.snapshot, "snapshot")) return *missing;
  auto token = serve::ReadTokenFile(values["token-file"].as<std::string>());
  if (!token.ok()) {
    Complain("serve", std::string(token.status().message()));
    return kExitUsage;
  }
  if (values.count("accept-ids")) {
    auto ids = ReadAcceptedIds(values["accept-ids"].as<std::string>());
    if (!ids.ok()) {
      Complain("serve", std::string(ids.status().message()));
      return kExitFailed;
    }
    service.import.accepted_ids = std::move(ids->ids);
  }
  const std::string rules = values["rules"].as<std::string>();
  std::shared_ptr<const lang::Program> program = LoadRulesFor("serve", rules);
  if (!program) return kExitFailed;
  auto names = LoadDistrictNamesFor("serve", rules);
  if (!names) return kExitFailed;
  service.names = std::move(*names);

  auto say = [](std::string_view line) { std::cerr << "safetynet serve: " << line << "\n"; };
  auto started = serve::Service::Start(program, std::move(service), say);
  if (!started.ok()) {
    Complain("serve", std::string(started.status().message()));
    return kExitFailed;
  }
  serve::Service& live = **started;
  serve::HttpServerOptions http;
  http.listen = values["listen"].as<std::string>();
  http.io_threads = values["io-threads"].as<int>();
  http.token = *token;
  http.public_paths = {"/"};
  serve::HttpServer server(http, [&live](serve::HttpRequest request, serve::Responder respond) {
    live.Handle(std::move(request), std::move(respond));
  });
  if (absl::Status status = server.Start(); !status.ok()) {
    Complain("serve", std::string(status.message()));
    return kExitFailed;
  }
  // The address as bound (port 0 asks the system for a free one).
  const std::string bound = Cat(http.listen.substr(0, http.listen.rfind(':')), ":", server.port());
  say(Cat("listening on ", bound, " (port ", server.port(), "); the director's page at /"));
  if (auto address = serve::ParseListenAddress(http.listen);
      address.ok() && !address->address().is_loopback()) {
    say(Cat("warning: ", http.listen,
            " is reachable from other machines, and the API is plain HTTP (the token and the "
            "answers travel unencrypted): put it behind a TLS reverse proxy, or listen on "
            "127.0.0.1"));
  }
  for (;;) {
    int received = 0;
    sigwait(&stopping, &received);
    if (received != SIGHUP) break;
    say("SIGHUP: loading the snapshot again");
    auto reloaded = live.Reload();
    say(reloaded.ok() ? Cat("the snapshot of ", reloaded->snapshot_as_of(), " is in service")
                      : Cat("the snapshot was not loaded (the old one stays): ",
                            std::string(reloaded.status().message())));
    if (reloaded.ok() && !reloaded->warning().empty()) say(Cat("warning: ", reloaded->warning()));
  }
  say("stopping: answering the requests in flight");
  server.Stop();
  return kExitOk;
}

}  // namespace safetynet::cli
