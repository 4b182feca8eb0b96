// The core's worker membership: joining, claims after a restart, loss.

#include "coordinator/core.hpp"

namespace summit::coordinator {

effects core::join(const protocol::register_worker& w, bool again, std::int64_t now_ms) {
  effects out;
  // Ends first: a trial that ended while the coordinator was away must not
  // be taken for lost below.
  std::set<trial_id> reported;
  for (const auto& e : w.ended) {
    reported.insert(e.trial);
    // An end whose last observation is refused is not stored: the client,
    // still waiting for its answer, sends it again and learns why.
    if (auto ending = ending_of(e, w.name, now_ms); auto* end = std::get_if<end_trial>(&ending))
      out.push_back(std::move(*end));
  }
  std::set<trial_id> claimed;
  for (trial_id id : w.running) {
    const model::study* s = reg_.study_of(id);
    const auto* t = s ? s->find(id) : nullptr;
    if (t && t->record.status == trial_status::running && t->record.worker == w.name)
      claimed.insert(id);
    else  // ended here already (lost while away), or unknown: it must not run on
      out.push_back(send_kill{w.name, protocol::kill_trial{id, "not running in the coordinator's log", true}});
  }
  const auto* known = workers_.find(w.name);
  if (again && known)  // keep what was handed to it since it wrote its list
    claimed.insert(known->running.begin(), known->running.end());
  std::vector<const model::trial_record*> missing;
  if (!again) {
    for (const auto& [id, s] : reg_.studies())
      for (const auto& t : s.trials()) {
        const auto& r = t.record;
        if (r.status == trial_status::running && r.worker == w.name && !claimed.count(r.id) &&
            !reported.count(r.id) && !being_created(id, r.id))
          missing.push_back(&r);
      }
  }
  if (w.study) {
    // A client's name is its process's own and it lists all it holds: a
    // trial it lacks never reached it (this coordinator's previous life
    // stored the trial and stopped before sending it). Hand it over again.
    for (const auto* r : missing) claimed.insert(r->id);
  }
  // A client says how many trials it asks for by registering again, twice
  // a trial: that is no news for the log.
  if (!(again && known && w.study))
    out.push_back(note{(w.study ? "client " : "worker ") + w.name + (known ? " registered again" : " joined") +
                       (w.study ? " for study " + std::to_string(w.study) : "") + " with " +
                       std::to_string(w.slots) + " slots" +
                       (claimed.empty() ? "" : ", running " + std::to_string(claimed.size()) + " trials")});
  workers_.join(w.name, w.slots, claimed, w.study);
  for (const auto* r : missing) {
    if (w.study) {
      out.push_back(run_of(*r));
    } else {
      // A worker node lacking it runs as a new process: gone with the old one.
      fail(r->id, "lost: worker " + w.name + " came back without it", now_ms, out);
    }
  }
  if (const auto* s = w.study ? reg_.find(w.study) : nullptr) say_if_over(*s, &w.name, out);
  auto scheduled = schedule(now_ms);
  out.insert(out.end(), scheduled.begin(), scheduled.end());
  return out;
}

effects core::ask(const std::string& worker, std::uint32_t count, std::int64_t now_ms) {
  if (!workers_.ask(worker, count)) return {};
  effects out;
  if (const auto* s = reg_.find(workers_.find(worker)->only)) say_if_over(*s, &worker, out);
  if (!out.empty()) return out;
  return schedule(now_ms);
}

effects core::lost(const std::string& worker, const std::string& why, std::int64_t now_ms) {
  effects out;
  const auto* w = workers_.find(worker);
  if (!w) return out;
  const std::set<trial_id> running = w->running;
  workers_.leave(worker);
  out.push_back(note{"worker " + worker + " lost (" + why + "); " + std::to_string(running.size()) +
                     " of its trials end FAILED"});
  for (trial_id id : running) fail(id, "lost: worker " + worker + " " + why, now_ms, out);
  return out;
}

bool core::being_created(study_id in, trial_id trial) const {
  auto it = runtimes_.find(in);
  return it != runtimes_.end() && it->second.creating.count(trial);
}

effects core::claims_closed(std::int64_t now_ms) {
  effects out;
  for (const auto& [id, s] : reg_.studies())
    for (const auto& t : s.trials())
      if (t.record.status == trial_status::running && !workers_.runs(t.record.id) && !being_created(id, t.record.id))
        fail(t.record.id, "lost: no worker claimed it after the coordinator restarted", now_ms, out);
  return out;
}

}  // namespace summit::coordinator
