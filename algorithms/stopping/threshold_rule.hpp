#pragma once
// Threshold rule (as Optuna's ThresholdPruner): from min_iterations on, a
// trial whose objective is worse than `threshold` under the study's goal is
// stopped. Constant time per observation, no state.

#include "algorithms/stopping/stopping_rule.hpp"

namespace summit::algorithms {

class threshold_rule final : public stopping_rule {
 public:
  threshold_rule(goal direction, double threshold, std::int64_t min_iterations)
      : direction_(direction), threshold_(threshold), min_iterations_(min_iterations) {}

  bool observe(trial_id, std::int64_t iteration, double objective) override {
    return iteration >= min_iterations_ && better(direction_, threshold_, objective);
  }

 private:
  goal direction_;
  double threshold_;
  std::int64_t min_iterations_;
};

}  // namespace summit::algorithms
