#include "algorithms/study/spec.hpp"

namespace summit::algorithms {

namespace {

nlohmann::ordered_json to_json(const parameter& p) {
  nlohmann::ordered_json j;
  j["type"] = std::string(to_string(p.type));
  if (p.is_numeric()) {
    if (p.type == parameter_type::discrete)
      j["range"] = {static_cast<std::int64_t>(p.low), static_cast<std::int64_t>(p.high)};
    else
      j["range"] = {p.low, p.high};
    j["scale"] = std::string(to_string(p.scaling));
  } else {
    j["values"] = nlohmann::ordered_json::array();
    for (const auto& v : p.values) j["values"].push_back(nlohmann::ordered_json(summit::to_json(v)));
  }
  return j;
}

nlohmann::ordered_json to_json(const std::vector<params>& points) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& p : points) out.push_back(nlohmann::ordered_json(summit::to_json(p)));
  return out;
}

}  // namespace

nlohmann::ordered_json to_json(const study_spec& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["command"] = s.command;
  j["objective"] = {{"metric", s.objective.metric},
                    {"goal", std::string(to_string(s.objective.direction))},
                    {"aggregate", std::string(to_string(s.objective.reduce))}};
  auto& a = j["algorithm"];
  a["name"] = s.algorithm.name;
  if (s.algorithm.max_trials) a["max_trials"] = *s.algorithm.max_trials;
  if (s.algorithm.seed) a["seed"] = *s.algorithm.seed;
  if (s.algorithm.name == "grid") a["num_grid_points"] = s.algorithm.num_grid_points;
  if (s.algorithm.name == "iterate") a["points"] = to_json(s.algorithm.points);
  if (s.algorithm.name == "bayesian") {
    a["acquisition"] = s.algorithm.acquisition;
    if (s.algorithm.num_initial) a["num_initial"] = *s.algorithm.num_initial;
    if (!s.algorithm.initial_points.empty()) a["initial_points"] = to_json(s.algorithm.initial_points);
  }
  if (s.algorithm.name == "asha") {
    a["r"] = s.algorithm.r;
    a["R"] = s.algorithm.R;
    a["eta"] = s.algorithm.eta;
    a["s"] = s.algorithm.s;
    a["max_finished_configs"] = s.algorithm.max_finished_configs;
  }
  if (s.algorithm.name == "pbt") {
    a["population_size"] = s.algorithm.population_size;
    a["num_generations"] = s.algorithm.num_generations;
    a["perturbation_factors"] = s.algorithm.perturbation_factors;
    if (!s.algorithm.parameter_range.empty()) {
      auto& ranges = a["parameter_range"] = nlohmann::ordered_json::object();
      for (const auto& [name, range] : s.algorithm.parameter_range) ranges[name] = {range.first, range.second};
    }
  }
  if (s.algorithm.name == "local_search") {
    a["seed_configuration"] = nlohmann::ordered_json(summit::to_json(s.algorithm.seed_configuration));
    a["perturbation_factors"] = s.algorithm.perturbation_factors;
    a["repeat_trials"] = s.algorithm.repeat_trials;
  }
  if (s.algorithm.repeat_times > 1) {
    a["repeat"] = {{"times", s.algorithm.repeat_times},
                   {"wait", s.algorithm.repeat_wait},
                   {"aggregate", s.algorithm.repeat_aggregate}};
  }
  if (s.stopping.rule != "none") {
    auto& stop = j["stopping"] = {{"rule", s.stopping.rule}};
    if (s.stopping.rule == "threshold") stop["threshold"] = s.stopping.threshold;
    stop["min_iterations"] = s.stopping.min_iterations;
    if (s.stopping.rule == "median") {
      stop["min_trials"] = s.stopping.min_trials;
      stop["compare_with"] = s.stopping.compare_with;
    }
  }
  if (s.max_concurrent > 0) j["max_concurrent"] = s.max_concurrent;
  j["retries"] = s.retries;
  auto& ps = j["parameters"] = nlohmann::ordered_json::object();
  for (const auto& p : s.space.parameters()) ps[p.name] = to_json(p);
  if (!s.enqueue.empty()) j["enqueue"] = to_json(s.enqueue);
  return j;
}

}  // namespace summit::algorithms
