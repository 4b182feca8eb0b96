#pragma once
// A study at a glance: what `summit run` shows while it runs, what
// `study list` prints, and what every study command answers about a study.

#include <optional>
#include <string>

#include "model/results/best.hpp"
#include "model/state/study.hpp"

namespace summit::model {

struct study_summary {
  study_id id = 0;
  std::string name;
  study_state state = study_state::running;
  bool archived = false;
  status_counts counts;
  std::optional<std::size_t> planned;  ///< trials the algorithm will propose, when known
  std::string metric;               ///< the (first) objective's
  goal direction = goal::minimize;
  /// Several objectives: every one's metric and goal, the first included.
  std::vector<std::pair<std::string, goal>> objectives;
  std::size_t front = 0;  ///< several objectives: trials on the Pareto front
  std::optional<trial_id> best;
  std::optional<double> best_value;
  params best_parameters;
  std::optional<copies_summary> best_copies;  ///< when the study repeats configurations
  std::size_t observations = 0;
  /// What a running study waits for outside the coordinator, when it does:
  /// its algorithm process, or clients that ask for its trials. Set by the
  /// coordinator, not by summarize().
  std::string waiting;
};

/// planned: what the study's algorithm says (algorithms::planned_trials).
study_summary summarize(const study& s, std::optional<std::size_t> planned);

}  // namespace summit::model
