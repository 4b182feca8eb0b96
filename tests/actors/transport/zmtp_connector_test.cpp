#include <chrono>
#include <functional>

#include <catch2/catch.hpp>
#include <zmq.hpp>

#include "actors/transport/zmtp_connector.hpp"
#include "zmq_message.hpp"

using summit::actors::zmtp_connector;

namespace {

/// A libzmq ROUTER on 127.0.0.1, as a coordinator's socket.
struct coordinator_socket {
  zmq::context_t ctx;
  zmq::socket_t socket{ctx, zmq::socket_type::router};
  int port = 0;
  explicit coordinator_socket(int at = 0, const std::function<void(zmq::socket_t&)>& setup = {}) {
    socket.set(zmq::sockopt::linger, 0);
    if (setup) setup(socket);
    socket.bind("tcp://127.0.0.1:" + (at ? std::to_string(at) : std::string("*")));
    const auto bound = socket.get(zmq::sockopt::last_endpoint);
    port = std::stoi(bound.substr(bound.rfind(':') + 1));
  }
  std::string address() const { return "tcp://127.0.0.1:" + std::to_string(port); }
  /// The frames of the next message, or none within a few milliseconds.
  std::vector<std::string> take() { return summit::transport_test::next_message(socket, std::chrono::milliseconds(5)); }
};

std::vector<std::string> delivered;

/// Runs the connector (and `also`, each round) until `done` or 8 s.
bool pump_until(zmtp_connector& c, const std::function<bool()>& done, const std::function<void()>& also = {}) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(8);
  while (!done() && std::chrono::steady_clock::now() < until) {
    c.wait(5, [](std::vector<std::string> envelope, std::string body) {
      CHECK(envelope.empty());
      delivered.push_back(std::move(body));
    });
    if (also) also();
  }
  return done();
}

}  // namespace

TEST_CASE("a connector connects tcp addresses by name or IPv4; the rest stays with libzmq", "[transport][zmtp]") {
  CHECK(zmtp_connector::connectable("tcp://127.0.0.1:5555"));
  CHECK(zmtp_connector::connectable("tcp://head-node.cluster:6000"));
  CHECK_FALSE(zmtp_connector::connectable("tcp://[::1]:5555"));
  CHECK_FALSE(zmtp_connector::connectable("tcp://eth0;10.0.0.1:5555"));
  CHECK_FALSE(zmtp_connector::connectable("tcp://127.0.0.1:0"));
  CHECK_FALSE(zmtp_connector::connectable("tcp://127.0.0.1"));
  CHECK_FALSE(zmtp_connector::connectable("ipc:///tmp/coordinator"));
}

TEST_CASE("a connector is a DEALER with its identity to a libzmq ROUTER, both ways", "[transport][zmtp]") {
  delivered.clear();
  coordinator_socket coordinator;
  zmtp_connector c(coordinator.address(), "w-7", 1 << 20);
  REQUIRE(pump_until(c, [&] { return c.connected(); }));
  const std::string large(100000, 'q');
  c.send({}, "hello");
  c.send({}, large);
  std::vector<std::vector<std::string>> got;
  REQUIRE(pump_until(c, [&] { return got.size() == 2; }, [&] {
    if (auto m = coordinator.take(); !m.empty()) got.push_back(m);
  }));
  CHECK(got[0] == std::vector<std::string>{"w-7", "hello"});
  CHECK(got[1] == std::vector<std::string>{"w-7", large});
  coordinator.socket.send(zmq::buffer(std::string("w-7")), zmq::send_flags::sndmore);
  coordinator.socket.send(zmq::buffer(std::string("registered")));
  REQUIRE(pump_until(c, [&] { return delivered.size() == 1; }));
  CHECK(delivered[0] == "registered");
}

TEST_CASE("a connector drops what is sent unconnected and connects again after a loss", "[transport][zmtp]") {
  delivered.clear();
  int port = 0;
  { port = coordinator_socket().port; }  // free a moment ago
  zmtp_connector c("tcp://127.0.0.1:" + std::to_string(port), "w-8", 1 << 20);
  for (int k = 0; k < 5; ++k) c.wait(5, [](std::vector<std::string>, std::string) {});
  CHECK_FALSE(c.connected());
  c.send({}, "lost");
  const auto next_from = [&c](coordinator_socket& at) {
    std::vector<std::string> got;
    pump_until(c, [&] { return !got.empty(); }, [&] { got = at.take(); });
    return got;
  };
  {
    coordinator_socket coordinator(port);
    REQUIRE(pump_until(c, [&] { return c.connected(); }));
    c.send({}, "kept");
    CHECK(next_from(coordinator) == std::vector<std::string>{"w-8", "kept"});
    CHECK(coordinator.take().empty());
  }
  REQUIRE(pump_until(c, [&] { return !c.connected(); }));
  coordinator_socket back(port);
  REQUIRE(pump_until(c, [&] { return c.connected(); }));
  c.send({}, "again");
  CHECK(next_from(back) == std::vector<std::string>{"w-8", "again"});
}

TEST_CASE("a connector told that the coordinator wants keys says so, and whether it was in before",
          "[transport][zmtp]") {
  char public_key[41], secret_key[41];
  REQUIRE(zmq_curve_keypair(public_key, secret_key) == 0);
  coordinator_socket coordinator(0, [&](zmq::socket_t& s) {
    s.set(zmq::sockopt::curve_server, true);
    s.set(zmq::sockopt::curve_secretkey, std::string(secret_key));
  });
  std::vector<std::pair<std::string, bool>> refusals;
  zmtp_connector c(coordinator.address(), "w-9", 1 << 20,
                   [&](const std::string& why, bool before) { refusals.emplace_back(why, before); });
  REQUIRE(pump_until(c, [&] { return !refusals.empty(); }));
  CHECK_THAT(refusals[0].first, Catch::Contains("do not match"));
  CHECK_FALSE(refusals[0].second);
  CHECK_FALSE(c.connected());
}

TEST_CASE("a connector answers a ROUTER's heartbeats and keeps its connection", "[transport][zmtp]") {
  delivered.clear();
  coordinator_socket coordinator(0, [](zmq::socket_t& s) {
    s.set(zmq::sockopt::heartbeat_ivl, 20);
    s.set(zmq::sockopt::heartbeat_timeout, 100);
  });
  zmtp_connector c(coordinator.address(), "w-10", 1 << 20);
  REQUIRE(pump_until(c, [&] { return c.connected(); }));
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  pump_until(c, [&] { return std::chrono::steady_clock::now() >= until; });  // 25 PINGs, 5 timeouts long
  CHECK(c.connected());
  c.send({}, "still here");
  std::vector<std::string> got;
  REQUIRE(pump_until(c, [&] { return !got.empty(); }, [&] { got = coordinator.take(); }));
  CHECK(got == std::vector<std::string>{"w-10", "still here"});
}
