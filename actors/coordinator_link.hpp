#pragma once
// A worker process's side of the link to its coordinator (a DEALER): the
// worker node talks to it as it would to the coordinator actor in `summit
// run`, and it turns that into frames. It keeps every observation and trial
// end the coordinator has not acknowledged; when the coordinator is away (no
// frame for the timeout, or it answers not_registered after a restart) it
// registers again with backoff, forever, reporting the trials that run and
// those that ended meanwhile, then sends everything unacknowledged again.
// Observations are keyed by (trial, iteration), so a resend is stored once.
//
//   (register_atom, protocol::register_worker, caf::actor worker) -> bool
//   (observe_atom, protocol::observations, std::string)          -> protocol::replies
//   (ended_atom, protocol::trial_ended, std::string)

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/all.hpp>

#include "actors/transport/socket_bridge.hpp"

namespace summit::actors {

struct link_config {
  std::shared_ptr<socket_bridge> bridge;  ///< DEALER to the coordinator
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds timeout{5000};
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

caf::actor spawn_coordinator_link(caf::actor_system& sys, link_config config);

}  // namespace summit::actors
