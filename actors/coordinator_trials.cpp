#include "actors/coordinator_actor.hpp"
#include "algorithms/search/study_history.hpp"

namespace summit::actors::detail {

using model::trial_record;

bool coordinator_actor::may_start(const study& s, const study_runtime& rt) const {
  if (s.record().state != study_state::running) return false;
  const auto active = s.counts().running + rt.creating.size() + rt.suggesting;
  return s.spec().max_concurrent == 0 ||
         active < static_cast<std::size_t>(s.spec().max_concurrent);
}


void coordinator_actor::schedule() {
  for (;;) {
    const std::size_t free = workers_.free_slots();
    if (free == 0) return;
    std::size_t startable = 0;
    for (auto& [id, rt] : runtimes_)
      if (const study* s = reg_.find(id); s && may_start(*s, rt)) ++startable;
    if (startable == 0) return;
    // Each study that may start gets its share of the free slots in one
    // suggestion request; studies take turns at the remainder.
    const std::size_t share = std::max<std::size_t>(1, free / startable);
    bool started = false;
    const std::size_t n = runtimes_.size();
    for (std::size_t k = 0; k < n; ++k) {
      auto it = std::next(runtimes_.begin(), static_cast<long>((next_study_ + k) % n));
      study* s = reg_.find(it->first);
      if (!s || !may_start(*s, it->second) || !start(*s, it->second, share)) continue;
      started = true;
      next_study_ = (next_study_ + k + 1) % n;
      if (workers_.free_slots() == 0) return;
    }
    if (!started) return;
  }
}


bool coordinator_actor::start(study& s, study_runtime& rt, std::size_t share) {
  for (trial_id failed : s.retries_due()) {
    if (rt.retrying.count(failed)) continue;
    const auto worker = workers_.with_free_slot();
    if (!worker) return false;
    const auto& parent = s.find(failed)->record;
    rt.retrying.insert(failed);
    create_trial(s, *worker, parent.parameters, trial_origin::retry, failed,
                 parent.interrupted ? parent.attempt : parent.attempt + 1);
    return true;
  }
  if (rt.suggesting || rt.waiting || rt.algorithm_done) return false;
  std::size_t room = std::min(share, max_suggestions);
  if (s.spec().max_concurrent > 0) {
    const auto limit = static_cast<std::size_t>(s.spec().max_concurrent);
    const auto active = s.counts().running + rt.creating.size();
    room = std::min(room, limit > active ? limit - active : 0);
  }
  std::vector<std::string> reserved;
  while (reserved.size() < room) {
    const auto worker = workers_.with_free_slot();
    if (!worker) break;
    workers_.reserve(*worker);
    reserved.push_back(*worker);
  }
  if (reserved.empty()) return false;
  rt.suggesting = reserved.size();
  const study_id id = s.id();
  const auto ends_when_asked = rt.ends;
  request(rt.suggester, caf::infinite, suggest_atom::value, history_of(s, rt), reserved.size())
      .then([=](const std::vector<algorithms::suggestion>& suggestions) {
        auto& runtime = runtimes_[id];
        runtime.suggesting = 0;
        for (const auto& w : reserved) workers_.release(w);
        study* st = reg_.find(id);
        if (!st) return;
        for (const auto& next : suggestions) {
          if (next.what == algorithms::suggestion::kind::wait) {
            // A trial that ended while the algorithm was deciding found the
            // request in flight and could not ask again: ask now instead.
            runtime.waiting = runtime.ends == ends_when_asked;
          } else if (next.what == algorithms::suggestion::kind::done) {
            runtime.algorithm_done = true;
          } else if (st->record().state == study_state::running) {
            // A worker may have left meanwhile; what does not fit now is
            // proposed again later (the algorithm answers from the history).
            const auto worker = workers_.with_free_slot();
            if (worker) create_trial(*st, *worker, next.parameters, next.origin, 0, 0);
          }
        }
        maybe_finish(*st);
        schedule();
      });
  return true;
}


algorithms::history coordinator_actor::history_of(const study& s, const study_runtime& rt) {
  auto h = algorithms::make_history(s);
  for (const auto& [id, r] : rt.creating)
    h.trials.push_back({r.id, r.parameters, trial_status::running, r.origin, std::nullopt, -1});
  return h;
}


void coordinator_actor::create_trial(study& s, const std::string& worker, params parameters, trial_origin origin,
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
    if (!workers_.start(worker, r.id)) return fail_trial(r.id, "its worker " + worker + " left before it started");
    send(workers_.find(worker)->handle, run_atom::value,
         protocol::run_trial{r.id, id, r.parameters, st->spec().command, st->record().workdir});
  });
}


trial_id coordinator_actor::next_trial_id() {
  next_trial_ = std::max(next_trial_, reg_.next_trial_id());
  return next_trial_++;
}


