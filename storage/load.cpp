#include "storage/load.hpp"

namespace summit::storage {

status load(const store& log, model::registry& into) {
  return log.replay(store::visitor{
      [&](model::study_record s) { into.put_study(std::move(s)); },
      [&](model::trial_record t) { into.put_trial(std::move(t)); },
      [&](observation_record o) {
        into.add_observation(o.trial, o.iteration, o.objective, o.context);
      }});
}

}  // namespace summit::storage
