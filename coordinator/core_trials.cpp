// The core's trials: scheduling, creation, observations, ends and stops.

#include <algorithm>

#include "algorithms/search/study_history.hpp"
#include "coordinator/core.hpp"
#include "model/results/results_table.hpp"

namespace summit::coordinator {

bool core::may_start(const model::study& s, const study_runtime& rt) const {
  if (s.record().state != study_state::running) return false;
  const auto active = s.counts().running + rt.creating.size() + rt.reserved.size();
  if (s.spec().max_concurrent > 0 && active >= static_cast<std::size_t>(s.spec().max_concurrent)) return false;
  // A retry owed, or a question the algorithm can answer now.
  for (trial_id failed : s.retries_due())
    if (!rt.retrying.count(failed)) return true;
  return rt.reserved.empty() && !rt.waiting && !rt.algorithm_done;
}

effects core::schedule(std::int64_t now_ms) {
  effects out;
  for (;;) {
    const std::size_t free = workers_.free_slots();
    if (free == 0) return out;
    std::size_t startable = 0;
    for (auto& [id, rt] : runtimes_)
      if (const model::study* s = reg_.find(id); s && may_start(*s, rt)) ++startable;
    if (startable == 0) return out;
    // Each study that may start gets its share of the free slots in one
    // suggestion request; studies take turns at the remainder, from the one
    // after the last that started.
    const std::size_t share = std::max<std::size_t>(1, free / startable);
    bool started = false;
    const std::size_t n = runtimes_.size(), first = next_study_;
    for (std::size_t k = 0; k < n; ++k) {
      auto it = std::next(runtimes_.begin(), static_cast<long>((first + k) % n));
      model::study* s = reg_.find(it->first);
      if (!s || !may_start(*s, it->second) || !start(*s, it->second, share, now_ms, out)) continue;
      started = true;
      next_study_ = (first + k + 1) % n;
      if (workers_.free_slots() == 0) return out;
    }
    if (!started) return out;
  }
}

bool core::start(model::study& s, study_runtime& rt, std::size_t share, std::int64_t now_ms, effects& out) {
  for (trial_id failed : s.retries_due()) {
    if (rt.retrying.count(failed)) continue;
    const auto worker = workers_.with_free_slot(s.id(), !s.spec().command.empty());
    if (!worker) return false;
    const auto& parent = s.find(failed)->record;
    rt.retrying.insert(failed);
    create(s, *worker, parent.parameters, trial_origin::retry, failed,
           parent.interrupted ? parent.attempt : parent.attempt + 1, now_ms, out);
    return true;
  }
  if (!rt.reserved.empty() || rt.waiting || rt.algorithm_done) return false;
  std::size_t room = std::min(share, max_suggestions);
  if (s.spec().max_concurrent > 0) {
    const auto limit = static_cast<std::size_t>(s.spec().max_concurrent);
    const auto active = s.counts().running + rt.creating.size();
    room = std::min(room, limit > active ? limit - active : 0);
  }
  while (rt.reserved.size() < room) {
    const auto worker = workers_.with_free_slot(s.id(), !s.spec().command.empty());
    if (!worker) break;
    workers_.reserve(*worker);
    rt.reserved.push_back(*worker);
  }
  if (rt.reserved.empty()) return false;
  rt.events_when_asked = rt.events;
  out.push_back(ask_suggestions{s.id(), history_of(s, rt), rt.reserved.size()});
  return true;
}

effects core::suggested(study_id id, const std::vector<algorithms::suggestion>& suggestions, std::int64_t now_ms) {
  effects out;
  auto& rt = runtimes_[id];
  for (const auto& w : rt.reserved) workers_.release(w);
  rt.reserved.clear();
  model::study* s = reg_.find(id);
  if (!s) return out;
  for (const auto& next : suggestions) {
    if (next.what == algorithms::suggestion::kind::wait) {
      // A trial that ended while the algorithm was deciding found the
      // request out and could not ask again: ask now instead.
      rt.waiting = rt.events == rt.events_when_asked;
    } else if (next.what == algorithms::suggestion::kind::done) {
      rt.algorithm_done = true;
    } else if (s->record().state == study_state::running) {
      // A worker may have left meanwhile; what does not fit now is proposed
      // again later (the algorithm answers from the history).
      if (const auto worker = workers_.with_free_slot(s->id(), !s->spec().command.empty()))
        create(*s, *worker, next.parameters, next.origin, 0, 0, now_ms, out);
    }
  }
  maybe_finish(*s, out);
  auto scheduled = schedule(now_ms);
  out.insert(out.end(), scheduled.begin(), scheduled.end());
  return out;
}

algorithms::history core::history_of(const model::study& s, study_runtime& rt) const {
  auto h = algorithms::changes_since(s, rt.sent);
  rt.sent = s.version();
  for (const auto& [id, r] : rt.creating)
    h.trials.push_back({r.id, r.parameters, trial_status::running, r.origin, std::nullopt, -1});
  return h;
}

void core::create(model::study& s, const std::string& worker, params parameters, trial_origin origin,
                  trial_id retry_of, std::uint32_t attempt, std::int64_t now_ms, effects& out) {
  auto& rt = runtimes_[s.id()];
  if (!workers_.reserve(worker)) {
    // Its worker left meanwhile; the algorithm will be asked again.
    rt.retrying.erase(retry_of);
    return;
  }
  model::trial_record r;
  r.id = next_trial_id();
  r.study = s.id();
  r.parameters = std::move(parameters);
  r.origin = origin;
  r.retry_of = retry_of;
  r.attempt = attempt;
  r.worker = worker;
  r.started_ms = now_ms;
  rt.creating.emplace(r.id, r);
  out.push_back(create_trial{std::move(r)});
}

effects core::created(const model::trial_record& r, std::int64_t now_ms) {
  effects out;
  auto& rt = runtimes_[r.study];
  rt.creating.erase(r.id);
  rt.retrying.erase(r.retry_of);
  reg_.put_trial(r);
  if (!workers_.start(r.worker, r.id)) {
    fail(r.id, "its worker " + r.worker + " left before it started", now_ms, out);
    return out;
  }
  out.push_back(run_of(r));
  return out;
}

send_run core::run_of(const model::trial_record& r) const {
  const model::study* s = reg_.find(r.study);
  return send_run{r.worker, protocol::run_trial{r.id, r.study, r.parameters, s->spec().command, s->record().workdir}};
}

trial_id core::next_trial_id() {
  next_trial_ = std::max(next_trial_, reg_.next_trial_id());
  return next_trial_++;
}

std::variant<protocol::message, storage::observation_record> core::admit(const protocol::observation& o,
                                                                         const std::string& worker,
                                                                         std::int64_t now_ms) {
  const auto refuse = [&o](protocol::errc code, std::string text) {
    return protocol::message{protocol::error_reply{code, std::move(text), o.trial, o.iteration}};
  };
  const model::study* s = reg_.study_of(o.trial);
  if (!s) return refuse(protocol::errc::unknown_trial, "unknown trial " + std::to_string(o.trial));
  const auto* t = s->find(o.trial);
  if (t->record.worker != worker)
    return refuse(protocol::errc::unknown_trial, "trial " + std::to_string(o.trial) + " does not run on worker " + worker);
  auto check = s->check_observation(*t, o.iteration);
  if (!check) return refuse(protocol::errc::trial_ended, check.error().message);
  if (*check == model::observation_check::duplicate)
    return protocol::message{protocol::ack{o.trial, o.iteration, t->stop_requested}};
  std::optional<double> objective = o.objective;
  const std::string& metric = s->spec().objective().metric;
  for (const auto& [name, v] : o.context)
    if (!objective && name == metric) objective = v;
  if (!objective)
    return refuse(protocol::errc::no_objective, "observation has no objective and no '" + metric + "' in its context");
  for (const auto& [name, v] : o.context)
    if (!s->has_metric(name) && model::is_fixed_column(s->spec(), name))
      return refuse(protocol::errc::invalid_field, "context name '" + name +
                                                       "' is a column of the results table already (Trial-ID, Status, "
                                                       "Iteration, Objective or a parameter); rename the metric");
  if (auto too_many = reserve_names(*s, o)) return refuse(protocol::errc::too_many_metrics, std::move(*too_many));
  return storage::observation_record{o.trial, o.iteration, *objective, o.context, now_ms};
}

std::optional<std::string> core::reserve_names(const model::study& s, const protocol::observation& o) {
  auto& reserved = reserved_names_[s.id()];
  std::vector<const std::string*> fresh;
  std::size_t added = 0;
  for (const auto& [name, v] : o.context) {
    if (s.has_metric(name)) continue;
    fresh.push_back(&name);
    added += reserved.count(name) ? 0 : 1;
  }
  const std::size_t known = s.metric_names().size() + reserved.size();
  const std::size_t cap = s.spec().max_context_names;
  if (known + added > cap) {
    if (reserved.empty()) reserved_names_.erase(s.id());
    return "study " + std::to_string(s.id()) + " keeps at most " + std::to_string(cap) +
           " context metric names (max_context_names) and has " + std::to_string(known) + "; this observation adds " +
           std::to_string(added) + " more ('" + *fresh.front() + "' first)";
  }
  for (const auto* name : fresh) ++reserved[*name];
  if (reserved.empty()) reserved_names_.erase(s.id());
  return std::nullopt;
}

void core::not_stored(const storage::observation_record& r) {
  const model::study* s = reg_.study_of(r.trial);
  auto it = s ? reserved_names_.find(s->id()) : reserved_names_.end();
  if (it == reserved_names_.end()) return;
  for (const auto& [name, v] : r.context) {
    auto n = it->second.find(name);
    if (n != it->second.end() && --n->second == 0) it->second.erase(n);
  }
  if (it->second.empty()) reserved_names_.erase(it);
}

protocol::ack core::observed(const storage::observation_record& r, effects& out) {
  model::study* s = reg_.study_of(r.trial);
  const auto* t = s->add_observation(r.trial, r.iteration, r.objective, r.context);
  if (auto it = reserved_names_.find(s->id()); it != reserved_names_.end()) {
    for (const auto& [name, v] : r.context) it->second.erase(name);  // known now
    if (it->second.empty()) reserved_names_.erase(it);
  }
  out.push_back(rule_observes{s->id(), r.trial, r.iteration, r.objective, true});
  return protocol::ack{r.trial, r.iteration, t && t->stop_requested};
}

std::optional<model::trial_record> core::end_of(const protocol::trial_ended& e, const std::string& worker,
                                                std::int64_t now_ms) const {
  const model::study* s = reg_.study_of(e.trial);
  const auto* t = s ? s->find(e.trial) : nullptr;
  // An end already recorded, or reported by a worker the trial no longer
  // belongs to, is acknowledged and changes nothing.
  if (!t || t->record.status != trial_status::running || t->record.worker != worker) return std::nullopt;
  return model::ended_record(*t, e.exit_code, e.signal, now_ms, e.reason);
}

std::variant<std::monostate, protocol::error_reply, end_trial> core::ending_of(const protocol::trial_ended& e,
                                                                              const std::string& worker,
                                                                              std::int64_t now_ms) {
  auto record = end_of(e, worker, now_ms);
  if (!record) return std::monostate{};
  end_trial out{std::move(*record)};
  if (!e.last) return out;
  auto admitted = admit(*e.last, worker, now_ms);
  if (auto* r = std::get_if<storage::observation_record>(&admitted))
    out.last = std::move(*r);
  else if (auto* refusal = std::get_if<protocol::error_reply>(&std::get<protocol::message>(admitted)))
    return std::move(*refusal);
  return out;  // an ack: that observation is stored already
}

effects core::ending(const end_trial& e, std::int64_t now_ms) {
  const model::study* s = reg_.study_of(e.record.id);
  if (!s || e.record.status == trial_status::failed || !model::suggests_regardless_of_ends(s->spec().algorithm))
    return {};
  workers_.finish(e.record.worker, e.record.id);
  return schedule(now_ms);
}

effects core::ended(const end_trial& stored, std::int64_t now_ms) {
  effects out;
  if (stored.last) observed(*stored.last, out);
  auto rest = ended(stored.record, now_ms);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

void core::fail(trial_id id, std::string reason, std::int64_t now_ms, effects& out) const {
  const model::study* s = reg_.study_of(id);
  const auto* t = s ? s->find(id) : nullptr;
  if (!t || t->record.status != trial_status::running) return;
  model::trial_record r = t->record;
  r.status = trial_status::failed;
  r.reason = std::move(reason);
  r.ended_ms = now_ms;
  out.push_back(end_trial{std::move(r)});
}

effects core::wake(study_id study, std::int64_t now_ms) {
  if (auto it = runtimes_.find(study); it != runtimes_.end()) {
    it->second.waiting = false;
    ++it->second.events;
  }
  return schedule(now_ms);
}

effects core::ended(const model::trial_record& r, std::int64_t now_ms) {
  effects out;
  reg_.put_trial(r);
  workers_.finish(r.worker, r.id);
  // A study that does not run (not resumed, or ended) gets no runtime here:
  // it must not be scheduled.
  if (auto it = runtimes_.find(r.study); it != runtimes_.end()) {
    it->second.waiting = false;
    ++it->second.events;
  }
  out.push_back(rule_ends{r.study, r.id, r.status == trial_status::completed});
  maybe_finish(*reg_.find(r.study), out);
  auto scheduled = schedule(now_ms);
  out.insert(out.end(), scheduled.begin(), scheduled.end());
  return out;
}

effects core::stop(trial_id id, const std::string& reason, bool now) {
  model::study* s = reg_.study_of(id);
  if (!s) return {};
  auto* t = s->find(id);
  if (t->record.status != trial_status::running || t->stop_requested) return {};
  t->stop_requested = true;
  t->stop_reason = reason;
  if (!workers_.find(t->record.worker)) return {};
  return {send_kill{t->record.worker, protocol::kill_trial{id, reason, now}}};
}

}  // namespace summit::coordinator