std::variant<protocol::message, storage::observation_record> coordinator_actor::admit(
    const protocol::observation& o, const std::string& worker) const {
  const auto refuse = [&o](protocol::errc code, std::string text) {
    return protocol::message{protocol::error_reply{code, std::move(text), o.trial, o.iteration}};
  };
  const study* s = reg_.study_of(o.trial);
  if (!s) return refuse(protocol::errc::unknown_trial, "unknown trial " + std::to_string(o.trial));
  const auto* t = s->find(o.trial);
  if (t->record.worker != worker)
    return refuse(protocol::errc::unknown_trial,
                  "trial " + std::to_string(o.trial) + " does not run on worker " + worker);
  auto check = s->check_observation(o.trial, o.iteration);
  if (!check) return refuse(protocol::errc::trial_ended, check.error().message);
  if (*check == model::observation_check::duplicate)
    return protocol::message{protocol::ack{o.trial, o.iteration, t->stop_requested}};
  std::optional<double> objective = o.objective;
  const std::string& metric = s->spec().objective.metric;
  for (const auto& [name, v] : o.context)
    if (!objective && name == metric) objective = v;
  if (!objective)
    return refuse(protocol::errc::no_objective,
                  "observation has no objective and no '" + metric + "' in its context");
  return storage::observation_record{o.trial, o.iteration, *objective, o.context, now_ms()};
}

protocol::ack coordinator_actor::apply(const storage::observation_record& r) {
  study* s = reg_.study_of(r.trial);
  s->add_observation(r.trial, r.iteration, r.objective, r.context);
  send(runtimes_[s->id()].stopper, observe_atom::value, r.trial, r.iteration, r.objective, true);
  return protocol::ack{r.trial, r.iteration, s->find(r.trial)->stop_requested};
}

caf::result<protocol::replies> coordinator_actor::observe(const protocol::observations& batch,
                                                          const std::string& worker) {
  // Answers in the batch's order; the fresh ones go to storage together.
  protocol::replies out;
  out.items.resize(batch.items.size());
  storage::batch records;
  std::vector<std::size_t> waiting;
  for (std::size_t i = 0; i < batch.items.size(); ++i) {
    auto admitted = admit(batch.items[i], worker);
    if (auto* record = std::get_if<storage::observation_record>(&admitted)) {
      records.emplace_back(std::move(*record));
      waiting.push_back(i);
    } else if (auto* a = std::get_if<protocol::ack>(&std::get<protocol::message>(admitted))) {
      out.items[i] = *a;
    } else {
      out.items[i] = std::get<protocol::error_reply>(std::get<protocol::message>(admitted));
    }
  }
  if (records.empty()) return out;
  auto reply = make_response_promise<protocol::replies>();
  request(storage_, caf::infinite, write_atom::value, records)
      .then([=](const summit::status& failed) mutable {
        auto answers = out;
        for (std::size_t k = 0; k < waiting.size(); ++k) {
          const auto& r = std::get<storage::observation_record>(records[k]);
          if (failed)
            answers.items[waiting[k]] =
                protocol::error_reply{protocol::errc::internal, "not stored: " + failed->message, r.trial, r.iteration};
          else
            answers.items[waiting[k]] = apply(r);
        }
        reply.deliver(std::move(answers));
      });
  return reply;
}

caf::result<protocol::message> coordinator_actor::observe(const protocol::observation& o, const std::string& worker) {
  auto admitted = admit(o, worker);
  if (auto* answer = std::get_if<protocol::message>(&admitted)) return std::move(*answer);
  const auto record = std::get<storage::observation_record>(admitted);
  auto reply = make_response_promise<protocol::message>();
  request(storage_, caf::infinite, write_atom::value, storage::batch{record})
      .then([=](const summit::status& failed) mutable {
        if (failed)
          reply.deliver(protocol::message{protocol::error_reply{
              protocol::errc::internal, "not stored: " + failed->message, record.trial, record.iteration}});
        else
          reply.deliver(protocol::message{apply(record)});
      });
  return reply;
}


caf::result<bool> coordinator_actor::trial_ended(const protocol::trial_ended& e, const std::string& worker) {
  study* s = reg_.study_of(e.trial);
  const auto* t = s ? s->find(e.trial) : nullptr;
  // An end already recorded, or reported by a worker the trial no longer
  // belongs to, is acknowledged and changes nothing.
  if (!t || t->record.status != trial_status::running || t->record.worker != worker) return true;
  auto reply = make_response_promise<bool>();
  end_trial(model::ended_record(*t, e.exit_code, e.signal, now_ms(), e.reason), [=]() mutable { reply.deliver(true); });
  return reply;
}

void coordinator_actor::fail_trial(trial_id id, std::string reason) {
  study* s = reg_.study_of(id);
  const auto* t = s ? s->find(id) : nullptr;
  if (!t || t->record.status != trial_status::running) return;
  trial_record r = t->record;
  r.status = trial_status::failed;
  r.reason = std::move(reason);
  r.ended_ms = now_ms();
  end_trial(std::move(r), [] {});
}

void coordinator_actor::end_trial(model::trial_record r, std::function<void()> then) {
  const study_id id = r.study;
  store({r}, [=] {
    reg_.put_trial(r);
    workers_.finish(r.worker, r.id);
    auto& rt = runtimes_[id];
    rt.waiting = false;
    ++rt.ends;
    send(rt.stopper, ended_atom::value, r.id, r.status == trial_status::completed);
    maybe_finish(*reg_.find(id));
    schedule();
    then();
  });
}


void coordinator_actor::stop(trial_id id, std::string reason, bool now) {
  study* s = reg_.study_of(id);
  if (!s) return;
  auto* t = s->find(id);
  if (t->record.status != trial_status::running || t->stop_requested) return;
  t->stop_requested = true;
  t->stop_reason = reason;
  if (const auto* w = workers_.find(t->record.worker))
    send(w->handle, kill_atom::value, protocol::kill_trial{id, std::move(reason), now});
}

}  // namespace summit::actors::detail
