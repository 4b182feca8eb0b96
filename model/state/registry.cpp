#include "model/state/registry.hpp"

namespace summit::model {

void registry::put_study(study_record r) {
  next_study_ = std::max(next_study_, r.id + 1);
  if (auto* known = find(r.id)) {
    known->set_state(r.state);
    known->set_archived(r.archived);
    return;
  }
  const auto id = r.id;
  studies_.emplace(id, study(std::move(r)));
}

void registry::put_trial(trial_record r) {
  auto* s = find(r.study);
  if (!s) return;
  next_trial_ = std::max(next_trial_, r.id + 1);
  trial_study_[r.id] = r.study;
  s->put_trial(std::move(r));
}

void registry::add_observation(trial_id trial, std::int64_t iteration, double objective,
                               const std::vector<std::pair<std::string, double>>& context) {
  if (auto* s = study_of(trial)) s->add_observation(trial, iteration, objective, context);
}

study* registry::find(study_id id) {
  auto it = studies_.find(id);
  return it == studies_.end() ? nullptr : &it->second;
}

const study* registry::find(study_id id) const {
  auto it = studies_.find(id);
  return it == studies_.end() ? nullptr : &it->second;
}

study* registry::study_of(trial_id trial) {
  auto it = trial_study_.find(trial);
  return it == trial_study_.end() ? nullptr : find(it->second);
}

const study* registry::study_of(trial_id trial) const {
  auto it = trial_study_.find(trial);
  return it == trial_study_.end() ? nullptr : find(it->second);
}

const study* registry::find_by_name(const std::string& name) const {
  for (auto it = studies_.rbegin(); it != studies_.rend(); ++it)
    if (it->second.spec().name == name) return &it->second;
  return nullptr;
}

}  // namespace summit::model
