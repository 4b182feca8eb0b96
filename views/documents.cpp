#include "views/documents.hpp"

#include "algorithms/search/make_algorithm.hpp"
#include "views/results.hpp"

namespace summit::views {

namespace {

json trial_json(const model::study& s, const model::trial& t) {
  const auto v = s.value_of(t);
  json j;
  j["id"] = t.record.id;
  j["status"] = std::string(to_string(t.record.status));
  j["parameters"] = json(to_json(t.record.parameters));
  j["last_iteration"] = t.observations.empty() ? json(nullptr)
                                               : json(t.observations.back().iteration);
  j["objective"] = v ? json(v->objective) : json(nullptr);
  j["origin"] = std::string(to_string(t.record.origin));
  if (t.record.origin == trial_origin::retry) j["retry_of"] = t.record.retry_of;
  if (!t.record.worker.empty()) j["worker"] = t.record.worker;
  if (!t.record.reason.empty()) j["reason"] = t.record.reason;
  return j;
}

/// The search space as the dashboard draws its axes: numeric ranges with
/// their scale, choices and ordinals with their values in order.
json space_json(const model::search_space& space) {
  auto out = json::array();
  for (const auto& p : space.parameters()) {
    json j;
    j["name"] = p.name;
    j["type"] = std::string(to_string(p.type));
    if (p.is_numeric()) {
      j["scale"] = std::string(to_string(p.scaling));
      j["range"] = {p.low, p.high};
    } else {
      auto values = json::array();
      for (const auto& v : p.values) values.push_back(json(to_json(v)));
      j["values"] = std::move(values);
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

json list_view(const model::registry& r, bool include_archived) {
  auto out = json::array();
  for (const auto& [id, s] : r.studies())
    if (include_archived || !s.record().archived) out.push_back(to_json(model::summarize(s, algorithms::planned_trials(s.spec()))));
  return out;
}

json show_view(const model::study& s) {
  auto j = to_json(model::summarize(s, algorithms::planned_trials(s.spec())));
  j["space"] = space_json(s.spec().space);
  auto trials = json::array();
  for (const auto& t : s.trials()) trials.push_back(trial_json(s, t));
  j["trials"] = std::move(trials);
  return j;
}

expected<json> best_view(const model::study& s) {
  const model::trial* best = s.best_trial();
  if (!best) return make_error("study " + std::to_string(s.id()) + " has no completed trial yet");
  auto j = trial_json(s, *best);
  j["metric"] = s.spec().objective.metric;
  return j;
}

expected<json> metrics_view(const model::study& s, const std::string& metric) {
  const std::string& objective = s.spec().objective.metric;
  const std::string name = metric.empty() ? objective : metric;
  const auto& names = s.metric_names();
  const auto found = std::find(names.begin(), names.end(), name);
  const bool is_objective = name == objective;
  if (!is_objective && found == names.end())
    return make_error("study " + std::to_string(s.id()) + " has no metric '" + name + "'");
  const auto index = static_cast<std::uint32_t>(found - names.begin());

  json j;
  j["metric"] = name;
  auto all = json::array({objective});
  for (const auto& n : names)
    if (n != objective) all.push_back(n);
  j["names"] = std::move(all);
  auto series = json::array();
  for (const auto& t : s.trials()) {
    auto points = json::array();
    for (const auto& o : t.observations) {
      if (is_objective) {
        points.push_back({o.iteration, o.objective});
        continue;
      }
      for (const auto& [k, v] : o.context)
        if (k == index) points.push_back({o.iteration, v});
    }
    if (!points.empty()) series.push_back({{"trial", t.record.id}, {"points", std::move(points)}});
  }
  j["series"] = std::move(series);
  return j;
}

expected<std::string> export_view(const model::study& s, const std::string& format) {
  const auto table = model::make_results_table(s);
  if (format == "csv") return to_csv(table);
  if (format == "json") return to_json(table).dump(2) + "\n";
  return make_error("--format must be csv or json, got '" + format + "'");
}

}  // namespace summit::views
