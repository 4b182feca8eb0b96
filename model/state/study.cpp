#include "model/state/study.hpp"

#include <algorithm>
#include <cmath>

namespace summit::model {

trial_record ended_record(const trial& t, std::int32_t exit_code, std::int32_t signal,
                          std::int64_t ended_ms, const std::string& reason) {
  trial_record r = t.record;
  r.exit_code = exit_code;
  r.signal = signal;
  r.ended_ms = ended_ms;
  if (t.stop_requested) {
    r.status = trial_status::stopped;
    r.reason = t.stop_reason;
  } else if (signal == 0 && exit_code == 0) {
    r.status = trial_status::completed;
  } else {
    r.status = trial_status::failed;
    r.reason = !reason.empty() ? reason
               : signal    ? "killed by signal " + std::to_string(signal)
                           : "exit code " + std::to_string(exit_code);
  }
  return r;
}

study::study(study_record record) : record_(std::move(record)) {}

std::size_t& study::count_of(trial_status s) {
  switch (s) {
    case trial_status::running: return counts_.running;
    case trial_status::completed: return counts_.completed;
    case trial_status::failed: return counts_.failed;
    case trial_status::stopped: return counts_.stopped;
  }
  return counts_.running;
}

void study::put_trial(trial_record r) {
  if (r.origin == trial_origin::retry)
    if (auto* parent = find(r.retry_of)) {
      parent->has_retry = true;
      note_owed(*parent);
    }
  if (auto* known = find(r.id)) {
    --count_of(known->record.status);
    ++count_of(r.status);
    known->record = std::move(r);
    known->version = ++version_;
    note_owed(*known);
    return;
  }
  ++count_of(r.status);
  index_.emplace(r.id, trials_.size());
  trials_.push_back(trial{std::move(r), {}, 0, 0, 0, false, false, {}, ++version_});
  note_owed(trials_.back());
}

void study::note_owed(const trial& t) {
  const auto& r = t.record;
  if (r.status == trial_status::failed && !t.has_retry &&
      (r.interrupted || r.attempt < static_cast<std::uint32_t>(record_.spec.retries)))
    owed_.insert(r.id);
  else
    owed_.erase(r.id);
}

const trial* study::find(trial_id id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &trials_[it->second];
}

trial* study::find(trial_id id) {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &trials_[it->second];
}

expected<observation_check> study::check_observation(trial_id id, std::int64_t iteration) const {
  const trial* t = find(id);
  if (!t) return make_error("unknown trial " + std::to_string(id));
  return check_observation(*t, iteration);
}

expected<observation_check> study::check_observation(const trial& t, std::int64_t iteration) const {
  auto& obs = t.observations;
  auto it = std::lower_bound(obs.begin(), obs.end(), iteration,
                             [](const observation& o, std::int64_t i) { return o.iteration < i; });
  if (it != obs.end() && it->iteration == iteration) return observation_check::duplicate;
  if (t.record.status != trial_status::running)
    return make_error("trial " + std::to_string(t.record.id) + " has already ended (" +
                      std::string(to_string(t.record.status)) + ")");
  return observation_check::fresh;
}

std::uint32_t study::metric_index(const std::string& name) {
  auto [it, inserted] =
      metric_index_.emplace(name, static_cast<std::uint32_t>(metric_names_.size()));
  if (inserted) metric_names_.push_back(name);
  return it->second;
}

const trial* study::add_observation(trial_id id, std::int64_t iteration, double objective,
                                    const std::vector<std::pair<std::string, double>>& context) {
  trial* t = find(id);
  if (!t) return nullptr;
  auto& obs = t->observations;
  auto it = std::lower_bound(obs.begin(), obs.end(), iteration,
                             [](const observation& o, std::int64_t i) { return o.iteration < i; });
  if (it != obs.end() && it->iteration == iteration) return t;
  observation o{iteration, objective, {}};
  o.context.reserve(context.size());
  for (const auto& [name, v] : context) o.context.emplace_back(metric_index(name), v);
  const auto at = static_cast<std::size_t>(it - obs.begin());
  obs.insert(it, std::move(o));
  t->version = ++version_;
  if (t->finite > 0 && at <= t->best) ++t->best;
  // A NaN (a diverged model) is kept in the table but has no value: the
  // trial's value comes from its finite observations only.
  if (std::isnan(objective)) {
    ++observation_count_;
    return t;
  }
  if (t->finite == 0 || better(record_.spec.objective().direction, objective, obs[t->best].objective))
    t->best = at;
  ++t->finite;
  t->sum += objective;
  ++observation_count_;
  return t;
}

std::optional<trial_value> study::value_of(const trial& t) const {
  if (t.finite == 0) return std::nullopt;
  const auto last_finite = [&]() -> const observation& {
    auto it = std::find_if(t.observations.rbegin(), t.observations.rend(),
                           [](const observation& o) { return !std::isnan(o.objective); });
    return *it;
  };
  switch (record_.spec.objective().reduce) {
    case aggregate::best: {
      const auto& o = t.observations[t.best];
      return trial_value{o.iteration, o.objective, &o};
    }
    case aggregate::last: {
      const auto& o = last_finite();
      return trial_value{o.iteration, o.objective, &o};
    }
    case aggregate::mean: {
      const auto& o = last_finite();
      return trial_value{o.iteration, t.sum / static_cast<double>(t.finite), &o};
    }
  }
  return std::nullopt;
}

const trial* study::best_trial() const {
  const trial* best = nullptr;
  double best_value = 0;
  for (const auto& t : trials_) {
    if (t.record.status != trial_status::completed) continue;
    auto v = value_of(t);
    if (!v) continue;
    if (!best || better(record_.spec.objective().direction, v->objective, best_value)) {
      best = &t;
      best_value = v->objective;
    }
  }
  return best;
}

}  // namespace summit::model
