#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>

#include <catch2/catch.hpp>
#include <zmq.hpp>

#include "actors/transport/zmtp_router.hpp"

using summit::actors::zmtp_router;

namespace {

struct received {
  std::vector<std::string> envelope;
  std::string body;
};

/// A router (on 127.0.0.1 unless told), pumped by the test's thread.
struct served {
  std::unique_ptr<zmtp_router> router;
  std::vector<received> inbox;
  explicit served(std::size_t max_frame = 1 << 20, std::chrono::milliseconds handshake_limit = std::chrono::seconds(30),
                  const std::string& address = "tcp://127.0.0.1:*") {
    auto bound = zmtp_router::bind(address, max_frame, handshake_limit);
    REQUIRE(bound);
    router = std::move(*bound);
  }
  /// Serves until `done` holds or five seconds pass.
  bool pump_until(const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done() && std::chrono::steady_clock::now() < until)
      router->wait(10, [this](std::vector<std::string> e, std::string b) { inbox.push_back({std::move(e), std::move(b)}); });
    return done();
  }
};

std::string take(zmq::socket_t& s, served& server) {
  zmq::message_t part;
  const bool got = server.pump_until([&] {
    zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(0));
    return (item.revents & ZMQ_POLLIN) != 0;
  });
  REQUIRE(got);
  std::string last;
  do {
    (void)s.recv(part, zmq::recv_flags::none);
    last = part.to_string();
  } while (part.more());
  return last;
}

zmq::socket_t connected(zmq::context_t& ctx, zmq::socket_type type, const std::string& endpoint,
                        const std::string& identity = "") {
  zmq::socket_t s(ctx, type);
  s.set(zmq::sockopt::linger, 0);
  if (!identity.empty()) s.set(zmq::sockopt::routing_id, identity);
  s.connect(endpoint);
  return s;
}

/// A TCP connection to the router that says nothing unless the test writes.
int plain_connection(const zmtp_router& router) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(std::stoi(router.endpoint().substr(router.endpoint().rfind(':') + 1))));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

}  // namespace

TEST_CASE("a router binds tcp IPv4 and ipc addresses and leaves the rest to libzmq", "[transport][zmtp]") {
  CHECK(zmtp_router::bindable("tcp://127.0.0.1:*"));
  CHECK(zmtp_router::bindable("tcp://0.0.0.0:5555"));
  CHECK(zmtp_router::bindable("tcp://*:*"));
  CHECK_FALSE(zmtp_router::bindable("tcp://eth0:*"));
  CHECK_FALSE(zmtp_router::bindable("tcp://[::1]:*"));
  CHECK_FALSE(zmtp_router::bindable("tcp://127.0.0.1:99999"));
  CHECK(zmtp_router::bindable("ipc:///tmp/x")->path == "/tmp/x");
  CHECK(zmtp_router::bindable("ipc://@summit-trials-1")->path == "@summit-trials-1");
  CHECK_FALSE(zmtp_router::bindable("ipc://*"));  // libzmq's generated file name
  CHECK_FALSE(zmtp_router::bindable("ipc://@"));
  CHECK_FALSE(zmtp_router::bindable("ipc://" + std::string(120, 'x')));  // past sun_path
  CHECK_FALSE(zmtp_router::bindable("inproc://x"));
  served s;
  CHECK(s.router->endpoint().rfind("tcp://127.0.0.1:", 0) == 0);
  CHECK(s.router->endpoint() != "tcp://127.0.0.1:0");
}

TEST_CASE("libzmq peers reach a router on a Unix socket, abstract or a file it removes", "[transport][zmtp]") {
  const auto file = "/tmp/summit-router-test-" + std::to_string(::getpid());
  for (const auto& address : {"ipc://@summit-router-test-" + std::to_string(::getpid()), "ipc://" + file}) {
    served s(1 << 20, std::chrono::seconds(30), address);
    CHECK(s.router->endpoint() == address);
    zmq::context_t ctx;
    auto req = connected(ctx, zmq::socket_type::req, address);
    req.send(zmq::buffer(std::string("over ipc")));
    REQUIRE(s.pump_until([&] { return s.inbox.size() == 1; }));
    CHECK(s.inbox[0].body == "over ipc");
    s.router->send(s.inbox[0].envelope, "answered");
    CHECK(take(req, s) == "answered");
  }
  CHECK(::access(file.c_str(), F_OK) != 0);
  // A file left behind by a process that died is replaced, as libzmq does.
  { served first(1 << 20, std::chrono::seconds(30), "ipc://" + file); }
  REQUIRE(::close(::open(file.c_str(), O_CREAT | O_WRONLY, 0600)) == 0);
  served again(1 << 20, std::chrono::seconds(30), "ipc://" + file);
  CHECK(again.router->endpoint() == "ipc://" + file);
}

