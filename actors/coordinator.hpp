#pragma once
// The coordinator actor: carries out what the coordinator core decides
// (coordinator/core.hpp) — stores first, then applies and sends — and owns
// what the core does not: the handles of the worker nodes, each study's
// suggester and stopping-rule actors, and the storage writes (a failed one is
// retried every second, never dropped).
//
//   (register_atom, protocol::register_worker, caf::actor worker [, bool again]) -> bool
//   (register_atom, protocol::register_worker, remote_outlet, bool again)      -> bool
//       a remote worker or client: its run, kill and study_over messages are
//       posted to its socket directly
//   (study_atom, model::study_command)          -> expected<model::study_reply>
//       the reads answered from the state (export by the study reader), the
//       rest once their change is stored
//   (observe_atom, protocol::observations, std::string worker) -> protocol::replies
//   (observe_atom, protocol::observation, std::string worker)  -> protocol::message
//       a batch of one: an ack once stored, or an error_reply
//   (ended_atom, protocol::trial_ended, std::string worker)     -> protocol::message
//       ended_ack once stored (with its last observation, if any), or the
//       error_reply refusing that observation
//   (ask_atom, std::uint32_t count, std::string client)         a client's ask_trials
//   (lost_atom, std::string worker, std::string why)
//       its running trials end FAILED and are retried
//   (stop_atom, trial_id, std::string reason)                   from a stopping rule
//   (resume_atom, study_id)                                     -> bool
//       runs an unfinished study of the log again (false: unknown or ended)
//   (summary_atom, study_id)                                    -> model::study_summary

#include <chrono>
#include <functional>
#include <string>

#include <caf/all.hpp>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/state/registry.hpp"

namespace summit::actors {

struct coordinator_options {
  /// Trials the log shows RUNNING when the coordinator starts. In `summit
  /// run` their worker died with the previous process, so they end FAILED
  /// (interrupted) at once and run again without using a retry.
  bool interrupt_orphans = true;
  /// Whether unfinished studies of the log start running again at once. `summit
  /// run` resumes only the study it was asked to run (resume_atom).
  bool resume_all = true;
  /// Without interrupt_orphans: how long after a start the trials the log
  /// shows running wait for their worker to claim them before they end
  /// FAILED (lost) and are retried.
  std::chrono::milliseconds claim_grace{10000};
  /// Study N's trials save models under <checkpoint_dir>/study-N (asha, pbt).
  /// Absolute, so that it means the same to every trial's working directory.
  std::string checkpoint_dir = "checkpoints";
  /// Where warnings go (a storage write that failed and is retried).
  std::function<void(const std::string&)> warn = [](const std::string&) {};
  /// Where events go (a worker joined or was lost).
  std::function<void(const std::string&)> log = [](const std::string&) {};
  /// A study reader on the same log (study_reader.hpp) answers export, off
  /// the coordinator's actor; without one the coordinator answers it itself.
  caf::actor reader;
};

caf::actor spawn_coordinator(caf::actor_system& sys, model::registry state,
                             caf::actor storage, coordinator_options options);

/// A study command asked of the coordinator from this process (the
/// dashboard, `summit run`), answered as the command line gets it over the
/// socket: the answer, the coordinator's refusal (its study_errc), or
/// protocol::errc::unavailable when it did not answer within `timeout`.
expected<model::study_reply> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                       const model::study_command& command,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5));

/// The message a caf::error carries, for printing.
std::string describe(const caf::error& e);

}  // namespace summit::actors
