#include <unistd.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <zmq.hpp>

#include "actors/atoms.hpp"
#include "actors/transport/socket_bridge.hpp"
#include "protocol/codec.hpp"
#include "zmq_message.hpp"

using namespace summit;
using namespace summit::actors;

namespace {

using transport_test::next_message;
constexpr std::chrono::seconds patience{5};

/// Counts what reaches it. (An argument, because CAF 0.17 dereferences a
/// null argument tuple for a function actor without, which UBSan reports.)
caf::behavior counting_target(std::shared_ptr<std::atomic<int>> reached) {
  return {[=](bridge_atom, const bridge_request&) { ++*reached; },
          [=](bridge_atom, const std::vector<bridge_request>&) { ++*reached; }};
}

}  // namespace

TEST_CASE("one thread serves a worker's trial socket and its link, each frame relayed both ways",
          "[transport][zmtp]") {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto reached_actors = std::make_shared<std::atomic<int>>(0);
  auto target = sys.spawn(counting_target, reached_actors);
  zmq::context_t ctx;
  zmq::socket_t coordinator(ctx, zmq::socket_type::router);
  coordinator.set(zmq::sockopt::linger, 0);
  coordinator.bind("tcp://127.0.0.1:*");

  listen_options trial_side;
  trial_side.in_bridge_thread = true;
  trial_side.batches = true;
  const std::string trial_address = "ipc://@summit-bridge-test-" + std::to_string(::getpid());
  auto trials = socket_bridge::bind(trial_address, trial_side);
  REQUIRE(trials);
  connect_options link_side;
  link_side.in_bridge_thread = true;
  auto uplink = socket_bridge::connect(coordinator.get(zmq::sockopt::last_endpoint), "w1", link_side);
  REQUIRE(uplink);

  // The trial's frames go up as they are; the answer goes back to that trial.
  std::mutex seen;
  std::vector<std::string> asker;
  std::set<std::thread::id> filter_threads;
  (*trials)->run_together(
      target,
      [&](std::vector<bridge_request>& ready) {
        std::lock_guard<std::mutex> lock(seen);
        filter_threads.insert(std::this_thread::get_id());
        for (auto& r : ready) {
          asker = r.envelope;
          (*uplink)->post({}, protocol::encode(r.msg));
        }
        ready.clear();
      },
      *uplink, target,
      [&](std::vector<bridge_request>& ready) {
        std::lock_guard<std::mutex> lock(seen);
        filter_threads.insert(std::this_thread::get_id());
        for (auto& r : ready) (*trials)->post(asker, protocol::encode(r.msg));
        ready.clear();
      });

  // The link drops what it is given before it has connected: heartbeats
  // until one arrives.
  std::vector<std::string> hello;
  for (int attempt = 0; attempt < 100 && hello.empty(); ++attempt) {
    (*uplink)->post({}, protocol::encode(protocol::heartbeat{}));
    hello = next_message(coordinator, std::chrono::milliseconds(50));
  }
  REQUIRE(hello.size() == 2);

  zmq::socket_t trial(ctx, zmq::socket_type::req);
  trial.set(zmq::sockopt::linger, 0);
  trial.connect(trial_address);
  protocol::observation o;
  o.trial = 7;
  o.iteration = 3;
  o.objective = 0.25;
  trial.send(zmq::buffer(protocol::encode(o)));
  auto up = next_message(coordinator, patience);
  while (up.size() == 2 && up[1] == protocol::encode(protocol::heartbeat{}))  // a late probe
    up = next_message(coordinator, patience);
  REQUIRE(up.size() == 2);
  CHECK(up[0] == "w1");
  const auto relayed = protocol::decode(up[1]);
  REQUIRE(relayed);
  CHECK(std::get<protocol::observation>(*relayed).iteration == 3);

  coordinator.send(zmq::buffer(up[0]), zmq::send_flags::sndmore);
  coordinator.send(zmq::buffer(protocol::encode(protocol::ack{7, 3, true})));
  const auto down = next_message(trial, patience);
  REQUIRE(down.size() == 1);
  const auto answer = protocol::decode(down[0]);
  REQUIRE(answer);
  CHECK(std::get<protocol::ack>(*answer).stop);

  {
    std::lock_guard<std::mutex> lock(seen);
    CHECK(filter_threads.size() == 1);  // both filters ran in the one thread
  }
  CHECK(*reached_actors == 0);  // the filters took everything
  (*uplink)->stop();  // stops the thread that serves it
  (*trials)->stop();
  caf::anon_send_exit(target, caf::exit_reason::user_shutdown);
}