TEST_CASE("libzmq REQ and DEALER peers talk to the router, short and long frames", "[transport][zmtp]") {
  served s;
  zmq::context_t ctx;
  auto req = connected(ctx, zmq::socket_type::req, s.router->endpoint());
  auto dealer = connected(ctx, zmq::socket_type::dealer, s.router->endpoint(), "gpu-3");
  const std::string large(300000, 'y');
  req.send(zmq::buffer(std::string("hello")));
  dealer.send(zmq::message_t(), zmq::send_flags::sndmore);
  dealer.send(zmq::buffer(large));
  REQUIRE(s.pump_until([&] { return s.inbox.size() == 2; }));
  const auto& from_req = s.inbox[0].body == "hello" ? s.inbox[0] : s.inbox[1];
  const auto& from_dealer = s.inbox[0].body == "hello" ? s.inbox[1] : s.inbox[0];
  REQUIRE(from_req.envelope.size() == 2);  // a generated routing id, the delimiter
  CHECK(from_req.envelope[0].size() == 5);
  CHECK(from_req.envelope[0][0] == '\0');
  CHECK(from_req.envelope[1].empty());
  CHECK(from_dealer.envelope == std::vector<std::string>{"gpu-3", ""});
  CHECK(from_dealer.body == large);
  s.router->send(from_req.envelope, large);
  s.router->send(from_dealer.envelope, "bye");
  CHECK(take(req, s) == large);
  CHECK(take(dealer, s) == "bye");
  CHECK(s.router->connections() == 2);
}

TEST_CASE("a newer connection with the same identity takes it over", "[transport][zmtp]") {
  served s;
  zmq::context_t ctx;
  auto first = connected(ctx, zmq::socket_type::dealer, s.router->endpoint(), "w1");
  first.send(zmq::buffer(std::string("one")));
  REQUIRE(s.pump_until([&] { return s.inbox.size() == 1; }));
  auto second = connected(ctx, zmq::socket_type::dealer, s.router->endpoint(), "w1");
  second.send(zmq::buffer(std::string("two")));
  REQUIRE(s.pump_until([&] { return s.inbox.size() == 2; }));
  CHECK(s.inbox[1].envelope == std::vector<std::string>{"w1"});
  s.router->send({"w1"}, "to the newer");
  CHECK(take(second, s) == "to the newer");
  CHECK(s.pump_until([&] { return s.router->connections() == 1; }));
}

TEST_CASE("a frame past the limit, or a peer that is not ZeroMQ, is dropped with its connection",
          "[transport][zmtp]") {
  served s(1000);
  zmq::context_t ctx;
  auto dealer = connected(ctx, zmq::socket_type::dealer, s.router->endpoint());
  REQUIRE(s.pump_until([&] { return s.router->connections() == 1; }));
  dealer.send(zmq::buffer(std::string(1001, 'x')));
  CHECK(s.pump_until([&] { return s.router->connections() == 0; }));
  CHECK(s.inbox.empty());

  const int raw = plain_connection(*s.router);
  const std::string http = "GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: curl/7.88\r\nAccept: */*\r\n\r\n";
  REQUIRE(::write(raw, http.data(), http.size()) == static_cast<ssize_t>(http.size()));
  CHECK(s.pump_until([&] { return s.router->connections() == 0; }));
  CHECK(s.inbox.empty());
  ::close(raw);
}

TEST_CASE("a reply to a peer that is gone is dropped", "[transport][zmtp]") {
  served s;
  {
    zmq::context_t ctx;
    auto req = connected(ctx, zmq::socket_type::req, s.router->endpoint());
    req.send(zmq::buffer(std::string("hello")));
    REQUIRE(s.pump_until([&] { return s.inbox.size() == 1; }));
  }
  REQUIRE(s.pump_until([&] { return s.router->connections() == 0; }));
  s.router->send(s.inbox[0].envelope, "nobody hears this");
  s.router->send({"no such peer"}, "nor this");
  s.router->send({}, "nor this");
  CHECK(s.router->connections() == 0);
}

TEST_CASE("a peer that asks for heartbeats gets its PONGs and keeps its connection", "[transport][zmtp]") {
  served s;
  zmq::context_t ctx;
  zmq::socket_t dealer(ctx, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  dealer.set(zmq::sockopt::heartbeat_ivl, 20);
  dealer.set(zmq::sockopt::heartbeat_timeout, 100);
  dealer.connect(s.router->endpoint());
  dealer.send(zmq::buffer(std::string("first")));
  REQUIRE(s.pump_until([&] { return s.inbox.size() == 1; }));
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  s.pump_until([&] { return std::chrono::steady_clock::now() >= until; });  // 25 PINGs, 5 timeouts long
  dealer.send(zmq::buffer(std::string("second")));
  REQUIRE(s.pump_until([&] { return s.inbox.size() == 2; }));
  CHECK(s.inbox[1].envelope == s.inbox[0].envelope);  // the same connection: a new one gets a new id
}

TEST_CASE("a connection that never completes its handshake is closed at the limit", "[transport][zmtp]") {
  served s(1 << 20, std::chrono::milliseconds(200));
  const int silent = plain_connection(*s.router);
  REQUIRE(s.pump_until([&] { return s.router->connections() == 1; }));
  zmq::context_t ctx;
  auto talker = connected(ctx, zmq::socket_type::dealer, s.router->endpoint(), "talker");
  talker.send(zmq::buffer(std::string("hi")));
  const auto start = std::chrono::steady_clock::now();
  CHECK(s.pump_until([&] { return s.router->connections() == 1 && s.inbox.size() == 1 &&
                                  std::chrono::steady_clock::now() - start > std::chrono::milliseconds(300); }));
  s.router->send({"talker"}, "still served");  // the one that spoke stays
  CHECK(take(talker, s) == "still served");
  ::close(silent);
}
