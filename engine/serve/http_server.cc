#include "engine/serve/http_server.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <variant>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "engine/common/status.h"
#include "engine/serve/access_log.h"
#include "engine/serve/listen_address.h"
#include "engine/serve/request_admission.h"
#include "engine/serve/request_target.h"

namespace safetynet::serve {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// After an answer that closes the connection: how long, and how many bytes,
// the server keeps reading (and dropping) what the client still sends, so
// that the client reads the answer instead of a reset.
constexpr std::chrono::seconds kDrainTime{1};
constexpr size_t kDrainBytes = 1 << 20;
// Stop's wait for closed connections to finish, after stop_grace.
constexpr std::chrono::seconds kCloseWait{1};
// After a failed accept (e.g. out of descriptors), before the next.
constexpr std::chrono::milliseconds kAcceptPause{100};
constexpr size_t kMaxLogMethod = 16;

bool IsHeaderText(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsParseError(const beast::error_code& error) {
  return error.category() == http::make_error_code(http::error::end_of_stream).category() &&
         error != http::error::end_of_stream && error != http::error::partial_message;
}

class Session;

}  // namespace

class HttpServerCore : public std::enable_shared_from_this<HttpServerCore> {
 public:
  HttpServerCore(HttpServerOptions options, Handler handler)
      : options(std::move(options)), handler(std::move(handler)) {
    limits.max_body_bytes = this->options.max_body_bytes;
    limits.max_header_bytes = this->options.max_header_bytes;
    policy.token = this->options.token;
    policy.public_paths = this->options.public_paths;
  }

  absl::Status Start();
  void Stop();
  void Log(std::string_view line);
  // Called by a session (on its strand).
  void Forget(Session* session);
  void HandedOut();
  void AnswerWritten();
  bool Stopping() {
    std::lock_guard lock(mu);
    return stopping;
  }
  // Called by a PendingAnswer, from any thread.
  void Deliver(const std::weak_ptr<Session>& session, HttpResponse answer);

  const HttpServerOptions options;
  const Handler handler;
  RequestLimits limits;
  AccessPolicy policy;
  std::atomic<int> port{0};
  std::atomic<uint64_t> answers{0};
  std::atomic<uint64_t> refused{0};

 private:
  void Accept();
  void Admit(tcp::socket socket);
  std::vector<std::shared_ptr<Session>> SessionsNow();

  // Declared first so that it is destroyed last: queued handlers own sessions.
  asio::io_context ioc;
  asio::strand<asio::io_context::executor_type> accept_strand{asio::make_strand(ioc)};
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::steady_timer> accept_pause;
  // Keeps the io threads running while every connection waits for a handler.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;

  std::mutex mu;  // guards what follows
  std::condition_variable changed;
  bool started = false;
  bool stopping = false;
  bool stopped = false;  // io threads joined: answers are dropped
  std::unordered_map<Session*, std::shared_ptr<Session>> sessions;
  int64_t in_flight = 0;  // requests handed to the handler and not yet answered

  std::mutex log_mu;
};

namespace {

// The one answer to one handed-out request: given once, by the Responder or,
// if the Responder is dropped uncalled, as a 500.
class PendingAnswer {
 public:
  PendingAnswer(std::shared_ptr<HttpServerCore> core, std::weak_ptr<Session> session)
      : core_(std::move(core)), session_(std::move(session)) {}
  ~PendingAnswer() {
    if (!given_.exchange(true)) {
      core_->Deliver(session_,
                     ErrorAnswer(500, "INTERNAL", "the request was dropped without an answer"));
    }
  }
  void Give(HttpResponse answer) {
    if (!given_.exchange(true)) core_->Deliver(session_, std::move(answer));
  }

 private:
  std::shared_ptr<HttpServerCore> core_;
  std::weak_ptr<Session> session_;
  std::atomic<bool> given_{false};
};

// One connection. Every member function runs on the connection's strand
// (the stream's executor), except CloseNow (after the io threads stopped).
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServerCore& core, tcp::socket socket) : core_(core), stream_(std::move(socket)) {
    beast::error_code error;
    const tcp::endpoint remote = stream_.socket().remote_endpoint(error);
    remote_ = error ? "-" : EndpointText(remote);
  }

  auto executor() { return stream_.get_executor(); }
  void Start() { ReadRequest(); }

