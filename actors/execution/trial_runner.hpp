#pragma once
// One per running trial: starts its process, watches it end, and kills it on
// request. When the process ends — on its own or killed — anything left in
// its group is killed and the worker node gets (ended_atom, trial_ended).
//
//   (kill_atom, bool now)  now: SIGTERM to the group at once, SIGKILL after
//                          `kill_grace`; else first `kill_grace` for the
//                          trial to end by itself (its acks say stop)
//   (shutdown_atom)        SIGTERM at once, SIGKILL within two seconds

#include <chrono>
#include <string>

#include <caf/all.hpp>

#include "actors/execution/command_line.hpp"

namespace summit::actors {

struct runner_config {
  protocol::run_trial run;
  trial_context context;
  std::string log_path;
  std::chrono::milliseconds kill_grace{10000};
  caf::actor worker;
};

caf::actor spawn_trial_runner(caf::actor_system& sys, runner_config config);

}  // namespace summit::actors
