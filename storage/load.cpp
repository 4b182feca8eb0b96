#include "storage/load.hpp"

namespace summit::storage {

status load(const store& log, algorithms::registry& into) {
  return log.replay(store::visitor{
      [&](algorithms::study_record s) { into.put_study(std::move(s)); },
      [&](algorithms::trial_record t) { into.put_trial(std::move(t)); },
      [&](observation_record o) {
        into.add_observation(o.trial, o.iteration, o.objective, o.context);
      }});
}

}  // namespace summit::storage
