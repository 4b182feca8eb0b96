#pragma once
// The coordinator's decisions, as plain C++: every study and its trials (a
// model::registry rebuilt from the log), the worker nodes and their free
// slots, fair turns across studies, max_concurrent, slot reservation, the
// admission of observations, the trial lifecycle with retries and
// interrupted trials, recovery from the log, and worker membership with
// claims after a restart. It answers with effects (effects.hpp) that the
// coordinator actor carries out; whatever must be durable is stored first
// and applied by the call the effect names, so the registry is always what
// a replay of the log would give.
//
// Single-threaded: the actor calls it from its handlers. Time is passed in
// (Unix milliseconds), so tests need no clock.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "coordinator/effects.hpp"
#include "coordinator/worker_pool.hpp"
#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/state/registry.hpp"

namespace summit::coordinator {

struct core_options {
  /// Trials the log shows RUNNING at the start are interrupted (`summit
  /// run`: their worker died with the previous process): they end FAILED at
  /// once and run again without using a retry. Otherwise their workers may
  /// still run them and claim them when they register again.
  bool interrupt_orphans = true;
  /// Whether unfinished studies of the log run again at once. `summit run`
  /// resumes only the study it was asked to run (resume()).
  bool resume_all = true;
};

class core {
 public:
  /// At most this many suggestions in one request to a study's algorithm.
  static constexpr std::size_t max_suggestions = 256;

  core(model::registry state, core_options options);

  const model::registry& state() const { return reg_; }
  const worker_pool& workers() const { return workers_; }

  // -- recovery ----------------------------------------------------------
  /// The studies of the log that run again, with what their stopping
  /// rules learn from the log.
  effects recover();
  /// With interrupt_orphans: the trials the log shows running, as FAILED
  /// (interrupted). Stored before anything else, then interrupted_stored().
  storage::batch interrupted_trials(std::int64_t now_ms) const;
  effects interrupted_stored(const storage::batch& records, std::int64_t now_ms);
  /// Runs an unfinished study of the log again; empty when unknown or ended.
  std::optional<effects> resume(study_id id, std::int64_t now_ms);
  /// The claim grace after a restart is over: trials the log shows running
  /// that no worker claimed end FAILED (and are retried).
  effects claims_closed(std::int64_t now_ms);

  // -- studies -------------------------------------------------------------
  /// A new study's record, its id reserved: store it, then submitted().
  model::study_record new_study(model::study_spec spec, std::string workdir, std::int64_t now_ms,
                                std::uint64_t seed_if_none);
  effects submitted(const model::study_record& record, std::int64_t now_ms);
  /// stop, kill, archive and stop-trial: the answer, and what to do.
  std::pair<expected<model::study_reply>, effects> change(const model::study_command& command);
  std::optional<model::study_summary> summary(study_id id) const;

  // -- workers -------------------------------------------------------------
  /// A worker (re)registers. again: the same process over its connection;
  /// then trials missing from its list may be on their way to it, and only
  /// a new process of it means they died.
  effects join(const protocol::register_worker& w, bool again, std::int64_t now_ms);
  /// A client asks for `count` more trials (ask_trials): its slots grow by
  /// that many, and each of its trials' ends gives one back.
  effects ask(const std::string& worker, std::uint32_t count, std::int64_t now_ms);
  /// The worker went silent: its trials end FAILED and are retried.
  effects lost(const std::string& worker, const std::string& why, std::int64_t now_ms);

  // -- trials --------------------------------------------------------------
  /// Fills free slots, taking studies in turn so that none starves another.
  effects schedule(std::int64_t now_ms);
  /// The study's algorithm has something new to say (its process sent
  /// suggestions): a study waiting on it asks again.
  effects wake(study_id study, std::int64_t now_ms);
  /// The algorithm's answer to ask_suggestions.
  effects suggested(study_id study, const std::vector<algorithms::suggestion>& suggestions, std::int64_t now_ms);
  /// A trial's record is stored: it starts on its worker.
  effects created(const model::trial_record& record, std::int64_t now_ms);

  /// What to answer at once (a refusal, or the ack of a duplicate), or the
  /// record to store first and then observed() (or not_stored()). The
  /// context names it adds to its study count from here on, so observations
  /// on their way to the log cannot pass max_context_names together.
  std::variant<protocol::message, storage::observation_record> admit(const protocol::observation& o,
                                                                     const std::string& worker,
                                                                     std::int64_t now_ms);
  /// Applies a stored observation; the ack carries the trial's stop flag.
  protocol::ack observed(const storage::observation_record& r, effects& out);
  /// An admitted observation whose write failed: its new names no longer count.
  void not_stored(const storage::observation_record& r);

