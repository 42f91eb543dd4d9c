// The HTTP layer of `safetynet serve` (engine/serve/http_server.h) over real
// sockets on 127.0.0.1 (a port the system picks), with Beast's synchronous
// client; and the token file (engine/serve/token_file.h).
#include "engine/serve/http_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "engine/serve/listen_address.h"
#include "engine/serve/token_file.h"

namespace safetynet::serve {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr char kToken[] = "s3cret-T0ken-for-tests-0123";
constexpr char kResidentId[] = "110101199003074514";

using Response = http::response<http::string_body>;

HttpResponse Text(std::string body) {
  HttpResponse answer;
  answer.content_type = "text/plain";
  answer.body = std::move(body);
  return answer;
}

// One connection to the server; requests on it one after the other.
class Client {
 public:
  explicit Client(int port) : socket_(io_) {
    socket_.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  }

  Response Send(http::verb method, const std::string& target, const std::string& token = kToken,
                const std::string& body = "") {
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    if (method == http::verb::post) request.set(http::field::content_type, "application/json");
    request.body() = body;
    request.prepare_payload();
    http::write(socket_, request);
    return Read();
  }

  Response Read() {
    Response response;
    http::read(socket_, buffer_, response);
    return response;
  }

  void WriteRaw(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }

  // Everything the server sends until it closes (or an error such as a reset).
  std::string ReadUntilClosed() {
    std::string received(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    char chunk[4096];
    for (;;) {
      beast::error_code error;
      const size_t n = socket_.read_some(asio::buffer(chunk), error);
      received.append(chunk, n);
      if (error) return received;
    }
  }

  void Close() {
    beast::error_code error;
    socket_.close(error);
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.token = kToken;
    options.public_paths = {"/", "/static/*"};
    options.log = [this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_.emplace_back(line);
    };
    server_ = std::make_unique<HttpServer>(options, [this](HttpRequest request, Responder respond) {
      Handle(std::move(request), std::move(respond));
    });
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_GT(server_->port(), 0);
  }

  void TearDown() override {
    for (std::thread& thread : threads_) thread.join();
    if (server_) server_->Stop();
  }

  // /later: answered 100 ms later from another thread; /hold: kept in held_;
  // /drop: the Responder dropped uncalled; else an echo of the request.
  void Handle(HttpRequest request, Responder respond) {
    std::lock_guard lock(mu_);
    remotes_.push_back(request.remote);
    if (request.path == "/v1/later") {
      threads_.emplace_back([respond = std::move(respond)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        respond(Text("later"));
      });
      return;
    }
    if (request.path == "/v1/hold") {
      held_.push_back(std::move(respond));
      return;
    }
    if (request.path == "/v1/drop") return;
    std::string echo = request.method + " " + request.path + " ";
    for (const auto& [key, value] : request.query) echo += key + "=" + value + ";";
    echo += " " + request.content_type + " " + request.body;
    respond(Text(echo));
  }

  std::string Log() {
    std::lock_guard lock(mu_);
    std::string all;
    for (const std::string& line : log_) all += line + "\n";
    return all;
  }

  size_t HeldCount() {
    std::lock_guard lock(mu_);
    return held_.size();
  }

  std::unique_ptr<HttpServer> server_;
  std::mutex mu_;
  std::vector<std::string> log_;
  std::vector<std::string> remotes_;
  std::vector<Responder> held_;
  std::vector<std::thread> threads_;
};

// Waits (up to 5 s) for `condition`.
template <typename Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 500; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

TEST_F(HttpServerTest, AnswersWithTheHandlersBody) {
  StartServer();
  Client client(server_->port());
  const Response response = client.Send(http::verb::get, "/v1/echo?x=a+b&y=%41%2f&z");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "GET /v1/echo x=a b;y=A/;z=;  ");
  EXPECT_EQ(response[http::field::content_type], "text/plain");
  EXPECT_EQ(response[http::field::cache_control], "no-store");
  const Response posted = client.Send(http::verb::post, "/v1/p%20q", kToken, R"({"a":1})");
  EXPECT_EQ(posted.body(), R"(POST /v1/p q  application/json {"a":1})");
}

TEST_F(HttpServerTest, RefusesAMissingOrWrongTokenButNotOnAPublicPath) {
  StartServer();
  Client client(server_->port());
  for (const std::string& token : {std::string(), std::string("wrong-token-of-some-length"),
                                   std::string(kToken) + "x", std::string(kToken).substr(1)}) {
    const Response response = client.Send(http::verb::get, "/v1/echo", token);
    EXPECT_EQ(response.result_int(), 401) << token;
    EXPECT_EQ(response[http::field::www_authenticate], "Bearer");
    EXPECT_NE(response.body().find(R"("error":"UNAUTHORIZED")"), std::string::npos)
        << response.body();
  }
  EXPECT_EQ(client.Send(http::verb::get, "/", "").result_int(), 200);
  EXPECT_EQ(client.Send(http::verb::get, "/static/app.js", "").result_int(), 200);
  EXPECT_EQ(client.Send(http::verb::get, "/static", "").result_int(), 401);
  EXPECT_EQ(client.Send(http::verb::get, "/index.html", "").result_int(), 401);
}

TEST_F(HttpServerTest, RefusesOtherMethods) {
  StartServer();
  Client client(server_->port());
  const Response response = client.Send(http::verb::put, "/v1/echo");
  EXPECT_EQ(response.result_int(), 405);
  EXPECT_EQ(response[http::field::allow], "GET, POST, HEAD");
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo").result_int(), 200);  // still open
}

TEST_F(HttpServerTest, RefusesABrokenTarget) {
  StartServer();
  Client client(server_->port());
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo?x=%zz").result_int(), 400);
}

TEST_F(HttpServerTest, RefusesATooLargeBody) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  StartServer(options);
  Client client(server_->port());
  const Response response =
      client.Send(http::verb::post, "/v1/echo", kToken, std::string(2000, 'a'));
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_NE(response.body().find(R"("error":"TOO_LARGE")"), std::string::npos) << response.body();
  EXPECT_FALSE(response.keep_alive());

