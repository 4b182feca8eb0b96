#include "actors/coordinator.hpp"

#include <chrono>
#include <functional>
#include <random>
#include <set>

#include "actors/atoms.hpp"
#include "actors/stopping_actor.hpp"
#include "actors/suggester.hpp"
#include "actors/worker_pool.hpp"

namespace summit::actors {

namespace {

using namespace std::chrono_literals;
using algorithms::study;
using algorithms::trial_record;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

protocol::message refuse(protocol::errc code, std::string text) {
  return protocol::error_reply{code, std::move(text)};
}

class coordinator_actor : public caf::event_based_actor {
 public:
  coordinator_actor(caf::actor_config& cfg, algorithms::registry state, caf::actor storage,
                    coordinator_options options)
      : caf::event_based_actor(cfg),
        reg_(std::move(state)),
        storage_(std::move(storage)),
        options_(std::move(options)) {}

  caf::behavior make_behavior() override {
    recover();
    return {
        [=](register_atom, const protocol::register_worker& w, const caf::actor& handle) {
          workers_.join(w.name, handle, w.slots);
          schedule();
          return true;
        },
        [=](submit_atom, algorithms::study_spec& spec, std::string& workdir) {
          return submit(std::move(spec), std::move(workdir));
        },
        [=](observe_atom, const protocol::observation& o, const std::string& worker) {
          return observe(o, worker);
        },
        [=](ended_atom, const protocol::trial_ended& e, const std::string& worker) {
          trial_ended(e, worker);
        },
        [=](stop_atom, trial_id trial, std::string& reason) { stop(trial, std::move(reason)); },
        [=](retry_atom, std::uint64_t token) {
          auto it = retries_.find(token);
          if (it == retries_.end()) return;
          auto retry = std::move(it->second);
          retries_.erase(it);
          retry();
        },
        [=](resume_atom, study_id id) {
          const study* s = reg_.find(id);
          if (!s || is_terminal(s->record().state)) return false;
          if (!runtimes_.count(id)) start_runtime(*s);
          schedule();
          return true;
        },
        [=](summary_atom, study_id id) -> caf::result<algorithms::study_summary> {
          if (const study* s = reg_.find(id)) return algorithms::summarize(*s);
          return caf::make_error(caf::sec::runtime_error, "unknown study " + std::to_string(id));
        },
    };
  }

 private:
  struct study_runtime {
    caf::actor suggester;
    caf::actor stopper;
    bool suggesting = false;
    bool waiting = false;         ///< the algorithm said wait; ask again when a trial ends
    bool algorithm_done = false;
    std::map<trial_id, trial_record> creating;  ///< being stored, not yet running
    std::set<trial_id> retrying;  ///< failed trials whose retry is being stored
  };

