#pragma once
// The worker node: registers its slots with the coordinator, starts a trial
// runner for each run_trial, answers its trials' requests from the bridge
// (parameters locally; in `summit run`, observations through the
// coordinator, in one batch per pass over its mailbox, whose acks or errors
// it passes back; a worker process relays them in its sockets' threads,
// observation_relay.hpp), kills trials on request and reports their ends.
//
//   (run_atom, protocol::run_trial)      from the coordinator
//   (kill_atom, protocol::kill_trial)    from the coordinator
//   (ended_atom, protocol::trial_ended)  from a trial runner
//   (bridge_atom, bridge_request)        from the trial bridge, or
//   (bridge_atom, std::vector<bridge_request>)  what one of its wake-ups read
//   (tick_atom, std::uint64_t)           its idle timer (--idle-exit)
//   (shutdown_atom) -> bool              kill every trial without reporting
//                                        it (the process is going away);
//                                        answers once all have exited

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/execution/batch_scheduler.hpp"
#include "actors/execution/command_line.hpp"
#include "actors/transport/trial_passes.hpp"
#include "actors/transport/socket_bridge.hpp"

namespace summit::actors {

struct worker_config {
  std::string name = "local";
  std::uint32_t slots = 1;
  std::vector<std::string> resources;  ///< one per running trial, as SUMMIT_RESOURCE
  std::string log_dir;                 ///< trial logs: LOG_DIR/study-S/trial-T.log
  std::chrono::milliseconds kill_grace{10000};
  trial_context context;               ///< python client and summit directories
  /// Where trials run: on this machine when null, else each as a job of
  /// this scheduler (--executor slurm).
  std::shared_ptr<batch_scheduler> scheduler;
  /// SUMMIT_ENDPOINT as trials see it; empty: the bridge's own address.
  std::string trial_endpoint;
  std::shared_ptr<socket_bridge> bridge;
  caf::actor coordinator;
  /// Its trials' tokens, shared with the observation relay of a worker
  /// process; made by the node when none is given.
  std::shared_ptr<trial_passes> passes;
  /// With a duration: on_idle is called once no trial has run for that
  /// long (--idle-exit), from the node's own timer.
  std::chrono::milliseconds idle_exit{0};
  std::function<void()> on_idle = [] {};
  /// Where refusals go: a request for a trial without its token.
  std::function<void(const std::string&)> log = [](const std::string&) {};
};

caf::actor spawn_worker_node(caf::actor_system& sys, worker_config config);

/// Where a trial's stdout and stderr go.
std::string trial_log_path(const std::string& log_dir, study_id study, trial_id trial);

}  // namespace summit::actors