  // The handler's answer, on the strand.
  void Answer(HttpResponse answer) {
    if (state_ != State::kHandling) return;  // closed meanwhile (Stop)
    WriteAnswer(std::move(answer), keep_alive_);
  }

  // Stop: a connection that waits for a request (or drains) is closed.
  void CloseIfWaiting() {
    if (state_ == State::kReading || state_ == State::kDraining) Close();
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    CloseNow();
    FinishInFlight();
    core_.Forget(this);
  }

  void CloseNow() {
    beast::error_code error;
    stream_.socket().shutdown(tcp::socket::shutdown_both, error);
    stream_.close();  // the socket and the stream's timer
  }

 private:
  enum class State { kReading, kHandling, kWriting, kDraining, kClosed };

  void ReadRequest() {
    if (core_.Stopping()) {
      Close();
      return;
    }
    state_ = State::kReading;
    version_ = 11;
    head_ = false;
    keep_alive_ = false;
    parser_.emplace();
    ApplyLimits(core_.limits, *parser_);
    if (first_ || buffer_.size() > 0) {
      ReadMessage();
      return;
    }
    // Idle between requests: wait for the next one's first bytes.
    stream_.expires_after(core_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code error, size_t bytes) {
                              if (error) {
                                self->Close();
                                return;
                              }
                              self->buffer_.commit(bytes);
                              self->ReadMessage();
                            });
  }

  // The header, then (after "100 Continue" if the client expects it) the
  // body, within read_timeout together.
  void ReadMessage() {
    stream_.expires_after(core_.options.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, size_t) {
                              if (error || self->parser_->is_done()) {
                                self->OnRead(error);
                              } else if (self->ExpectsContinue()) {
                                self->SendContinue();
                              } else {
                                self->ReadBody();
                              }
                            });
  }

  bool ExpectsContinue() const {
    const auto expect = parser_->get().find(http::field::expect);
    return expect != parser_->get().end() &&
           absl::EqualsIgnoreCase(absl::string_view(expect->value().data(), expect->value().size()),
                                  "100-continue");
  }

  void SendContinue() {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](beast::error_code error, size_t) {
                        if (error) {
                          self->Close();
                        } else {
                          self->ReadBody();
                        }
                      });
  }

  void ReadBody() {
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code error, size_t) { self->OnRead(error); });
  }

  void OnRead(beast::error_code error) {
    read_at_ = std::chrono::steady_clock::now();
    if (state_ != State::kReading) return;
    log_method_ = "-";
    log_target_ = "-";
    if (parser_->is_header_done()) {
      const BeastRequest& message = parser_->get();
      version_ = message.version();
      head_ = message.method() == http::verb::head;
      keep_alive_ = message.keep_alive();
      const auto method = message.method_string();
      log_method_ = std::string(method.substr(0, kMaxLogMethod));
      log_target_ =
          TargetForLog(std::string_view(message.target().data(), message.target().size()));
    }
    if (error) {
      // A parse error is answered; a timeout, a hang-up or Stop just closes.
      if (IsParseError(error)) {
        WriteAnswer(ParseErrorAnswer(error, core_.limits), /*keep_alive=*/false);
      } else {
        Close();
      }
      return;
    }
    std::variant<HttpRequest, HttpResponse> admitted =
        AdmitRequest(parser_->get(), remote_, core_.policy);
    if (HttpResponse* refusal = std::get_if<HttpResponse>(&admitted)) {
      WriteAnswer(std::move(*refusal), keep_alive_ && refusal->status != 400);
      return;
    }
    state_ = State::kHandling;
    stream_.expires_never();
    in_flight_ = true;
    core_.HandedOut();
    auto pending = std::make_shared<PendingAnswer>(core_.shared_from_this(), weak_from_this());
    try {
      core_.handler(std::move(std::get<HttpRequest>(admitted)),
                    [pending](HttpResponse answer) { pending->Give(std::move(answer)); });
    } catch (const std::exception&) {
      pending->Give(ErrorAnswer(500, "INTERNAL", "the request's handler failed"));
    }
  }

  void WriteAnswer(HttpResponse answer, bool keep_alive) {
    state_ = State::kWriting;
    if (answer.status < 100 || answer.status > 599) {
      answer = ErrorAnswer(500, "INTERNAL", "the handler gave an invalid status");
    }
    auto response = std::make_shared<http::response<http::string_body>>();
    response->version(version_);
    response->result(static_cast<unsigned>(answer.status));
    if (IsHeaderText(answer.content_type))
      response->set(http::field::content_type, answer.content_type);
    bool cache_control = false;
    for (const auto& [name, value] : answer.headers) {
      if (name.empty() || !IsHeaderText(name) || !IsHeaderText(value)) continue;
      cache_control |= absl::EqualsIgnoreCase(name, "Cache-Control");
      response->insert(name, value);
    }
    if (!cache_control) response->set(http::field::cache_control, "no-store");
    response->set("X-Content-Type-Options", "nosniff");
    response->keep_alive(keep_alive);
    const size_t body_bytes = answer.body.size();
    response->body() = std::move(answer.body);
    response->prepare_payload();
    if (head_) {
      response->body().clear();
      response->content_length(body_bytes);
    }
    stream_.expires_after(core_.options.read_timeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response, body_bytes, keep_alive](
                          beast::error_code error, size_t) {
                        self->OnWritten(error, response->result_int(), body_bytes, keep_alive);
                      });
  }

  void OnWritten(beast::error_code error, int status, size_t body_bytes, bool keep_alive) {
    const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - read_at_)
                                  .count();
    core_.Log(AccessLogLine(absl::Now(), remote_, log_method_, log_target_, status, body_bytes,
                            milliseconds));
    ++core_.answers;
    FinishInFlight();
    if (state_ != State::kWriting) return;
    if (error) {
      Close();
    } else if (!keep_alive) {
      Drain();
    } else {
      first_ = false;
      ReadRequest();
    }
  }

  // Half-closes, then reads and drops what the client still sends for a
  // little while, then closes.
  void Drain() {
    state_ = State::kDraining;
    beast::error_code error;
    stream_.socket().shutdown(tcp::socket::shutdown_send, error);
    buffer_.clear();
    stream_.expires_after(kDrainTime);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(buffer_.prepare(64 << 10), [self = shared_from_this()](
                                                           beast::error_code error, size_t bytes) {
      self->drained_ += bytes;
      if (error || self->drained_ > kDrainBytes || self->state_ != State::kDraining) {
        self->Close();
      } else {
        self->DrainSome();
      }
    });
  }

  void FinishInFlight() {
    if (!in_flight_) return;
    in_flight_ = false;
    core_.AnswerWritten();
  }

  HttpServerCore& core_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::string remote_;
  State state_ = State::kReading;
  bool first_ = true;
  bool in_flight_ = false;  // counted in the core's in_flight
  unsigned version_ = 11;
  bool head_ = false;
  bool keep_alive_ = false;
  std::string log_method_;
  std::string log_target_;
  std::chrono::steady_clock::time_point read_at_;
  size_t drained_ = 0;
};

}  // namespace

