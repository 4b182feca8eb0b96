#include "model/results/scores.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace summit::model {

namespace {

/// The metric's value in one observation: the objective field for the
/// first objective's metric, else its context entry.
std::optional<double> reported(const study& s, const observation& o, const std::string& metric,
                               std::optional<std::uint32_t> id) {
  if (metric == s.spec().objective().metric) return o.objective;
  if (!id) return std::nullopt;
  for (const auto& [index, v] : o.context)
    if (index == *id) return v;
  return std::nullopt;
}

std::optional<double> objective_value(const study& s, const trial& t, const objective_spec& o) {
  const auto id = s.metric_id(o.metric);
  std::optional<double> out;
  double sum = 0;
  std::size_t finite = 0;
  for (const auto& obs : t.observations) {
    const auto v = reported(s, obs, o.metric, id);
    if (!v || std::isnan(*v)) continue;
    ++finite;
    sum += *v;
    if (o.reduce != aggregate::best || !out || better(o.direction, *v, *out)) out = v;
  }
  if (o.reduce == aggregate::mean && finite > 0) out = sum / static_cast<double>(finite);
  return out;
}

/// The metric's latest report up to the observation `upto` (included).
std::optional<double> reported_by(const study& s, const trial& t, const std::string& metric, const observation& upto) {
  const auto id = s.metric_id(metric);
  auto it = std::make_reverse_iterator(t.observations.begin() + (&upto - t.observations.data()) + 1);
  for (; it != t.observations.rend(); ++it)
    if (auto v = reported(s, *it, metric, id)) return v;
  return std::nullopt;
}

}  // namespace

bool trial_scores::feasible() const {
  return violation == 0 && std::all_of(objectives.begin(), objectives.end(), [](const auto& v) { return v.has_value(); });
}

trial_scores scores_of(const study& s, const trial& t) {
  trial_scores out;
  const auto& spec = s.spec();
  out.objectives.reserve(spec.objectives.size());
  const auto first = s.value_of(t);
  out.objectives.push_back(first ? std::optional(first->objective) : std::nullopt);
  for (std::size_t i = 1; i < spec.objectives.size(); ++i) out.objectives.push_back(objective_value(s, t, spec.objectives[i]));
  if (!spec.constrained()) return out;
  if (!first) {
    out.violation = std::numeric_limits<double>::infinity();
    out.slacks.resize(spec.constraints.size());
    return out;
  }
  for (const auto& c : spec.constraints) {
    const auto value = reported_by(s, t, c.metric, *first->source);
    out.violation += algorithms::violation_of({c.min, c.max}, value);
    out.slacks.push_back(algorithms::slack_of({c.min, c.max}, value));
  }
  return out;
}

std::vector<goal> goals_of(const study_spec& spec) {
  std::vector<goal> out;
  for (const auto& o : spec.objectives) out.push_back(o.direction);
  return out;
}

std::vector<const trial*> pareto_front(const study& s) {
  std::vector<const trial*> completed;
  std::vector<algorithms::scored_point> points;
  for (const auto& t : s.trials()) {
    if (t.record.status != trial_status::completed) continue;
    auto scores = scores_of(s, t);
    completed.push_back(&t);
    points.push_back({std::move(scores.objectives), scores.violation});
  }
  const auto goals = goals_of(s.spec());
  std::vector<std::size_t> front = algorithms::pareto_front(points, goals);
  std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
    return better(goals[0], *points[a].objectives[0], *points[b].objectives[0]);
  });
  std::vector<const trial*> out;
  out.reserve(front.size());
  for (std::size_t i : front) out.push_back(completed[i]);
  return out;
}

}  // namespace summit::model
