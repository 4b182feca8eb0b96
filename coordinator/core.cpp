// The core's recovery and study lifecycle; core_trials.cpp and
// core_workers.cpp hold the rest.

#include "coordinator/core.hpp"

#include "coordinator/study_reads.hpp"
#include "model/commands/study_errors.hpp"

namespace summit::coordinator {

core::core(model::registry state, core_options options) : reg_(std::move(state)), options_(options) {}

effects core::recover() {
  effects out;
  if (!options_.resume_all) return out;
  for (const auto& [id, s] : reg_.studies())
    if (!is_terminal(s.record().state)) {
      auto started = start_runtime(s);
      out.insert(out.end(), started.begin(), started.end());
    }
  return out;
}

storage::batch core::interrupted_trials(std::int64_t now_ms) const {
  storage::batch interrupted;
  if (!options_.interrupt_orphans) return interrupted;
  for (const auto& [id, s] : reg_.studies()) {
    if (is_terminal(s.record().state)) continue;
    for (const auto& t : s.trials()) {
      if (t.record.status != trial_status::running) continue;
      model::trial_record r = t.record;
      r.status = trial_status::failed;
      r.interrupted = true;
      r.reason = "interrupted: Summit stopped while it ran";
      r.ended_ms = now_ms;
      interrupted.emplace_back(std::in_place_type<model::trial_record>, std::move(r));
    }
  }
  return interrupted;
}

effects core::interrupted_stored(const storage::batch& records, std::int64_t now_ms) {
  for (const auto& r : records) reg_.put_trial(std::get<model::trial_record>(r));
  return schedule(now_ms);
}

std::optional<effects> core::resume(study_id id, std::int64_t now_ms) {
  const model::study* s = reg_.find(id);
  if (!s || is_terminal(s->record().state)) return std::nullopt;
  effects out = runtimes_.count(id) ? effects{} : start_runtime(*s);
  auto scheduled = schedule(now_ms);
  out.insert(out.end(), scheduled.begin(), scheduled.end());
  return out;
}

effects core::start_runtime(const model::study& s) {
  runtimes_[s.id()];
  effects out{start_study{s.id()}};
  // The rule learns what the log holds, and stops no one for it.
  for (const auto& t : s.trials()) {
    for (const auto& o : t.observations) out.push_back(rule_observes{s.id(), t.record.id, o.iteration, o.objective, false});
    if (t.record.status != trial_status::running)
      out.push_back(rule_ends{s.id(), t.record.id, t.record.status == trial_status::completed});
  }
  return out;
}

model::study_record core::new_study(model::study_spec spec, std::string workdir, std::int64_t now_ms,
                                    std::uint64_t seed_if_none) {
  if (!spec.algorithm.seed) spec.algorithm.seed = seed_if_none;
  model::study_record record{reg_.next_study_id(), std::move(spec), study_state::running, false, std::move(workdir),
                             now_ms};
  // The id is taken now: another submission may arrive before this one is stored.
  reg_.put_study(model::study_record{record.id, record.spec, study_state::pending, false, record.workdir,
                                     record.created_ms});
  return record;
}

effects core::submitted(const model::study_record& record, std::int64_t now_ms) {
  reg_.put_study(record);
  effects out = start_runtime(*reg_.find(record.id));
  auto scheduled = schedule(now_ms);
  out.insert(out.end(), scheduled.begin(), scheduled.end());
  return out;
}

struct core::changer {
  core& self;
  using result = std::pair<expected<model::study_reply>, effects>;

  result operator()(const model::stop_study& c) const {
    return with_study(c.study, [&](model::study& s, effects& out) {
      const auto state = s.record().state;
      if (state != study_state::running && state != study_state::pending) return;
      self.set_state(s, study_state::stopping, out);
      self.maybe_finish(s, out);
    });
  }
  result operator()(const model::kill_study& c) const {
    return with_study(c.study, [&](model::study& s, effects& out) {
      if (is_terminal(s.record().state)) return;
      self.set_state(s, study_state::killed, out);
      for (const auto& t : s.trials())
        if (t.record.status == trial_status::running) {
          auto stopped = self.stop(t.record.id, "the study was killed", true);
          out.insert(out.end(), stopped.begin(), stopped.end());
        }
    });
  }
  result operator()(const model::archive_study& c) const {
    return with_study(c.study, [&](model::study& s, effects& out) {
      auto record = s.record();
      record.archived = true;
      s.set_archived(true);
      out.push_back(write{{record}});
    });
  }
  result operator()(const model::stop_trial& c) const {
    model::study* s = self.reg_.find(c.study);
    if (!s) return {model::unknown_study(c.study), {}};
    const auto* t = s->find(c.trial);
    if (!t)
      return {make_error(model::study_errc::unknown_trial,
                         "study " + std::to_string(c.study) + " has no trial " + std::to_string(c.trial)),
              {}};
    if (t->record.status != trial_status::running)
      return {make_error(model::study_errc::wrong_state, "trial " + std::to_string(c.trial) + " is " +
                                                             std::string(to_string(t->record.status)) + ", not running"),
              {}};
    return {model::study_reply{model::trial_stopping{c.trial}}, self.stop(c.trial, "stopped from the dashboard", false)};
  }
  template <class Other>
  result operator()(const Other& c) const {
    return {make_error(model::study_errc::read_only,
                       "study " + std::string(model::name_of(model::study_command{c})) + " changes nothing here"),
            {}};
  }

  /// Applies the change to the study and answers with its summary after it.
  template <class Change>
  result with_study(study_id id, Change&& apply) const {
    model::study* s = self.reg_.find(id);
    if (!s) return {model::unknown_study(id), {}};
    effects out;
    apply(*s, out);
    return {model::study_reply{summary_of(*s)}, std::move(out)};
  }
};

std::pair<expected<model::study_reply>, effects> core::change(const model::study_command& command) {
  return std::visit(changer{*this}, command);
}

std::optional<model::study_summary> core::summary(study_id id) const {
  if (const model::study* s = reg_.find(id)) return summary_of(*s);
  return std::nullopt;
}

void core::set_state(model::study& s, study_state state, effects& out) {
  auto record = s.record();
  record.state = state;
  s.set_state(state);  // at once, so no new trial starts meanwhile
  out.push_back(write{{record}});
  say_if_over(s, nullptr, out);
}

void core::say_if_over(const model::study& s, const std::string* client, effects& out) const {
  const auto state = s.record().state;
  if (state != study_state::stopping && !is_terminal(state)) return;
  const auto tell = [&](const std::string& name) { out.push_back(send_over{name, protocol::study_over{s.id(), state}}); };
  if (client) return tell(*client);
  for (const auto& name : workers_.clients_of(s.id())) tell(name);
}

void core::maybe_finish(model::study& s, effects& out) {
  auto it = runtimes_.find(s.id());
  if (it == runtimes_.end()) return;
  const auto& rt = it->second;
  const bool idle = s.counts().running == 0 && rt.creating.empty() && rt.reserved.empty();
  if (s.record().state == study_state::stopping && idle) set_state(s, study_state::stopped, out);
  if (s.record().state == study_state::running && idle && rt.algorithm_done && s.retries_due().empty())
    set_state(s, study_state::finished, out);
}

}  // namespace summit::coordinator
