#include <algorithm>

#include "algorithms/search/study_history.hpp"
#include "model/results/scores.hpp"

namespace summit::algorithms {

std::size_t history::count(trial_origin origin) const {
  const std::size_t from = counted <= trials.size() ? counted : 0;
  const std::size_t before = from ? counted_by_origin[static_cast<std::size_t>(origin)] : 0;
  return before + static_cast<std::size_t>(std::count_if(trials.begin() + static_cast<long>(from), trials.end(),
                                                         [origin](const trial_summary& t) { return t.origin == origin; }));
}

history changes_since(const model::study& s, std::uint64_t since) {
  history h;
  h.direction = s.spec().objective().direction;
  const bool scored = s.spec().multi_objective() || s.spec().constrained();
  if (scored) h.goals = model::goals_of(s.spec());
  for (const auto& t : s.trials()) {
    if (t.version <= since) continue;
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

history make_history(const model::study& s) { return changes_since(s, 0); }

history& history_mirror::apply(history changes) {
  h_.direction = changes.direction;
  h_.goals = std::move(changes.goals);
  if (h_.counted != h_.trials.size()) {  // its trials were cut short since
    h_.counted = 0;
    h_.counted_by_origin = {};
    for (const auto& t : h_.trials) ++h_.counted_by_origin[static_cast<std::size_t>(t.origin)];
  }
  for (auto& t : changes.trials) {
    auto [at, added] = index_.emplace(t.id, h_.trials.size());
    if (added) {
      ++h_.counted_by_origin[static_cast<std::size_t>(t.origin)];
      h_.trials.push_back(std::move(t));
    } else {
      auto& known = h_.trials[at->second];
      --h_.counted_by_origin[static_cast<std::size_t>(known.origin)];
      ++h_.counted_by_origin[static_cast<std::size_t>(t.origin)];
      known = std::move(t);
    }
  }
  h_.counted = h_.trials.size();
  return h_;
}

}  // namespace summit::algorithms
