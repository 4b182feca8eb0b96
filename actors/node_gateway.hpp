#pragma once
// The coordinator process's side of its socket (a ROUTER on --listen):
// translates between frames from worker nodes and command-line clients and
// the coordinator actor's messages, so the coordinator runs the same code as
// in `summit run`. The coordinator posts run_trial, kill_trial and
// study_over to a remote worker's socket itself (a remote_outlet given with
// its registration); an algorithm process is a small proxy actor, the handle
// its study's suggester asks. Heartbeats go to every peer; one silent for
// the timeout is reported lost.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/transport/socket_bridge.hpp"

namespace summit::actors {

struct gateway_config {
  caf::actor coordinator;
  /// Answers export with a frame it encodes itself (study_reader.hpp): a
  /// large study's results never pass through this actor or the coordinator's.
  caf::actor reader;
  std::shared_ptr<socket_bridge> bridge;
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

caf::actor spawn_node_gateway(caf::actor_system& sys, gateway_config config);

}  // namespace summit::actors
