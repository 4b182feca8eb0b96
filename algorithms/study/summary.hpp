#pragma once
// A study at a glance: what `summit run` shows while it runs, what
// `study list` prints, and the object `--json` gives for each study.

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "algorithms/study/study.hpp"

namespace summit::algorithms {

struct study_summary {
  study_id id = 0;
  std::string name;
  study_state state = study_state::running;
  bool archived = false;
  status_counts counts;
  std::optional<std::size_t> planned;  ///< trials the algorithm will propose, when known
  std::string metric;
  goal direction = goal::minimize;
  std::optional<trial_id> best;
  std::optional<double> best_value;
  params best_parameters;
  std::size_t observations = 0;
};

study_summary summarize(const study& s);

/// {"id", "name", "state", "archived", "counts": {...}, "planned", "best":
/// {"trial", "objective", "parameters"} or null, "observations"}.
nlohmann::ordered_json to_json(const study_summary& s);

}  // namespace summit::algorithms
