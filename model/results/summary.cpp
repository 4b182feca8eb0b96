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
  out.metric = s.spec().objective().metric;
  out.direction = s.spec().objective().direction;
  out.observations = s.observation_count();
  if (s.spec().multi_objective())
    for (const auto& o : s.spec().objectives) out.objectives.emplace_back(o.metric, o.direction);
  if (const auto best = find_best(s)) {
    out.front = best->front.size();
    out.best = best->trial->record.id;
    out.best_value = best->value;
    out.best_parameters = best->trial->record.parameters;
    out.best_copies = best->copies;
  }
  return out;
}

}  // namespace summit::model