  // ---- storage -------------------------------------------------------------

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
          delayed_send(this, 1s, retry_atom::value, token);
        });
  }

  // ---- recovery ------------------------------------------------------------

  void recover() {
    storage::batch interrupted;
    for (auto& [id, s] : reg_.studies()) {
      if (is_terminal(s.record().state)) continue;
      if (options_.resume_all) start_runtime(s);
      for (const auto& t : s.trials()) {
        if (t.record.status != trial_status::running || !options_.interrupt_orphans) continue;
        trial_record r = t.record;
        r.status = trial_status::failed;
        r.interrupted = true;
        r.reason = "interrupted: Summit stopped while it ran";
        r.ended_ms = now_ms();
        interrupted.emplace_back(std::in_place_type<trial_record>, std::move(r));
      }
    }
    if (interrupted.empty()) return;
    recovering_ = true;  // no scheduling on a state the log does not hold yet
    store(interrupted, [=] {
      for (const auto& r : interrupted) reg_.put_trial(std::get<trial_record>(r));
      recovering_ = false;
      schedule();
    });
  }

  void start_runtime(const study& s) {
    auto& rt = runtimes_[s.id()];
    rt.suggester = spawn_suggester(system(), s.spec());
    rt.stopper = spawn_stopping_actor(system(), s.spec(), caf::actor_cast<caf::actor>(this));
    // They live and die with the coordinator.
    link_to(rt.suggester);
    link_to(rt.stopper);
    // The rule learns what the log holds, and stops no one for it.
    for (const auto& t : s.trials())
      for (const auto& o : t.observations)
        send(rt.stopper, observe_atom::value, t.record.id, o.iteration, o.objective, false);
  }

  // ---- studies -------------------------------------------------------------

  caf::result<study_id> submit(algorithms::study_spec spec, std::string workdir) {
    if (!spec.algorithm.seed) spec.algorithm.seed = std::random_device{}() & 0x7fffffff;
    algorithms::study_record record{reg_.next_study_id(), std::move(spec), study_state::running,
                                    false, std::move(workdir), now_ms()};
    // Reserve the id now: another submission may arrive before this is stored.
    const study_id id = record.id;
    reg_.put_study(algorithms::study_record{id, record.spec, study_state::pending, false, record.workdir,
                                            record.created_ms});
    auto reply = make_response_promise<study_id>();
    store({record}, [=]() mutable {
      reg_.put_study(record);
      start_runtime(*reg_.find(id));
      schedule();
      reply.deliver(id);
    });
    return reply;
  }

  void set_state(study& s, study_state state) {
    auto record = s.record();
    record.state = state;
    s.set_state(state);  // at once, so no new trial starts meanwhile
    store({record}, [] {});
  }

  /// FINISHED once the algorithm is done and nothing runs or is owed.
  void maybe_finish(study& s) {
    auto it = runtimes_.find(s.id());
    if (it == runtimes_.end() || s.record().state != study_state::running) return;
    const auto& rt = it->second;
    if (rt.algorithm_done && s.counts().running == 0 && rt.creating.empty() && !rt.suggesting &&
        s.retries_due().empty())
      set_state(s, study_state::finished);
  }

  // ---- scheduling ----------------------------------------------------------

  bool may_start(const study& s, const study_runtime& rt) const {
    if (s.record().state != study_state::running) return false;
    const auto active = s.counts().running + rt.creating.size() + (rt.suggesting ? 1 : 0);
    return s.spec().max_concurrent == 0 ||
           active < static_cast<std::size_t>(s.spec().max_concurrent);
  }

  /// Fills free slots, taking studies in turn so that none starves another.
  void schedule() {
    if (recovering_) return;
    for (;;) {
      const auto worker = workers_.with_free_slot();
      if (!worker) return;
      bool started = false;
      const std::size_t n = runtimes_.size();
      for (std::size_t k = 0; k < n && !started; ++k) {
        auto it = std::next(runtimes_.begin(), static_cast<long>((next_study_ + k) % n));
        study* s = reg_.find(it->first);
        if (s && may_start(*s, it->second)) started = start_one(*s, it->second, *worker);
        if (started) next_study_ = (next_study_ + k + 1) % n;
      }
      if (!started) return;
    }
  }

  bool start_one(study& s, study_runtime& rt, const std::string& worker) {
    for (trial_id failed : s.retries_due()) {
      if (rt.retrying.count(failed)) continue;
      const auto& parent = s.find(failed)->record;
      rt.retrying.insert(failed);
      create_trial(s, worker, parent.parameters, trial_origin::retry, failed,
                   parent.interrupted ? parent.attempt : parent.attempt + 1);
      return true;
    }
    if (rt.suggesting || rt.waiting || rt.algorithm_done) return false;
    rt.suggesting = true;
    workers_.reserve(worker);
    const study_id id = s.id();
    request(rt.suggester, caf::infinite, suggest_atom::value, history_of(s, rt))
        .then([=](const algorithms::suggestion& next) {
          auto& runtime = runtimes_[id];
          runtime.suggesting = false;
          workers_.release(worker);
          study* st = reg_.find(id);
          if (!st) return;
          if (next.what == algorithms::suggestion::kind::run && st->record().state == study_state::running)
            create_trial(*st, worker, next.parameters, next.origin, 0, 0);
          else if (next.what == algorithms::suggestion::kind::wait)
            runtime.waiting = true;
          else if (next.what == algorithms::suggestion::kind::done)
            runtime.algorithm_done = true;
          maybe_finish(*st);
          schedule();
        });
    return true;
  }

  /// The study's history with the trials still being stored, as running:
  /// the algorithm must count them, or it would propose the same point again.
  static algorithms::history history_of(const study& s, const study_runtime& rt) {
    auto h = s.make_history();
    for (const auto& [id, r] : rt.creating)
      h.trials.push_back({r.id, r.parameters, trial_status::running, r.origin, std::nullopt, -1});
    return h;
  }

  void create_trial(study& s, const std::string& worker, params parameters, trial_origin origin,
                    trial_id retry_of, std::uint32_t attempt) {
    auto& rt = runtimes_[s.id()];
    if (!workers_.reserve(worker)) {
      // Its worker left meanwhile; the algorithm will be asked again.
      rt.retrying.erase(retry_of);
      return;
    }
    trial_record r;
    r.id = next_trial_id();
    r.study = s.id();
    r.parameters = std::move(parameters);
    r.origin = origin;
    r.retry_of = retry_of;
    r.attempt = attempt;
    r.worker = worker;
    r.started_ms = now_ms();
    rt.creating.emplace(r.id, r);
    const study_id id = s.id();
    store({r}, [=] {
      auto& runtime = runtimes_[id];
      runtime.creating.erase(r.id);
      runtime.retrying.erase(retry_of);
      reg_.put_trial(r);
      study* st = reg_.find(id);
      if (!workers_.start(worker, r.id)) return;  // its worker left: the trial is lost later
      send(workers_.find(worker)->handle, run_atom::value,
           protocol::run_trial{r.id, id, r.parameters, st->spec().command, st->record().workdir});
    });
  }

  /// Ids go to trials before they are stored, so the registry's next id
  /// alone could be handed out twice.
  trial_id next_trial_id() {
    next_trial_ = std::max(next_trial_, reg_.next_trial_id());
    return next_trial_++;
  }

  // ---- observations --------------------------------------------------------

  caf::result<protocol::message> observe(const protocol::observation& o, const std::string& worker) {
    study* s = reg_.study_of(o.trial);
    if (!s) return refuse(protocol::errc::unknown_trial, "unknown trial " + std::to_string(o.trial));
    const auto* t = s->find(o.trial);
    if (t->record.worker != worker)
      return refuse(protocol::errc::unknown_trial,
                    "trial " + std::to_string(o.trial) + " does not run on worker " + worker);
    auto check = s->check_observation(o.trial, o.iteration);
    if (!check) return refuse(protocol::errc::trial_ended, check.error().message);
    if (*check == algorithms::observation_check::duplicate)
      return protocol::message{protocol::ack{o.trial, o.iteration, t->stop_requested}};
    std::optional<double> objective = o.objective;
    const std::string& metric = s->spec().objective.metric;
    for (const auto& [name, v] : o.context)
      if (!objective && name == metric) objective = v;
    if (!objective)
      return refuse(protocol::errc::no_objective,
                    "observation has no objective and no '" + metric + "' in its context");
    storage::observation_record record{o.trial, o.iteration, *objective, o.context, now_ms()};
    auto reply = make_response_promise<protocol::message>();
    const study_id id = s->id();
    request(storage_, caf::infinite, write_atom::value, storage::batch{record})
        .then([=](const summit::status& failed) mutable {
          if (failed) {
            reply.deliver(refuse(protocol::errc::internal, "not stored: " + failed->message));
            return;
          }
          reg_.add_observation(record.trial, record.iteration, record.objective, record.context);
          const auto* stored = reg_.study_of(record.trial)->find(record.trial);
          reply.deliver(protocol::message{protocol::ack{record.trial, record.iteration, stored->stop_requested}});
          send(runtimes_[id].stopper, observe_atom::value, record.trial, record.iteration,
               record.objective, true);
        });
    return reply;
  }

  // ---- trial ends and stops ------------------------------------------------

  void trial_ended(const protocol::trial_ended& e, const std::string& worker) {
    study* s = reg_.study_of(e.trial);
    if (!s) return;
    const auto* t = s->find(e.trial);
    if (t->record.status != trial_status::running || t->record.worker != worker) return;
    const trial_record r = algorithms::ended_record(*t, e.exit_code, e.signal, now_ms());
    const study_id id = s->id();
    store({r}, [=] {
      reg_.put_trial(r);
      workers_.finish(worker, r.id);
      auto& rt = runtimes_[id];
      rt.waiting = false;
      send(rt.stopper, ended_atom::value, r.id);
      maybe_finish(*reg_.find(id));
      schedule();
    });
  }

  void stop(trial_id id, std::string reason) {
    study* s = reg_.study_of(id);
    if (!s) return;
    auto* t = s->find(id);
    if (t->record.status != trial_status::running || t->stop_requested) return;
    t->stop_requested = true;
    t->stop_reason = reason;
    if (const auto* w = workers_.find(t->record.worker))
      send(w->handle, kill_atom::value, protocol::kill_trial{id, std::move(reason), false});
  }

  algorithms::registry reg_;
  caf::actor storage_;
  coordinator_options options_;
  std::map<study_id, study_runtime> runtimes_;
  worker_pool workers_;
  std::size_t next_study_ = 0;
  trial_id next_trial_ = 1;
  bool recovering_ = false;
  std::map<std::uint64_t, std::function<void()>> retries_;
  std::uint64_t next_retry_ = 0;
};

}  // namespace

caf::actor spawn_coordinator(caf::actor_system& sys, algorithms::registry state, caf::actor storage,
                             coordinator_options options) {
  return sys.spawn<coordinator_actor>(std::move(state), std::move(storage), std::move(options));
}

std::string describe(const caf::error& e) {
  if (e.context().match_elements<std::string>()) return e.context().get_as<std::string>(0);
  return caf::to_string(e);
}

}  // namespace summit::actors
