#include "algorithms/stopping/median_rule.hpp"
#include "algorithms/stopping/stopping_rule.hpp"
#include "algorithms/stopping/threshold_rule.hpp"

namespace summit::algorithms {

const std::vector<std::string>& known_stopping_rules() {
  static const std::vector<std::string> names{"none", "threshold", "median"};
  return names;
}

std::unique_ptr<stopping_rule> make_stopping_rule(const study_spec& spec) {
  const auto& s = spec.stopping;
  if (s.rule == "threshold")
    return std::make_unique<threshold_rule>(spec.objective.direction, s.threshold,
                                            s.min_iterations);
  if (s.rule == "median")
    return std::make_unique<median_rule>(spec.objective.direction, s.min_iterations,
                                         static_cast<std::size_t>(s.min_trials), s.compare_with == "completed");
  return std::make_unique<never_stop>();
}

}  // namespace summit::algorithms
