#pragma once
// A worker process's side of the link to its coordinator (a DEALER): the
// worker node talks to it as it would to the coordinator actor in `summit
// run`, and it turns that into frames. Observations do not pass through it:
// the relay (observation_relay.hpp) takes them from the trials' socket
// thread to the link's and their answers back. It keeps every trial end the
// coordinator has not acknowledged; when the coordinator is away (no frame
// for the timeout, or it answers not_registered after a restart) it
// registers again with backoff, forever, reporting the trials that run and
// those that ended meanwhile, then sends every unacknowledged end again and
// has the relay send every unanswered observation again.
//
//   (register_atom, protocol::register_worker, caf::actor worker) -> bool
//   (ended_atom, protocol::trial_ended, std::string)

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/transport/observation_relay.hpp"
#include "actors/transport/socket_bridge.hpp"

namespace summit::actors {

struct link_config {
  std::shared_ptr<socket_bridge> bridge;  ///< DEALER to the coordinator
  std::shared_ptr<observation_relay> relay;  ///< run in the bridge's thread (socket_bridge::run)
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

caf::actor spawn_coordinator_link(caf::actor_system& sys, link_config config);

}  // namespace summit::actors
