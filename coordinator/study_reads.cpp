#include "coordinator/study_reads.hpp"

#include <algorithm>

#include "algorithms/importance/ped_anova.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "model/results/scores.hpp"

namespace summit::coordinator {

namespace {

using model::study_errc;

model::trial_row row_of(const model::study& s, const model::trial& t) {
  const auto v = s.value_of(t);
  const auto& r = t.record;
  std::vector<std::optional<double>> objectives;
  std::optional<double> violation;
  if (s.spec().multi_objective() || s.spec().constrained()) {
    auto scores = model::scores_of(s, t);
    if (s.spec().multi_objective()) objectives = std::move(scores.objectives);
    if (s.spec().constrained()) violation = scores.violation;
  }
  return model::trial_row{r.id,
                          r.status,
                          r.parameters,
                          t.observations.empty() ? std::nullopt : std::optional(t.observations.back().iteration),
                          v ? std::optional(v->objective) : std::nullopt,
                          r.origin,
                          r.retry_of,
                          r.worker,
                          r.reason,
                          r.status == trial_status::running ? 0 : r.ended_ms,
                          std::move(objectives),
                          violation};
}

model::importances importances_of(const model::study& s, double quantile) {
  model::importances out{s.spec().objective().metric, quantile, 0, 0, {}, ""};
  std::vector<algorithms::importance_input> completed;
  for (const auto& t : s.trials()) {
    if (t.record.status != trial_status::completed) continue;
    if (const auto v = s.value_of(t)) completed.push_back({&t.record.parameters, v->objective});
  }
  const auto found = algorithms::ped_anova(s.spec().space, completed, s.spec().objective().direction, quantile);
  if (!found) {
    out.note = found.error().message;
    return out;
  }
  out.trials = found->trials;
  out.top_trials = found->top_trials;
  for (const auto& p : found->parameters) out.parameters.emplace_back(p.name, p.importance);
  return out;
}

expected<model::study_reply> metrics_of(const model::study& s, const std::string& metric) {
  const std::string& objective = s.spec().objective().metric;
  const std::string name = metric.empty() ? objective : metric;
  const auto& names = s.metric_names();
  const auto found = std::find(names.begin(), names.end(), name);
  const bool is_objective = name == objective;
  if (!is_objective && found == names.end())
    return make_error(study_errc::unknown_metric, "study " + std::to_string(s.id()) + " has no metric '" + name + "'");
  const auto index = static_cast<std::uint32_t>(found - names.begin());
  model::metric_series out;
  out.metric = name;
  out.names.push_back(objective);
  for (const auto& n : names)
    if (n != objective) out.names.push_back(n);
  for (const auto& t : s.trials()) {
    model::metric_series::series one{t.record.id, {}};
    for (const auto& o : t.observations) {
      if (is_objective) {
        one.points.emplace_back(o.iteration, o.objective);
        continue;
      }
      for (const auto& [k, v] : o.context)
        if (k == index) one.points.emplace_back(o.iteration, v);
    }
    if (!one.points.empty()) out.trials.push_back(std::move(one));
  }
  return model::study_reply{std::move(out)};
}

/// One overload per command: the reads answer, the rest are refused.
struct reader {
  const model::registry& state;

  expected<model::study_reply> operator()(const model::list_studies& c) const {
    model::study_list out;
    for (const auto& [id, s] : state.studies())
      if (c.archived || !s.record().archived) out.studies.push_back(summary_of(s));
    return model::study_reply{std::move(out)};
  }
  expected<model::study_reply> operator()(const model::show_study& c) const {
    const auto* s = state.find(c.study);
    if (!s) return model::unknown_study(c.study);
    model::study_details out{summary_of(*s), s->spec().space.parameters(), {}};
    out.trials.reserve(s->trials().size());
    for (const auto& t : s->trials()) out.trials.push_back(row_of(*s, t));
    return model::study_reply{std::move(out)};
  }
  expected<model::study_reply> operator()(const model::show_best& c) const {
    const auto* s = state.find(c.study);
    if (!s) return model::unknown_study(c.study);
    const auto best = model::find_best(*s);
    if (!best) {
      const auto& spec = s->spec();
      const std::string which = spec.constrained()       ? "feasible completed trial (every objective reported, every constraint kept)"
                                : spec.multi_objective() ? "completed trial that reported every objective"
                                                         : "completed trial";
      return make_error(study_errc::no_completed_trial, "study " + std::to_string(c.study) + " has no " + which + " yet");
    }
    model::best_trial out{s->spec().objective().metric, row_of(*s, *best->trial), best->copies};
    if (s->spec().multi_objective()) {
      for (const auto& o : s->spec().objectives) out.metrics.push_back(o.metric);
      for (const auto* t : best->front) out.front.push_back(row_of(*s, *t));
    }
    return model::study_reply{std::move(out)};
  }
  expected<model::study_reply> operator()(const model::show_metrics& c) const {
    const auto* s = state.find(c.study);
    if (!s) return model::unknown_study(c.study);
    return metrics_of(*s, c.metric);
  }
  expected<model::study_reply> operator()(const model::export_results& c) const {
    const auto* s = state.find(c.study);
    if (!s) return model::unknown_study(c.study);
    return model::study_reply{model::make_results_table(*s)};
  }
  expected<model::study_reply> operator()(const model::show_importance& c) const {
    const auto* s = state.find(c.study);
    if (!s) return model::unknown_study(c.study);
    return model::study_reply{importances_of(*s, c.quantile)};
  }
  template <class Change>
  expected<model::study_reply> operator()(const Change& c) const {
    return make_error(study_errc::read_only, "study " + std::string(model::name_of(model::study_command{c})) +
                                                 " needs a running coordinator; --data only reads");
  }
};

}  // namespace

model::study_summary summary_of(const model::study& s) {
  return model::summarize(s, algorithms::planned_trials(s.spec()));
}

expected<model::study_reply> read(const model::registry& state, const model::study_command& command) {
  return std::visit(reader{state}, command);
}

}  // namespace summit::coordinator
