#include "algorithms/stopping/median_rule.hpp"
#include "algorithms/stopping/stopping_rule.hpp"
#include "algorithms/stopping/threshold_rule.hpp"

namespace summit::algorithms {

std::unique_ptr<stopping_rule> make_stopping_rule(const model::study_spec& spec) {
  const auto& s = spec.stopping;
  switch (s.rule) {
    case model::stopping_rule_kind::threshold:
      return std::make_unique<threshold_rule>(spec.objective().direction, s.threshold, s.min_iterations);
    case model::stopping_rule_kind::median:
      return std::make_unique<median_rule>(spec.objective().direction, s.min_iterations,
                                           static_cast<std::size_t>(s.min_trials),
                                           s.compare_with == model::compare_with::completed);
    case model::stopping_rule_kind::none: break;
  }
  return std::make_unique<never_stop>();
}

}  // namespace summit::algorithms
