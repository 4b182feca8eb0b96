#include "views/json.hpp"

namespace summit::views {

json to_json(const value& v) {
  return std::visit([](const auto& x) { return json(x); }, v);
}

json to_json(const params& p) {
  auto j = json::object();
  for (const auto& [name, v] : p) j[name] = to_json(v);
  return j;
}

json to_json(const model::copies_summary& c) {
  return {{"trials", c.trials}, {"aggregate", std::string(to_string(c.aggregate))}, {"value", c.value},
          {"min", c.min},       {"max", c.max},                                      {"stddev", c.stddev}};
}

json to_json(const model::study_summary& s) {
  json j;
  j["id"] = s.id;
  j["name"] = s.name;
  j["state"] = std::string(to_string(s.state));
  j["archived"] = s.archived;
  j["counts"] = {{"RUNNING", s.counts.running},
                 {"COMPLETED", s.counts.completed},
                 {"FAILED", s.counts.failed},
                 {"STOPPED", s.counts.stopped}};
  j["planned"] = s.planned ? json(*s.planned) : json(nullptr);
  j["metric"] = s.metric;
  j["goal"] = std::string(to_string(s.direction));
  if (s.best) {
    j["best"] = {{"trial", *s.best}, {"objective", *s.best_value}, {"parameters", to_json(s.best_parameters)}};
    if (s.best_copies) j["best"]["copies"] = to_json(*s.best_copies);
  } else
    j["best"] = nullptr;
  j["observations"] = s.observations;
  if (!s.waiting.empty()) j["waiting"] = s.waiting;
  if (!s.objectives.empty()) {
    j["objectives"] = json::array();
    for (const auto& [metric, direction] : s.objectives)
      j["objectives"].push_back({{"metric", metric}, {"goal", std::string(to_string(direction))}});
    j["front"] = s.front;
  }
  return j;
}

}  // namespace summit::views
