#pragma once
// The coordinator actor's class (coordinator.hpp is its API). Its handlers
// ask the core and carry out the effects it answers with.

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include <caf/all.hpp>

#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "coordinator/core.hpp"

namespace summit::actors::detail {

class coordinator_actor : public caf::event_based_actor {
 public:
  coordinator_actor(caf::actor_config& cfg, model::registry state, caf::actor storage,
                    coordinator_options options);
  caf::behavior make_behavior() override;
  /// Drops every handle: whoever still holds this actor's handle must not
  /// keep the workers' handles and the suggesters alive with it.
  void on_exit() override;

 private:
  /// A running study's actors.
  struct study_actors {
    caf::actor suggester;
    caf::actor stopper;
  };
  struct effect_runner;

  /// Stores records, then runs on_stored. A failed write is retried every
  /// second: a state change is never applied without being stored, and
  /// never dropped. `urgent`: the request and its answer pass the messages
  /// queued at normal priority (observations); only for records nothing
  /// queued there can be about (a new trial's).
  void store(storage::batch records, std::function<void()> on_stored, bool urgent = false);

  void recover();
  void store_before_anything_else(storage::batch records);
  /// Carries out the core's decisions, in order.
  void run(coordinator::effects effects);
  void start_study(study_id id);
  /// What a running study waits for: its algorithm process, or clients to
  /// run its trials when it has no command.
  std::string waiting_for(const model::study_summary& s) const;
  void note_waiting(model::study_reply& reply) const;
  /// An algorithm process offers to serve a study: a refusal, or nothing.
  caf::result<summit::status> serve(const protocol::serve_algorithm& offer, const caf::actor& process);
  caf::result<expected<model::study_reply>> study_command(model::study_command& c);
  /// Answers a batch in its order; the fresh observations go to storage together.
  void observe(const protocol::observations& batch, const std::string& worker,
               std::function<void(protocol::replies)> answer);

  coordinator::core core_;
  caf::actor storage_;
  coordinator_options options_;
  /// A worker node in this process, or a remote worker's socket.
  struct worker_handle {
    caf::actor actor;
    remote_outlet outlet;
  };
  std::map<std::string, worker_handle> workers_;  ///< by name, as the core knows them
  std::map<study_id, study_actors> studies_;
  /// What a study waits for outside the coordinator, as its suggester said.
  std::map<study_id, std::string> waiting_;
  std::map<std::uint64_t, std::function<void()>> retries_;
  std::uint64_t next_retry_ = 0;
};

}  // namespace summit::actors::detail
