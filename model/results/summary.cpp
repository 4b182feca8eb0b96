#include "model/results/summary.hpp"

namespace summit::model {

study_summary summarize(const study& s, std::optional<std::size_t> planned) {
  study_summary out;
  out.id = s.id();
  out.name = s.spec().name;
  out.state = s.record().state;
  out.archived = s.record().archived;
  out.counts = s.counts();
  out.planned = planned;
  out.metric = s.spec().objective.metric;
  out.direction = s.spec().objective.direction;
  out.observations = s.observation_count();
  if (const trial* best = s.best_trial()) {
    out.best = best->record.id;
    out.best_value = s.value_of(*best)->objective;
    out.best_parameters = best->record.parameters;
  }
  return out;
}

}  // namespace summit::model
