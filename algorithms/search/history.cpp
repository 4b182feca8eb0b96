#include <algorithm>

#include "algorithms/search/study_history.hpp"
#include "model/results/scores.hpp"

namespace summit::algorithms {

std::size_t history::count(trial_origin origin) const {
  return static_cast<std::size_t>(std::count_if(
      trials.begin(), trials.end(), [origin](const trial_summary& t) { return t.origin == origin; }));
}

history make_history(const model::study& s) {
  history h;
  h.direction = s.spec().objective().direction;
  const bool scored = s.spec().multi_objective() || s.spec().constrained();
  if (scored) h.goals = model::goals_of(s.spec());
  h.trials.reserve(s.trials().size());
  for (const auto& t : s.trials()) {
    auto v = s.value_of(t);
    h.trials.push_back(trial_summary{t.record.id, t.record.parameters, t.record.status, t.record.origin,
                                     v ? std::optional<double>(v->objective) : std::nullopt,
                                     t.observations.empty() ? -1 : t.observations.back().iteration});
    if (!scored) continue;
    auto scores = model::scores_of(s, t);
    h.trials.back().objectives = std::move(scores.objectives);
    h.trials.back().violation = scores.violation;
    h.trials.back().slacks = std::move(scores.slacks);
  }
  return h;
}

}  // namespace summit::algorithms
