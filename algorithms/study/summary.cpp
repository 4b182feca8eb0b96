#include "algorithms/study/summary.hpp"

#include "algorithms/search/make_algorithm.hpp"

namespace summit::algorithms {

study_summary summarize(const study& s) {
  study_summary out;
  out.id = s.id();
  out.name = s.spec().name;
  out.state = s.record().state;
  out.archived = s.record().archived;
  out.counts = s.counts();
  out.planned = make_algorithm(s.spec())->planned_trials();
  out.metric = s.spec().objective.metric;
  out.direction = s.spec().objective.direction;
  out.observations = s.observation_count();
  if (const trial* best = s.best_trial()) {
    out.best = best->record.id;
    out.best_value = s.value_of(*best)->objective;
    out.best_parameters = best->record.parameters;
  }
  return out;
}

nlohmann::ordered_json to_json(const study_summary& s) {
  nlohmann::ordered_json j;
  j["id"] = s.id;
  j["name"] = s.name;
  j["state"] = std::string(to_string(s.state));
  j["archived"] = s.archived;
  j["counts"] = {{"RUNNING", s.counts.running},
                 {"COMPLETED", s.counts.completed},
                 {"FAILED", s.counts.failed},
                 {"STOPPED", s.counts.stopped}};
  j["planned"] = s.planned ? nlohmann::ordered_json(*s.planned) : nlohmann::ordered_json(nullptr);
  j["metric"] = s.metric;
  j["goal"] = std::string(to_string(s.direction));
  if (s.best)
    j["best"] = {{"trial", *s.best},
                 {"objective", *s.best_value},
                 {"parameters", nlohmann::ordered_json(summit::to_json(s.best_parameters))}};
  else
    j["best"] = nullptr;
  j["observations"] = s.observations;
  return j;
}

}  // namespace summit::algorithms
