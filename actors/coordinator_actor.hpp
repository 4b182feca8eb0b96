#pragma once
// The coordinator actor's class, shared by the files that implement it:
// coordinator.cpp (behavior, recovery, study lifecycle),
// coordinator_trials.cpp (scheduling, trial creation, observations, ends,
// stops) and coordinator_studies.cpp (the study commands). Internal: the
// API is coordinator.hpp.

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>

#include <caf/all.hpp>

#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "actors/worker_pool.hpp"
#include "model/state/registry.hpp"

namespace summit::actors::detail {

std::int64_t now_ms();

class coordinator_actor : public caf::event_based_actor {
 public:
  coordinator_actor(caf::actor_config& cfg, model::registry state, caf::actor storage,
                    coordinator_options options);
  caf::behavior make_behavior() override;
  /// Drops every handle the state holds: whoever still holds this actor's
  /// handle must not keep the worker proxies and suggesters alive with it.
  void on_exit() override;

 private:
  using study = model::study;

  struct study_runtime {
    caf::actor suggester;
    caf::actor stopper;
    std::size_t suggesting = 0;  ///< slots reserved for a suggestion request
    bool waiting = false;  ///< the algorithm said wait; ask again when a trial ends
    /// Trials ended so far. A "wait" answered from a history in which a
    /// trial had not ended yet is stale: that end will not ask again.
    std::uint64_t ends = 0;
    bool algorithm_done = false;
    std::map<trial_id, model::trial_record> creating;  ///< being stored, not yet running
    std::set<trial_id> retrying;  ///< failed trials whose retry is being stored
  };

  /// Stores records, then runs on_stored. A failed write is retried every
  /// second: a state change is never applied without being stored, and
  /// never dropped.
  template <class F>
  void store(storage::batch records, F on_stored) {
    request(storage_, caf::infinite, write_atom::value, records)
        .then([=](const summit::status& failed) mutable {
          if (!failed) return on_stored();
          options_.warn("storage: " + failed->message + " (retrying in 1 s)");
          const auto token = next_retry_++;
          retries_.emplace(token, [=]() mutable { store(std::move(records), std::move(on_stored)); });
          delayed_send(this, std::chrono::seconds(1), retry_atom::value, token);
        });
  }

  // coordinator.cpp
  void recover();
  void store_before_anything_else(storage::batch records);
  void start_runtime(const study& s);
  /// Stores the new study, starts it, then calls `submitted` with its id.
  void submit(model::study_spec spec, std::string workdir, std::function<void(study_id)> submitted);
  /// Applies the new state at once (no new trial starts meanwhile) and stores it.
  void set_state(study& s, study_state state);
  /// RUNNING → FINISHED once the algorithm is done and nothing runs or is
  /// owed; STOPPING → STOPPED once nothing runs.
  void maybe_finish(study& s);

  // coordinator_trials.cpp
  bool may_start(const study& s, const study_runtime& rt) const;
  /// Fills free slots, taking studies in turn so that none starves another.
  void schedule();
  /// Starts a retry, or asks the study's suggester for up to `share`
  /// trials at once (one history snapshot for all of them).
  bool start(study& s, study_runtime& rt, std::size_t share);
  static constexpr std::size_t max_suggestions = 256;
  /// The study's history with the trials still being stored, as running:
  /// the algorithm must count them, or it would propose the same point again.
  static algorithms::history history_of(const study& s, const study_runtime& rt);
  void create_trial(study& s, const std::string& worker, params parameters, trial_origin origin,
                    trial_id retry_of, std::uint32_t attempt);
  /// Ids go to trials before they are stored, so the registry's next id
  /// alone could be handed out twice.
  trial_id next_trial_id();
  /// What to answer at once (a refusal, or the ack of a duplicate), or the
  /// record to store first.
  std::variant<protocol::message, storage::observation_record> admit(const protocol::observation& o,
                                                                     const std::string& worker) const;
  /// Applies a stored observation; the ack carries the trial's stop flag.
  protocol::ack apply(const storage::observation_record& r);
  caf::result<protocol::message> observe(const protocol::observation& o, const std::string& worker);
  caf::result<protocol::replies> observe(const protocol::observations& batch, const std::string& worker);
  /// Answers once the end is stored (the worker then forgets it).
  caf::result<bool> trial_ended(const protocol::trial_ended& e, const std::string& worker);
  /// A running trial ends FAILED for a reason outside it (its worker lost).
  void fail_trial(trial_id id, std::string reason);
  /// Stores a trial's end, applies it, frees its slot, then runs `then`.
  void end_trial(model::trial_record r, std::function<void()> then);
  /// Sets the trial's stop flag and has its worker kill it (`now`: SIGTERM
  /// at once; else after the grace period, if it has not ended by itself).
  void stop(trial_id id, std::string reason, bool now);

  // coordinator_workers.cpp
  /// again: the same worker process registering once more over its
  /// connection; then trials missing from its list may be on their way to
  /// it, and only a new process of it means they died.
  bool join(const protocol::register_worker& w, const caf::actor& handle, bool again);
  void lost(const std::string& worker, const std::string& why);
  /// After a restart: trials the log shows running that no worker claimed.
  void fail_unclaimed();
  bool being_created(study_id in, trial_id trial) const;

  // coordinator_studies.cpp
  struct study_writer;
  caf::result<expected<model::study_reply>> study_command(model::study_command& c);
  /// stop, kill or archive.
  expected<model::study_reply> change_state(study_id id, const std::string& command);
  /// A user's stop (the dashboard): the stopping-rule path, so the trial
  /// ends STOPPED after its grace period.
  expected<model::study_reply> stop_trial(const model::stop_trial& c);

  model::registry reg_;
  caf::actor storage_;
  coordinator_options options_;
  std::map<study_id, study_runtime> runtimes_;
  worker_pool workers_;
  std::size_t next_study_ = 0;
  trial_id next_trial_ = 1;
  std::map<std::uint64_t, std::function<void()>> retries_;
  std::uint64_t next_retry_ = 0;
};

}  // namespace summit::actors::detail