  // Announced too large: answered after the header, before the body.
  Client announced(server_->port());
  announced.WriteRaw(std::string("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                     kToken + "\r\nContent-Length: 5000000\r\n\r\n" + std::string(1000, 'b'));
  EXPECT_EQ(announced.Read().result_int(), 413);
}

TEST_F(HttpServerTest, RefusesATooLargeHeader) {
  StartServer();
  Client client(server_->port());
  client.WriteRaw(std::string("GET /v1/echo HTTP/1.1\r\nHost: x\r\nX-Big: ") +
                  std::string(20000, 'h') + "\r\n\r\n");
  const Response response = client.Read();
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_NE(response.body().find(R"("error":"HEADER_TOO_LARGE")"), std::string::npos);
}

TEST_F(HttpServerTest, GarbageIsRefusedAndTheNextClientIsAnswered) {
  StartServer();
  for (const std::string& garbage :
       {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("\r\n\r\n\r\n"),
        std::string("GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("POST /v1/echo HTTP/1.1\r\nContent-Length: -5\r\n\r\n")}) {
    Client bad(server_->port());
    bad.WriteRaw(garbage);
    const std::string answer = bad.ReadUntilClosed();
    EXPECT_TRUE(answer.empty() || answer.rfind("HTTP/1.1 400 ", 0) == 0) << answer;
  }
  Client good(server_->port());
  EXPECT_EQ(good.Send(http::verb::get, "/v1/echo").result_int(), 200);
}

TEST_F(HttpServerTest, ASlowClientIsClosedAfterTheReadTimeout) {
  HttpServerOptions options;
  options.read_timeout = std::chrono::milliseconds(300);
  StartServer(options);
  Client slow(server_->port());
  const auto start = std::chrono::steady_clock::now();
  slow.WriteRaw("GET /v1/echo HTTP/1.1\r\nHost: x\r\n");  // half the header, then nothing
  const std::string answer = slow.ReadUntilClosed();
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(answer, "");
  EXPECT_GE(waited, std::chrono::milliseconds(250));
  EXPECT_LT(waited, std::chrono::seconds(3));
}

TEST_F(HttpServerTest, AnIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(300);
  StartServer(options);
  Client client(server_->port());
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo").result_int(), 200);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.ReadUntilClosed(), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HttpServerTest, KeepsTheConnectionAliveBetweenRequests) {
  StartServer();
  Client client(server_->port());
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo?n=1").body(), "GET /v1/echo n=1;  ");
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo?n=2").body(), "GET /v1/echo n=2;  ");
  std::lock_guard lock(mu_);
  ASSERT_EQ(remotes_.size(), 2u);
  EXPECT_EQ(remotes_[0], remotes_[1]);  // the same client port: one connection
}

TEST_F(HttpServerTest, HeadAnswersTheLengthWithoutABody) {
  StartServer();
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<unsigned short>(server_->port())));
  http::request<http::empty_body> request{http::verb::head, "/v1/echo", 11};
  request.set(http::field::authorization, std::string("Bearer ") + kToken);
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(true);
  http::read(socket, buffer, parser);
  EXPECT_EQ(parser.get().result_int(), 200);
  EXPECT_EQ(parser.get()[http::field::content_length], "16");  // "HEAD /v1/echo   "
  EXPECT_EQ(parser.get().body(), "");
}

TEST_F(HttpServerTest, ExpectContinueIsAnswered) {
  StartServer();
  Client client(server_->port());
  client.WriteRaw(std::string("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                  kToken + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
  EXPECT_EQ(client.Read().result_int(), 100);
  client.WriteRaw("ok");
  const Response response = client.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "POST /v1/echo   ok");
}

TEST_F(HttpServerTest, AnswersFromAnotherThreadLater) {
  StartServer();
  Client client(server_->port());
  const Response response = client.Send(http::verb::get, "/v1/later");
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_EQ(response.body(), "later");
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo").result_int(), 200);
}

TEST_F(HttpServerTest, AnswersOnceWhenRespondIsCalledTwice) {
  StartServer();
  Client client(server_->port());
  client.WriteRaw(std::string("GET /v1/hold HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                  kToken + "\r\n\r\n");
  ASSERT_TRUE(Eventually([&] { return HeldCount() == 1; }));
  held_[0](Text("first"));
  held_[0](Text("second"));
  EXPECT_EQ(client.Read().body(), "first");
  EXPECT_EQ(client.Send(http::verb::get, "/v1/echo").result_int(), 200);  // no stray second answer
}

TEST_F(HttpServerTest, ADroppedResponderAnswers500) {
  StartServer();
  Client client(server_->port());
  const Response response = client.Send(http::verb::get, "/v1/drop");
  EXPECT_EQ(response.result_int(), 500);
  EXPECT_NE(response.body().find(R"("error":"INTERNAL")"), std::string::npos);
}

TEST_F(HttpServerTest, TheClientClosingBeforeTheAnswerIsSafe) {
  StartServer();
  {
    Client client(server_->port());
    client.WriteRaw(std::string("GET /v1/hold HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                    kToken + "\r\n\r\n");
    ASSERT_TRUE(Eventually([&] { return HeldCount() == 1; }));
    client.Close();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::thread later([respond = held_[0]] { respond(Text("too late")); });
  later.join();
  Client next(server_->port());
  EXPECT_EQ(next.Send(http::verb::get, "/v1/echo").result_int(), 200);
}

TEST_F(HttpServerTest, AnsweringAfterStopAndAfterTheServerIsGoneIsSafe) {
  HttpServerOptions options;
  options.stop_grace = std::chrono::milliseconds(100);
  StartServer(options);
  Client client(server_->port());
  for (int i = 0; i < 2; ++i) {
    Client held(server_->port());
    held.WriteRaw(std::string("GET /v1/hold HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ") +
                  kToken + "\r\n\r\n");
    ASSERT_TRUE(Eventually([&] { return HeldCount() == static_cast<size_t>(i + 1); }));
  }
  server_->Stop();
  held_[0](Text("after stop"));
  server_.reset();
  held_[1](Text("after the server"));
  held_.clear();  // the last references to the server's state
}

TEST_F(HttpServerTest, StopLetsAnAnswerInFlightFinish) {
  StartServer();
  std::thread request([&] {
    Client client(server_->port());
    const Response response = client.Send(http::verb::get, "/v1/later");
    EXPECT_EQ(response.body(), "later");
  });
  ASSERT_TRUE(Eventually([&] {
    std::lock_guard lock(mu_);
    return !threads_.empty();
  }));
  server_->Stop();
  request.join();
  EXPECT_EQ(server_->counters().answers, 1u);
}

TEST_F(HttpServerTest, AnswersFiftyConcurrentRequests) {
  StartServer();
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 50; ++i) {
    clients.emplace_back([&, i] {
      Client client(server_->port());
      const Response response = client.Send(http::verb::get, i % 2 ? "/v1/later" : "/v1/echo");
      if (response.result_int() == 200) ++ok;
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ok.load(), 50);
  // The server counts an answer once written: a client may read it first.
  EXPECT_TRUE(Eventually([&] { return server_->counters().answers == 50u; }))
      << server_->counters().answers;
}

TEST_F(HttpServerTest, ConnectionsOverTheLimitAreClosedAndCounted) {
  HttpServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  Client first(server_->port());
  Client second(server_->port());
  EXPECT_EQ(first.Send(http::verb::get, "/v1/echo").result_int(), 200);
  EXPECT_EQ(second.Send(http::verb::get, "/v1/echo").result_int(), 200);
  Client third(server_->port());
  EXPECT_EQ(third.ReadUntilClosed(), "");
  EXPECT_EQ(server_->counters().refused_connections, 1u);
  EXPECT_NE(Log().find("refused 1 connection in all: 2 open"), std::string::npos) << Log();
  first.Close();
  ASSERT_TRUE(Eventually([&] {
    Client again(server_->port());
    try {
      return again.Send(http::verb::get, "/v1/echo").result_int() == 200;
    } catch (const std::exception&) {
      return false;
    }
  }));
}

TEST_F(HttpServerTest, TheLogHasNoResidentIdNoTokenNoBody) {
  StartServer();
  Client client(server_->port());
  client.Send(http::verb::get, std::string("/v1/cases?subject=") + kResidentId);
  client.Send(http::verb::get, "/v1/cases?subject=%E8%B4%BA%E5%88%A9&town=x");
  client.Send(http::verb::get,
              std::string("/v1/cases/%31%31%30%31%30%31%31%39%39%30%30%33%30%37%34%35%31%34"));
  client.Send(http::verb::post, "/v1/signals", kToken,
              std::string(R"({"person_id":")") + kResidentId + "\"}");
  client.Send(http::verb::get, "/v1/echo", "not-the-token-at-all");
  // Targets that do not decode, an id glued to other digits, a name.
  for (const std::string& target :
       {std::string("/v1/cases?subject=%00") + kResidentId,
        std::string("/v1/cases?subject=0") + kResidentId + "%ZZ",
        std::string("/v1/cases/0") + kResidentId, std::string("/v1/cases?0") + kResidentId,
        std::string("/v1/cases?subject=%E5%BC%A0%E4%B8%89%")}) {
    Client other(server_->port());
    other.Send(http::verb::get, target);
  }
  // A line is written once its answer is: wait for the last.
  ASSERT_TRUE(Eventually([&] { return server_->counters().answers == 10; }));
  const std::string log = Log();
  EXPECT_EQ(log.find(kResidentId), std::string::npos) << log;
  EXPECT_EQ(log.find(kToken), std::string::npos) << log;
  EXPECT_EQ(log.find("not-the-token"), std::string::npos) << log;
  EXPECT_EQ(log.find("person_id"), std::string::npos) << log;
  EXPECT_NE(log.find("127.0.0.1:"), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /v1/cases?subject=* 200 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /v1/cases/* 200 "), std::string::npos) << log;
  EXPECT_EQ(log.find(std::string(kResidentId).substr(0, 10)), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /v1/cases<30-bytes-not-decodable> 400 "), std::string::npos) << log;
  EXPECT_NE(log.find(" GET /v1/echo 401 "), std::string::npos) << log;
  // A name in a query is not logged, in any encoding.
  EXPECT_NE(log.find(" GET /v1/cases?subject=*&town=* 200 "), std::string::npos) << log;
  EXPECT_EQ(log.find("%E8"), std::string::npos) << log;
  EXPECT_EQ(log.find("%E5"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 10);
}

TEST_F(HttpServerTest, StartNamesATakenAddress) {
  StartServer();
  HttpServerOptions options;
  options.listen = "127.0.0.1:" + std::to_string(server_->port());
  options.token = kToken;
  HttpServer second(options, [](HttpRequest, Responder respond) { respond({}); });
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find(options.listen), absl::string_view::npos) << status;
}

TEST(ListenAddressTest, ReadsIpv4AndBracketedIpv6) {
  EXPECT_EQ(EndpointText(*ParseListenAddress("127.0.0.1:8080")), "127.0.0.1:8080");
  EXPECT_EQ(EndpointText(*ParseListenAddress("[::1]:0")), "[::1]:0");
  for (const char* bad : {"", "8080", ":8080", "localhost:8080", "::1:8080", "[::1]", "127.0.0.1:",
                          "127.0.0.1:65536", "127.0.0.1:-1", "[127.0.0.1]:80", "1.2.3:80"}) {
    EXPECT_FALSE(ParseListenAddress(bad).ok()) << bad;
  }
}

TEST(ErrorAnswerTest, IsTheErrorResponseInJson) {
  const HttpResponse answer =
      ErrorAnswer(404, "NOT_FOUND", std::string("no case for ") + kResidentId);
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, R"({"error":"NOT_FOUND","message":"no case for 110101********4514"})");
}

class TokenFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/safetynet-token-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    folder_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string Write(const std::string& name, const std::string& content, mode_t mode) {
    const std::string path = folder_ + "/" + name;
    std::ofstream(path) << content;
    chmod(path.c_str(), mode);
    return path;
  }

  std::string folder_;
};

TEST_F(TokenFileTest, AcceptsMode0600And0400) {
  EXPECT_EQ(*ReadTokenFile(Write("a", std::string(kToken) + "\r\n", 0600)), kToken);
  EXPECT_EQ(*ReadTokenFile(Write("b", std::string(kToken) + "\n", 0400)), kToken);
  EXPECT_EQ(*ReadTokenFile(Write("c", kToken, 0600)), kToken);
}

TEST_F(TokenFileTest, RefusesAnOpenMode) {
  const std::string path = Write("token", kToken, 0644);
  const absl::StatusOr<std::string> token = ReadTokenFile(path);
  ASSERT_EQ(token.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(token.status().message().find("chmod 600 " + path), absl::string_view::npos)
      << token.status();
  EXPECT_NE(token.status().message().find("0644"), absl::string_view::npos) << token.status();
  EXPECT_EQ(token.status().message().find(kToken), absl::string_view::npos);
  EXPECT_FALSE(ReadTokenFile(Write("group", kToken, 0640)).ok());
  EXPECT_FALSE(ReadTokenFile(Write("exec", kToken, 0700)).ok());
}

TEST_F(TokenFileTest, RefusesASymlink) {
  const std::string target = Write("token", kToken, 0600);
  const std::string link = folder_ + "/link";
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  const absl::StatusOr<std::string> token = ReadTokenFile(link);
  EXPECT_EQ(token.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(token.status().message().find("symbolic link"), absl::string_view::npos)
      << token.status();
}

TEST_F(TokenFileTest, RefusesAFolderAndAMissingFile) {
  const std::string folder = folder_ + "/folder";
  ASSERT_EQ(mkdir(folder.c_str(), 0700), 0);
  EXPECT_FALSE(ReadTokenFile(folder).ok());
  EXPECT_EQ(ReadTokenFile(folder_ + "/none").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(TokenFileTest, RefusesBadContentWithoutQuotingIt) {
  for (const std::string& content :
       {std::string(), std::string("\n"), std::string("short-token-15c"),
        std::string("a token with spaces inside"), std::string(kToken) + "\n\n",
        std::string(kToken) + "\nsecond-line-of-the-file", std::string(5000, 'x')}) {
    const absl::StatusOr<std::string> token = ReadTokenFile(Write("token", content, 0600));
    EXPECT_EQ(token.status().code(), absl::StatusCode::kInvalidArgument) << content;
    if (!content.empty() && content != "\n") {
      EXPECT_EQ(token.status().message().find(content.substr(0, 10)), absl::string_view::npos)
          << token.status();
    }
  }
}

TEST(TokenMatchesTest, ComparesWholeTokens) {
  EXPECT_TRUE(TokenMatches("abcdefghijklmnop", "abcdefghijklmnop"));
  EXPECT_FALSE(TokenMatches("abcdefghijklmnoq", "abcdefghijklmnop"));
  EXPECT_FALSE(TokenMatches("abcdefghijklmno", "abcdefghijklmnop"));
  EXPECT_FALSE(TokenMatches("abcdefghijklmnopq", "abcdefghijklmnop"));
  EXPECT_FALSE(TokenMatches("", "abcdefghijklmnop"));
}

}  // namespace
}  // namespace safetynet::serve
