#include "actors/coordinator.hpp"

#include <filesystem>
#include <random>

#include "actors/coordinator_actor.hpp"
#include "actors/stopping_actor.hpp"
#include "actors/suggester.hpp"
#include "algorithms/search/make_algorithm.hpp"

namespace summit::actors {

namespace detail {

using model::trial_record;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

coordinator_actor::coordinator_actor(caf::actor_config& cfg, model::registry state,
                                     caf::actor storage, coordinator_options options)
    : caf::event_based_actor(cfg),
      reg_(std::move(state)),
      storage_(std::move(storage)),
      options_(std::move(options)) {}

caf::behavior coordinator_actor::make_behavior() {
  recover();
  return {
      [=](register_atom, const protocol::register_worker& w, const caf::actor& handle) {
        return join(w, handle, false);
      },
      [=](register_atom, const protocol::register_worker& w, const caf::actor& handle, bool again) {
        return join(w, handle, again);
      },
      [=](lost_atom, const std::string& worker, const std::string& why) { lost(worker, why); },
      [=](claim_atom) { fail_unclaimed(); },
      [=](observe_atom, const protocol::observation& o, const std::string& worker) {
        return observe(o, worker);
      },
      [=](observe_atom, const protocol::observations& batch, const std::string& worker) {
        return observe(batch, worker);
      },
      [=](ended_atom, const protocol::trial_ended& e, const std::string& worker) {
        return trial_ended(e, worker);
      },
      [=](stop_atom, trial_id trial, std::string& reason) { stop(trial, std::move(reason), false); },
      [=](study_atom, model::study_command& c) { return study_command(c); },
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
      [=](summary_atom, study_id id) -> caf::result<model::study_summary> {
        if (const study* s = reg_.find(id)) return model::summarize(*s, algorithms::planned_trials(s->spec()));
        return caf::make_error(caf::sec::runtime_error, "unknown study " + std::to_string(id));
      },
  };
}

void coordinator_actor::on_exit() {
  runtimes_.clear();
  workers_ = worker_pool{};
  retries_.clear();
  storage_ = nullptr;
  reg_ = model::registry{};
}

void coordinator_actor::recover() {
  if (!options_.interrupt_orphans) {
    // The trials the log shows running may be running still: their workers
    // claim them when they register again; what nobody claims is lost.
    delayed_send(this, options_.claim_grace, claim_atom::value);
  }
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
  if (!interrupted.empty()) store_before_anything_else(std::move(interrupted));
}

void coordinator_actor::store_before_anything_else(storage::batch records) {
  // await, not then: no other message is handled on a state the log does
  // not hold yet.
  request(storage_, caf::infinite, write_atom::value, records)
      .await([=](const summit::status& failed) {
        if (failed) {
          options_.warn("storage: " + failed->message + " (retrying)");
          return store_before_anything_else(records);
        }
        for (const auto& r : records) reg_.put_trial(std::get<trial_record>(r));
        schedule();
      });
}


void coordinator_actor::start_runtime(const study& s) {
  auto& rt = runtimes_[s.id()];
  const auto checkpoints = std::filesystem::path(options_.checkpoint_dir) / ("study-" + std::to_string(s.id()));
  if (!model::own_parameters(s.spec().algorithm.options).empty()) {
    std::error_code ignored;  // a trial that cannot save says so itself
    std::filesystem::create_directories(checkpoints, ignored);
  }
  rt.suggester = spawn_suggester(system(), s.spec(), checkpoints.string());
  rt.stopper = spawn_stopping_actor(system(), s.spec(), caf::actor_cast<caf::actor>(this));
  // They live and die with the coordinator.
  link_to(rt.suggester);
  link_to(rt.stopper);
  // The rule learns what the log holds, and stops no one for it.
  for (const auto& t : s.trials()) {
    for (const auto& o : t.observations)
      send(rt.stopper, observe_atom::value, t.record.id, o.iteration, o.objective, false);
    if (t.record.status != trial_status::running)
      send(rt.stopper, ended_atom::value, t.record.id, t.record.status == trial_status::completed);
  }
}


void coordinator_actor::submit(model::study_spec spec, std::string workdir, std::function<void(study_id)> submitted) {
  if (!spec.algorithm.seed) spec.algorithm.seed = std::random_device{}() & 0x7fffffff;
  model::study_record record{reg_.next_study_id(), std::move(spec), study_state::running,
                                  false, std::move(workdir), now_ms()};
  // Reserve the id now: another submission may arrive before this is stored.
  const study_id id = record.id;
  reg_.put_study(model::study_record{id, record.spec, study_state::pending, false, record.workdir,
                                          record.created_ms});
  store({record}, [=] {
    reg_.put_study(record);
    start_runtime(*reg_.find(id));
    schedule();
    submitted(id);
  });
}


void coordinator_actor::set_state(study& s, study_state state) {
  auto record = s.record();
  record.state = state;
  s.set_state(state);  // at once, so no new trial starts meanwhile
  store({record}, [] {});
}


void coordinator_actor::maybe_finish(study& s) {
  auto it = runtimes_.find(s.id());
  if (it == runtimes_.end()) return;
  const auto& rt = it->second;
  const bool idle = s.counts().running == 0 && rt.creating.empty() && rt.suggesting == 0;
  if (s.record().state == study_state::stopping && idle) set_state(s, study_state::stopped);
  if (s.record().state == study_state::running && idle && rt.algorithm_done && s.retries_due().empty())
    set_state(s, study_state::finished);
}

}  // namespace detail

caf::actor spawn_coordinator(caf::actor_system& sys, model::registry state, caf::actor storage,
                             coordinator_options options) {
  return sys.spawn<detail::coordinator_actor>(std::move(state), std::move(storage), std::move(options));
}

std::string describe(const caf::error& e) {
  if (e.context().match_elements<std::string>()) return e.context().get_as<std::string>(0);
  return caf::to_string(e);
}

}  // namespace summit::actors