  /// A worker reports a trial's end: the record to store and then ended(),
  /// or nothing when it is known already or not that worker's to report.
  std::optional<model::trial_record> end_of(const protocol::trial_ended& e, const std::string& worker,
                                            std::int64_t now_ms) const;
  /// The same for an end that may carry the trial's last observation (a
  /// client's tell with a value): nothing to store, the observation's
  /// refusal (nothing is stored and the trial runs on), or the end and
  /// that observation to store in one write.
  std::variant<std::monostate, protocol::error_reply, end_trial> ending_of(const protocol::trial_ended& e,
                                                                          const std::string& worker,
                                                                          std::int64_t now_ms);
  /// A worker's end of a trial is on its way to the log. When the study's
  /// next suggestion cannot depend on it (model::suggests_regardless_of_ends)
  /// and the trial did not fail (a retry may be owed), its slot takes the
  /// next trial now: the creation is written with the end or right after it
  /// rather than one synced write later. The trial stays RUNNING
  /// (max_concurrent still counts it) until ended() applies the stored end;
  /// were the coordinator to stop in between, the worker sends the end
  /// again when it registers.
  effects ending(const end_trial& e, std::int64_t now_ms);
  /// A trial's end is stored: its slot is free, the study may finish, others start.
  effects ended(const model::trial_record& record, std::int64_t now_ms);
  /// The same, after applying the end's last observation.
  effects ended(const end_trial& stored, std::int64_t now_ms);
  /// Marks the trial to stop and has its worker kill it (`now`: SIGTERM at
  /// once; else after the grace period, if it has not ended by itself).
  effects stop(trial_id id, const std::string& reason, bool now);

 private:
  struct changer;

  /// What the core keeps about a study while it runs.
  struct study_runtime {
    std::vector<std::string> reserved;  ///< slots reserved for the suggestion request out
    bool waiting = false;               ///< the algorithm said wait; ask again when a trial ends or it wakes
    /// Trials ended and wakes so far, and their count when the request out
    /// was made. A "wait" answered before such an event is stale: that event
    /// will not ask again.
    std::uint64_t events = 0, events_when_asked = 0;
    bool algorithm_done = false;
    std::map<trial_id, model::trial_record> creating;  ///< being stored, not yet running
    std::set<trial_id> retrying;                       ///< failed trials whose retry is being stored
    /// The study's version its suggester's history has: requests carry
    /// only the trials changed since (algorithms::history_mirror).
    std::uint64_t sent = 0;
  };

  effects start_runtime(const model::study& s);
  /// Whether the study could take a slot now: it runs, is below
  /// max_concurrent, and owes a retry or can ask its algorithm.
  bool may_start(const model::study& s, const study_runtime& rt) const;
  /// Starts a retry, or asks the study's algorithm for up to `share` trials.
  bool start(model::study& s, study_runtime& rt, std::size_t share, std::int64_t now_ms, effects& out);
  /// For a suggestion request: the trials changed since the last one, and
  /// those still being stored, as running (the algorithm must count them,
  /// or it would propose the same point again).
  algorithms::history history_of(const model::study& s, study_runtime& rt) const;
  void create(model::study& s, const std::string& worker, params parameters, trial_origin origin,
              trial_id retry_of, std::uint32_t attempt, std::int64_t now_ms, effects& out);
  /// Ids go to trials before they are stored, so the registry's next id
  /// alone could be handed out twice.
  trial_id next_trial_id();
  /// What its worker needs to run the trial.
  send_run run_of(const model::trial_record& r) const;
  /// A running trial ends FAILED for a reason outside it (its worker lost).
  void fail(trial_id id, std::string reason, std::int64_t now_ms, effects& out) const;
  /// Applies the new state at once (no new trial starts meanwhile) and stores it.
  void set_state(model::study& s, study_state state, effects& out);
  /// A client bound to a study that makes no more trials (stopping or
  /// ended) hears so: at once when `client` is given, else every client of it.
  void say_if_over(const model::study& s, const std::string* client, effects& out) const;
  /// RUNNING → FINISHED once the algorithm is done and nothing runs or is
  /// owed; STOPPING → STOPPED once nothing runs.
  void maybe_finish(model::study& s, effects& out);
  bool being_created(study_id in, trial_id trial) const;
  /// Counts the context names the observation would add to its study
  /// (reserved until it is applied), or says why they would be too many.
  std::optional<std::string> reserve_names(const model::study& s, const protocol::observation& o);

  model::registry reg_;
  core_options options_;
  std::map<study_id, study_runtime> runtimes_;
  worker_pool workers_;
  std::size_t next_study_ = 0;  ///< whose turn it is, as an index into runtimes_
  trial_id next_trial_ = 1;
  /// Per study: the names its admitted, not yet applied observations would
  /// add, each with the number of those observations that carry it.
  std::map<study_id, std::map<std::string, std::uint32_t>> reserved_names_;
};

}  // namespace summit::coordinator
