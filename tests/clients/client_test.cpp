#include <unistd.h>

#include <chrono>
#include <cmath>
#include <future>
#include <thread>

#include <catch2/catch.hpp>
#include <summit/client.hpp>

#include "fake_worker.hpp"

using namespace summit::client_test;
using namespace std::chrono_literals;

namespace {

summit::client::trial trial_five() {
  summit::client::trial t;
  t.id = 5;
  return t;
}

/// Answers the next request, an observation, with its acknowledgement.
void acknowledge_one(fake_worker& worker, bool stop = false) {
  const auto request = worker.receive();
  REQUIRE(request.size() == 3);
  const auto sent = decode(request[2]);
  REQUIRE(sent.kind == 3);
  worker.reply(request, ack_frame(sent.trial, sent.iteration, stop));
}

}  // namespace

TEST_CASE("send_metrics returns the worker's acknowledgement", "[client]") {
  fake_worker worker;
  summit::client::client c(worker.endpoint(), 5, 10s, "token");
  auto answered = std::async(std::launch::async, [&] { return c.send_metrics(trial_five(), 3, 0.25); });
  acknowledge_one(worker, true);
  CHECK(answered.get());
}

TEST_CASE("a worker's Unix socket, abstract or a file, is spoken to as its TCP one", "[client]") {
  for (const auto& address : {"ipc://@summit-client-test-" + std::to_string(::getpid()),
                                    "ipc:///tmp/summit-client-test-" + std::to_string(::getpid())}) {
    fake_worker worker(address);
    summit::client::client c(address, 5, 10s, "token");
    auto answered = std::async(std::launch::async, [&] { return c.send_metrics(trial_five(), 3, 0.25); });
    acknowledge_one(worker, true);
    CHECK(answered.get());
  }
}

TEST_CASE("a request to a worker that is not listening yet goes once it is", "[client]") {
  int port = 0;
  { port = fake_worker().port(); }  // a port free a moment ago
  summit::client::client c("tcp://127.0.0.1:" + std::to_string(port), 5, 10s);
  auto answered = std::async(std::launch::async, [&] { return c.send_metrics(trial_five(), 1, 0.5); });
  std::this_thread::sleep_for(300ms);
  fake_worker late(port);
  acknowledge_one(late);
  CHECK_FALSE(answered.get());
}

TEST_CASE("a request whose worker drops the connection is sent again on a new one", "[client]") {
  std::optional<fake_worker> worker(std::in_place);
  const int port = worker->port();
  summit::client::client c(worker->endpoint(), 5, 10s);
  auto answered = std::async(std::launch::async, [&] { return c.send_metrics(trial_five(), 2, 0.5); });
  REQUIRE(worker->receive().size() == 3);  // taken, never answered
  worker.reset();
  worker.emplace(port);
  acknowledge_one(*worker, true);
  CHECK(answered.get());
}

TEST_CASE("pipelined observations past the window are all acknowledged", "[client]") {
  fake_worker worker;
  summit::client::client c(worker.endpoint(), 5, 10s);
  const int n = static_cast<int>(summit::client::client::window) + 44;
  auto collected = std::async(std::launch::async, [&] {
    for (int i = 0; i < n; ++i) c.send_metrics_nowait(trial_five(), i, 1.0 / (i + 1));
    return c.collect();
  });
  std::set<std::int64_t> seen;
  while (static_cast<int>(seen.size()) < n) {
    const auto request = worker.receive();
    REQUIRE(request.size() == 3);
    const auto sent = decode(request[2]);
    seen.insert(sent.iteration);
    worker.reply(request, ack_frame(sent.trial, sent.iteration, sent.iteration == 7));
  }
  CHECK(collected.get());  // iteration 7's acknowledgement said stop
}

TEST_CASE("an endpoint no transport can use is the client's error, at once", "[client]") {
  summit::client::client c("carrier-pigeon://loft", 5, 10s);
  CHECK_THROWS_WITH(c.send_metrics(trial_five(), 1, 0.5), Catch::Contains("not an address Summit can reach"));
}

TEST_CASE("numbers go as float64, 2^64 and its neighbours exactly", "[client]") {
  fake_worker worker;
  summit::client::client c(worker.endpoint(), 5, 10s);
  const double edge = 18446744073709551616.0;  // 2^64: msgpack-c's pack_double would take it for a uint64
  for (const double v : {edge, std::nextafter(edge, 0.0), 3.0, -0.5}) {
    auto answered = std::async(std::launch::async, [&] { return c.send_metrics(trial_five(), 1, v, {{"acc", v}}); });
    const auto request = worker.receive();
    REQUIRE(request.size() == 3);
    const auto sent = decode(request[2]);
    CHECK(sent.objective_type == msgpack::type::FLOAT64);
    CHECK(sent.objective == v);
    CHECK(sent.context.at("acc") == v);
    worker.reply(request, ack_frame(sent.trial, sent.iteration, false));
    CHECK_FALSE(answered.get());
  }
}
