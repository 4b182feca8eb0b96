#include "storage/load.hpp"

namespace summit::storage {

namespace {

store::visitor into_registry(model::registry& into) {
  return store::visitor{
      [&](model::study_record s) { into.put_study(std::move(s)); },
      [&](model::trial_record t) { into.put_trial(std::move(t)); },
      [&](observation_record o) { into.add_observation(o.trial, o.iteration, o.objective, o.context); }};
}

}  // namespace

status load(const store& log, model::registry& into) { return log.replay(into_registry(into)); }

status load_study(const store& log, study_id study, model::registry& into) {
  return log.replay_study(study, into_registry(into));
}

}  // namespace summit::storage
