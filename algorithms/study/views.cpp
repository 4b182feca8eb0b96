#include "algorithms/study/views.hpp"

#include "algorithms/study/results_table.hpp"
#include "algorithms/study/summary.hpp"

namespace summit::algorithms {

namespace {

nlohmann::ordered_json trial_json(const study& s, const trial& t) {
  const auto v = s.value_of(t);
  nlohmann::ordered_json j;
  j["id"] = t.record.id;
  j["status"] = std::string(to_string(t.record.status));
  j["parameters"] = nlohmann::ordered_json(summit::to_json(t.record.parameters));
  j["last_iteration"] = t.observations.empty() ? nlohmann::ordered_json(nullptr)
                                               : nlohmann::ordered_json(t.observations.back().iteration);
  j["objective"] = v ? nlohmann::ordered_json(v->objective) : nlohmann::ordered_json(nullptr);
  j["origin"] = std::string(to_string(t.record.origin));
  if (t.record.origin == trial_origin::retry) j["retry_of"] = t.record.retry_of;
  if (!t.record.worker.empty()) j["worker"] = t.record.worker;
  if (!t.record.reason.empty()) j["reason"] = t.record.reason;
  return j;
}

/// The search space as the dashboard draws its axes: numeric ranges with
/// their scale, choices and ordinals with their values in order.
nlohmann::ordered_json space_json(const search_space& space) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : space.parameters()) {
    nlohmann::ordered_json j;
    j["name"] = p.name;
    j["type"] = std::string(to_string(p.type));
    if (p.is_numeric()) {
      j["scale"] = std::string(to_string(p.scaling));
      j["range"] = {p.low, p.high};
    } else {
      auto values = nlohmann::ordered_json::array();
      for (const auto& v : p.values) values.push_back(nlohmann::ordered_json(summit::to_json(v)));
      j["values"] = std::move(values);
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

nlohmann::ordered_json list_view(const registry& r, bool include_archived) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& [id, s] : r.studies())
    if (include_archived || !s.record().archived) out.push_back(to_json(summarize(s)));
  return out;
}

nlohmann::ordered_json show_view(const study& s) {
  auto j = to_json(summarize(s));
  j["space"] = space_json(s.spec().space);
  auto trials = nlohmann::ordered_json::array();
  for (const auto& t : s.trials()) trials.push_back(trial_json(s, t));
  j["trials"] = std::move(trials);
  return j;
}

expected<nlohmann::ordered_json> best_view(const study& s) {
  const trial* best = s.best_trial();
  if (!best) return make_error("study " + std::to_string(s.id()) + " has no completed trial yet");
  auto j = trial_json(s, *best);
  j["metric"] = s.spec().objective.metric;
  return j;
}

expected<nlohmann::ordered_json> metrics_view(const study& s, const std::string& metric) {
  const std::string& objective = s.spec().objective.metric;
  const std::string name = metric.empty() ? objective : metric;
  const auto& names = s.metric_names();
  const auto found = std::find(names.begin(), names.end(), name);
  const bool is_objective = name == objective;
  if (!is_objective && found == names.end())
    return make_error("study " + std::to_string(s.id()) + " has no metric '" + name + "'");
  const auto index = static_cast<std::uint32_t>(found - names.begin());

  nlohmann::ordered_json j;
  j["metric"] = name;
  auto all = nlohmann::ordered_json::array({objective});
  for (const auto& n : names)
    if (n != objective) all.push_back(n);
  j["names"] = std::move(all);
  auto series = nlohmann::ordered_json::array();
  for (const auto& t : s.trials()) {
    auto points = nlohmann::ordered_json::array();
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

expected<std::string> export_view(const study& s, const std::string& format) {
  const auto table = make_results_table(s);
  if (format == "csv") return to_csv(table);
  if (format == "json") return to_json(table).dump(2) + "\n";
  return make_error("--format must be csv or json, got '" + format + "'");
}

}  // namespace summit::algorithms
