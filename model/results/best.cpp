#include "model/results/best.hpp"

#include "model/results/scores.hpp"

#include <cmath>
#include <functional>
#include <map>

namespace summit::model {

namespace {

/// How the copies of a configuration are judged, when the study runs each
/// more than once.
std::optional<repeat_aggregate> repeat_judgement(const study_spec& spec) {
  if (spec.algorithm.repeat.times > 1) return spec.algorithm.repeat.aggregate;
  if (const auto* local = std::get_if<local_search_options>(&spec.algorithm.options))
    if (local->repeat_trials > 1) return repeat_aggregate::mean;  // as it climbs
  return std::nullopt;
}

/// Whether a trial counts towards the best: in a constrained study, only a
/// feasible one.
bool eligible(const study& s, const trial& t) { return !s.spec().constrained() || scores_of(s, t).feasible(); }

std::optional<best_result> best_trial_of(const study& s) {
  if (s.spec().multi_objective()) {
    auto front = pareto_front(s);
    if (front.empty()) return std::nullopt;
    const trial* first = front.front();
    return best_result{first, s.value_of(*first)->objective, std::nullopt, std::move(front)};
  }
  if (!s.spec().constrained()) {
    const trial* best = s.best_trial();
    if (!best) return std::nullopt;
    return best_result{best, s.value_of(*best)->objective, std::nullopt, {}};
  }
  std::optional<best_result> best;
  for (const auto& t : s.trials()) {
    if (t.record.status != trial_status::completed || !eligible(s, t)) continue;
    const double v = s.value_of(t)->objective;  // eligible: it has one
    if (!best || better(s.spec().objective().direction, v, best->value)) best = best_result{&t, v, std::nullopt, {}};
  }
  return best;
}

struct configuration {
  const trial* first = nullptr;
  std::vector<trial_id> trials;
  std::vector<double> values;
};

copies_summary summarize_copies(const configuration& c, repeat_aggregate how, goal direction) {
  copies_summary out;
  out.trials = c.trials;
  out.aggregate = how;
  out.value = aggregate_copies(c.values, how, direction);
  out.min = *std::min_element(c.values.begin(), c.values.end());
  out.max = *std::max_element(c.values.begin(), c.values.end());
  if (c.values.size() > 1) {
    double mean = 0;
    for (double v : c.values) mean += v;
    mean /= static_cast<double>(c.values.size());
    double squares = 0;
    for (double v : c.values) squares += (v - mean) * (v - mean);
    out.stddev = std::sqrt(squares / static_cast<double>(c.values.size() - 1));
  }
  return out;
}

}  // namespace

std::optional<best_result> find_best(const study& s) {
  const auto judged_by = repeat_judgement(s.spec());
  if (!judged_by) return best_trial_of(s);
  // Copies share their parameters exactly; so do the configurations a
  // search happens to propose twice, which are then one configuration.
  std::map<std::reference_wrapper<const params>, configuration, std::less<params>> configurations;
  for (const auto& t : s.trials()) {
    if (t.record.status != trial_status::completed || !eligible(s, t)) continue;
    const auto v = s.value_of(t);
    if (!v) continue;
    auto& c = configurations[std::cref(t.record.parameters)];
    if (!c.first) c.first = &t;
    c.trials.push_back(t.record.id);
    c.values.push_back(v->objective);
  }
  const goal direction = s.spec().objective().direction;
  std::optional<best_result> best;
  for (const auto& [parameters, c] : configurations) {
    auto copies = summarize_copies(c, *judged_by, direction);
    if (!best || better(direction, copies.value, best->value) ||
        (copies.value == best->value && c.first->record.id < best->trial->record.id))
      best = best_result{c.first, copies.value, std::move(copies), {}};
  }
  return best;
}

}  // namespace summit::model