absl::Status HttpServerCore::Start() {
  if (options.token.empty()) return absl::InvalidArgumentError("the server needs a bearer token");
  if (options.io_threads < 1 || options.max_connections < 1 || options.max_body_bytes == 0 ||
      options.max_header_bytes == 0 || options.max_header_bytes > UINT32_MAX) {
    return absl::InvalidArgumentError("the server's thread count and limits must be positive");
  }
  SAFETYNET_ASSIGN_OR_RETURN(const tcp::endpoint endpoint, ParseListenAddress(options.listen));
  {
    std::lock_guard lock(mu);
    if (started) return absl::FailedPreconditionError("the server was started already");
  }
  acceptor.emplace(accept_strand);
  beast::error_code error;
  const auto failed = [&] {
    acceptor.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen, ": ", error.message()));
  };
  acceptor->open(endpoint.protocol(), error);
  if (error) return failed();
  acceptor->set_option(asio::socket_base::reuse_address(true), error);
  if (error) return failed();
  acceptor->bind(endpoint, error);
  if (error) return failed();
  acceptor->listen(asio::socket_base::max_listen_connections, error);
  if (error) return failed();
  port = acceptor->local_endpoint(error).port();
  {
    std::lock_guard lock(mu);
    started = true;
  }
  accept_pause.emplace(accept_strand);
  work.emplace(ioc.get_executor());
  Accept();
  for (int i = 0; i < options.io_threads; ++i) threads.emplace_back([this] { ioc.run(); });
  return absl::OkStatus();
}

