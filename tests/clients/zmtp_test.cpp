#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>
#include <summit/zmtp.hpp>

#include "fake_worker.hpp"

using summit::client::detail::broken;
using summit::client::detail::zmtp_dealer;
using summit::client_test::fake_worker;
using namespace std::chrono_literals;

namespace {

/// A listening TCP socket that is no ZeroMQ peer.
struct plain_listener {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int port = 0;
  plain_listener() {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 4);
    socklen_t size = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
    port = ntohs(a.sin_port);
  }
  ~plain_listener() { ::close(fd); }
};

}  // namespace

TEST_CASE("a tcp endpoint splits into host and port; any other is not for ZMTP over TCP", "[client][zmtp]") {
  CHECK(zmtp_dealer::tcp_address("tcp://127.0.0.1:5555") == std::pair<std::string, std::string>{"127.0.0.1", "5555"});
  CHECK(zmtp_dealer::tcp_address("tcp://[::1]:80") == std::pair<std::string, std::string>{"::1", "80"});
  CHECK(zmtp_dealer::tcp_address("tcp://gpu-3.lab:6000") == std::pair<std::string, std::string>{"gpu-3.lab", "6000"});
  CHECK_FALSE(zmtp_dealer::tcp_address("ipc:///tmp/worker"));
  CHECK_FALSE(zmtp_dealer::tcp_address("tcp://127.0.0.1"));
  CHECK_FALSE(zmtp_dealer::tcp_address("tcp://127.0.0.1:"));
  CHECK_FALSE(zmtp_dealer::tcp_address("tcp://:5555"));
}

TEST_CASE("an ipc endpoint names a socket file or an abstract name", "[client][zmtp]") {
  CHECK(zmtp_dealer::ipc_path("ipc:///run/summit/w1") == "/run/summit/w1");
  CHECK(zmtp_dealer::ipc_path("ipc://@summit-trials-ab12") == "@summit-trials-ab12");
  CHECK_FALSE(zmtp_dealer::ipc_path("tcp://127.0.0.1:5555"));
  CHECK_FALSE(zmtp_dealer::ipc_path("ipc://"));
  CHECK_FALSE(zmtp_dealer::ipc_path("ipc://@"));
  CHECK_FALSE(zmtp_dealer::ipc_path("ipc://" + std::string(120, 'x')));
}

TEST_CASE("a ZMTP dealer talks to a libzmq ROUTER: short and long frames, both ways", "[client][zmtp]") {
  fake_worker worker;
  zmtp_dealer dealer("127.0.0.1", std::to_string(worker.port()), 5s);
  const std::string large(70000, 'x');
  dealer.send("hello");
  dealer.send(large);
  const auto first = worker.receive();
  REQUIRE(first.size() == 3);  // routing id, the empty delimiter, the body
  CHECK(first[1].empty());
  CHECK(first[2] == "hello");
  CHECK(worker.receive().at(2) == large);
  worker.reply(first, large);
  worker.reply(first, "bye");
  CHECK(dealer.receive(5s) == large);
  CHECK(dealer.receive(5s) == "bye");
}

TEST_CASE("a ZMTP dealer talks to a libzmq ROUTER on an abstract Unix socket", "[client][zmtp]") {
  const std::string name = "@summit-zmtp-test-" + std::to_string(::getpid());
  fake_worker worker("ipc://" + name);
  zmtp_dealer dealer(name, 5s);  // the ipc constructor: ZMTP here, not libzmq
  dealer.send("over ipc");
  const auto request = worker.receive();
  REQUIRE(request.size() == 3);
  CHECK(request[2] == "over ipc");
  worker.reply(request, "answered");
  CHECK(dealer.receive(5s) == "answered");
  CHECK_THROWS_AS(zmtp_dealer(std::string("@summit-nobody-listens-here"), 5s), broken);
}

TEST_CASE("a ZMTP dealer waits for a reply no longer than asked", "[client][zmtp]") {
  fake_worker worker;
  zmtp_dealer dealer("127.0.0.1", std::to_string(worker.port()), 5s);
  const auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(dealer.receive(50ms));
  const auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 50ms);
  CHECK(waited < 2s);
}

TEST_CASE("a ZMTP dealer whose worker goes away is broken, not stuck", "[client][zmtp]") {
  std::optional<fake_worker> worker(std::in_place);
  const auto port = std::to_string(worker->port());
  zmtp_dealer dealer("127.0.0.1", port, 5s);
  dealer.send("hello");
  REQUIRE(worker->receive().size() == 3);
  worker.reset();
  CHECK_THROWS_AS(dealer.receive(5s), broken);
  CHECK_THROWS_AS(zmtp_dealer("127.0.0.1", port, 5s), broken);  // nothing listens there now
}

TEST_CASE("a peer that is not ZeroMQ, or says nothing, fails the handshake", "[client][zmtp]") {
  plain_listener http;
  std::thread server([&] {
    const int peer = ::accept(http.fd, nullptr, nullptr);
    const std::string answer = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)::write(peer, answer.data(), answer.size());
    ::close(peer);
  });
  CHECK_THROWS_WITH(zmtp_dealer("127.0.0.1", std::to_string(http.port), 5s),
                    Catch::Contains("does not speak ZMTP"));
  server.join();

  plain_listener silent;  // accepts (the kernel does) and never answers
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(zmtp_dealer("127.0.0.1", std::to_string(silent.port), 200ms), broken);
  CHECK(std::chrono::steady_clock::now() - start < 2s);
}
