#include "actors/coordinator_actor.hpp"

namespace summit::actors::detail {

bool coordinator_actor::join(const protocol::register_worker& w, const caf::actor& handle, bool again) {
  // Ends first: a trial that ended while the coordinator was away must not
  // be taken for lost below.
  std::set<trial_id> reported;
  for (const auto& e : w.ended) {
    reported.insert(e.trial);
    trial_ended(e, w.name);
  }
  std::set<trial_id> claimed;
  for (trial_id id : w.running) {
    const study* s = reg_.study_of(id);
    const auto* t = s ? s->find(id) : nullptr;
    if (t && t->record.status == trial_status::running && t->record.worker == w.name)
      claimed.insert(id);
    else  // ended here already (lost while away), or unknown: it must not run on
      send(handle, kill_atom::value, protocol::kill_trial{id, "not running in the coordinator's log", true});
  }
  const auto* known = workers_.find(w.name);
  if (again && known)  // keep what was handed to it since it wrote its list
    claimed.insert(known->running.begin(), known->running.end());
  workers_.join(w.name, handle, w.slots, claimed);
  options_.log("worker " + w.name + (known ? " registered again" : " joined") + " with " +
               std::to_string(w.slots) + " slots" +
               (claimed.empty() ? "" : ", running " + std::to_string(claimed.size()) + " trials"));
  if (again) {
    schedule();
    return true;
  }
  // What the log says runs on this worker and the worker does not: gone
  // with a previous process of it.
  for (const auto& [id, s] : reg_.studies())
    for (const auto& t : s.trials()) {
      const auto& r = t.record;
      if (r.status == trial_status::running && r.worker == w.name && !claimed.count(r.id) &&
          !reported.count(r.id) && !being_created(id, r.id))
        fail_trial(r.id, "lost: worker " + w.name + " came back without it");
    }
  schedule();
  return true;
}

void coordinator_actor::lost(const std::string& worker, const std::string& why) {
  const auto* w = workers_.find(worker);
  if (!w) return;
  const std::set<trial_id> running = w->running;
  workers_.leave(worker);
  options_.log("worker " + worker + " lost (" + why + "); " + std::to_string(running.size()) +
               " of its trials end FAILED");
  for (trial_id id : running) fail_trial(id, "lost: worker " + worker + " " + why);
}

bool coordinator_actor::being_created(study_id in, trial_id trial) const {
  auto it = runtimes_.find(in);
  return it != runtimes_.end() && it->second.creating.count(trial);
}

void coordinator_actor::fail_unclaimed() {
  std::vector<trial_id> unclaimed;
  for (const auto& [id, s] : reg_.studies())
    for (const auto& t : s.trials())
      if (t.record.status == trial_status::running && !workers_.runs(t.record.id) &&
          !being_created(id, t.record.id))
        unclaimed.push_back(t.record.id);
  for (trial_id id : unclaimed)
    fail_trial(id, "lost: no worker claimed it after the coordinator restarted");
}

}  // namespace summit::actors::detail
