// A generic HTTP/1.1 server (Boost.Beast over Asio) for `safetynet serve`:
// it listens, enforces the limits and the bearer token, hands each admitted
// request to one Handler and writes the answer the Handler gives, whenever
// and from whichever thread it comes (engine/serve/http_message.h). Routing
// is the Handler's.
//
// Each connection lives on its own strand; requests on one connection are
// answered one after the other (keep-alive, no pipelining in parallel).
// Errors before a handler: malformed HTTP -> 400, body too large -> 413,
// header too large -> 431 (each then closes the connection); bad target ->
// 400, no or a wrong token -> 401, another method -> 405. A connection that
// takes longer than read_timeout for a request's header and body, or is idle
// longer than idle_timeout between requests, is closed. Over
// max_connections, a new connection is accepted and closed at once (counted;
// logged at the 1st, 101st, ... refusal). One access-log line per answer
// (engine/serve/access_log.h). See docs/api.md, "The HTTP layer".
//
// Thread safety: Start, Stop, port and counters may be called from any
// thread except the server's own io threads (Stop joins them; calling it
// from a Handler would wait for itself). The destructor calls Stop.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/serve/http_message.h"

namespace safetynet::serve {

class HttpServerCore;  // http_server.cc: the state the io threads share

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // engine/serve/listen_address.h; port 0 picks one
  int io_threads = 2;
  size_t max_body_bytes = 4 << 20;
  size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds read_timeout{
      10'000};  // a request's header and body, from its first byte
  std::chrono::milliseconds idle_timeout{30'000};  // between requests on a kept-alive connection
  std::chrono::milliseconds stop_grace{5'000};     // Stop's wait for answers in flight
  int max_connections = 512;
  std::string token;  // the bearer token (ReadTokenFile); must not be empty
  // Paths served without the token: exact, or a prefix written "PREFIX/*"
  // (engine/serve/request_admission.h). Only for what holds no data.
  std::vector<std::string> public_paths;
  // Receives each log line (no newline); calls are serialized. Empty: stderr.
  std::function<void(std::string_view)> log;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens, then serves on io_threads threads. Errors:
  // InvalidArgument (bad options or listen address), Unavailable naming the
  // address (cannot bind it, e.g. taken), FailedPrecondition (started twice).
  absl::Status Start();

  // The port listened on (the system's pick for port 0); 0 before Start.
  int port() const;

  // Stops accepting, closes connections waiting for a request, lets answers
  // in flight be written (waiting at most stop_grace), then closes the rest
  // and joins the threads. Answers given later are dropped. Idempotent.
  void Stop();

  struct Counters {
    uint64_t answers = 0;              // access-log lines written
    uint64_t refused_connections = 0;  // over max_connections or while stopping
  };
  Counters counters() const;

 private:
  // Shared with the Responders given out, so that one called after the
  // server is gone finds it stopped.
  std::shared_ptr<HttpServerCore> core_;
};

}  // namespace safetynet::serve