void HttpServerCore::Accept() {
  acceptor->async_accept(asio::make_strand(ioc),
                         [this](beast::error_code error, tcp::socket socket) {
                           if (error == asio::error::operation_aborted || !acceptor->is_open())
                             return;
                           if (error) {
                             accept_pause->expires_after(kAcceptPause);
                             accept_pause->async_wait([this](beast::error_code error) {
                               if (!error && acceptor->is_open()) Accept();
                             });
                             return;
                           }
                           Admit(std::move(socket));
                           Accept();
                         });
}

void HttpServerCore::Admit(tcp::socket socket) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard lock(mu);
    if (!stopping && sessions.size() < static_cast<size_t>(options.max_connections)) {
      session = std::make_shared<Session>(*this, std::move(socket));
      sessions.emplace(session.get(), session);
    }
  }
  if (!session) {
    // Counted and logged before the close, so a client that sees the close
    // finds it counted.
    const uint64_t count = ++refused;
    if (count % 100 == 1) Log(RefusedLogLine(absl::Now(), count, options.max_connections));
    beast::error_code error;
    socket.close(error);
    return;
  }
  asio::post(session->executor(), [session] { session->Start(); });
}

std::vector<std::shared_ptr<Session>> HttpServerCore::SessionsNow() {
  std::lock_guard lock(mu);
  std::vector<std::shared_ptr<Session>> now;
  now.reserve(sessions.size());
  for (const auto& [key, session] : sessions) now.push_back(session);
  return now;
}

void HttpServerCore::Forget(Session* session) {
  std::shared_ptr<Session> forgotten;  // dropped outside the lock
  std::lock_guard lock(mu);
  if (const auto found = sessions.find(session); found != sessions.end()) {
    forgotten = std::move(found->second);
    sessions.erase(found);
  }
  changed.notify_all();
}

void HttpServerCore::HandedOut() {
  std::lock_guard lock(mu);
  ++in_flight;
}

void HttpServerCore::AnswerWritten() {
  std::lock_guard lock(mu);
  --in_flight;
  changed.notify_all();
}

void HttpServerCore::Deliver(const std::weak_ptr<Session>& weak_session, HttpResponse answer) {
  std::lock_guard lock(mu);
  if (stopped) return;
  std::shared_ptr<Session> session = weak_session.lock();
  if (!session) return;  // closed: nothing to answer
  asio::post(session->executor(), [session, answer = std::move(answer)]() mutable {
    session->Answer(std::move(answer));
  });
}

void HttpServerCore::Log(std::string_view line) {
  std::lock_guard lock(log_mu);
  if (options.log) {
    options.log(line);
  } else {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  }
}

void HttpServerCore::Stop() {
  {
    std::lock_guard lock(mu);
    if (!started || stopping) return;
    stopping = true;
  }
  std::promise<void> closed;
  asio::post(accept_strand, [&] {
    beast::error_code error;
    acceptor->close(error);
    accept_pause->cancel();
    closed.set_value();
  });
  closed.get_future().wait();
  for (const auto& session : SessionsNow()) {
    asio::post(session->executor(), [session] { session->CloseIfWaiting(); });
  }
  {
    std::unique_lock lock(mu);
    changed.wait_for(lock, options.stop_grace, [&] { return in_flight == 0; });
  }
  for (const auto& session : SessionsNow()) {
    asio::post(session->executor(), [session] { session->Close(); });
  }
  {
    std::unique_lock lock(mu);
    changed.wait_for(lock, kCloseWait, [&] { return sessions.empty(); });
    stopped = true;
  }
  work.reset();
  ioc.stop();
  for (std::thread& thread : threads) thread.join();
  threads.clear();
  // Single-threaded now: close what is left (handlers never run keep their
  // sessions until the io_context goes).
  for (const auto& session : SessionsNow()) session->CloseNow();
  std::lock_guard lock(mu);
  sessions.clear();
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler)
    : core_(std::make_shared<HttpServerCore>(std::move(options), std::move(handler))) {}

HttpServer::~HttpServer() { Stop(); }

absl::Status HttpServer::Start() { return core_->Start(); }

int HttpServer::port() const { return core_->port; }

void HttpServer::Stop() { core_->Stop(); }

HttpServer::Counters HttpServer::counters() const {
  return Counters{.answers = core_->answers, .refused_connections = core_->refused};
}

}  // namespace safetynet::serve
