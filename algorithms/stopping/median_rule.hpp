#pragma once
// The median stopping rule of SHERPA's MedianStoppingRule and Golovin et al.
// (Google Vizier, 2017). When trial t reports, with T its highest iteration
// so far and b its best objective so far:
//   - T < min_iterations: carry on;
//   - every objective of t is NaN: stop;
//   - for each other trial, its best objective over iterations <= T (trials
//     with none are left out); fewer than min_trials of them: carry on;
//   - b worse than their median: stop.
// The other trials are all of them, as in SHERPA, or with completed_only
// only those that ran to their end, as in Vizier and Optuna's MedianPruner:
// the bar is then higher, since stopped trials no longer pull the median
// down, and more is saved.
//
// Cost: each trial keeps its best-so-far as a step function of the iteration;
// each iteration T at which a decision was asked keeps every trial's best up
// to T in an order-statistics tree. An observation updates the levels at or
// above its iteration where it improves the trial's best (usually few), and a
// decision is O(log n). A level is built once, in O(n log n), the first time
// a trial reaches that iteration. Memory is one entry per trial per level.

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "algorithms/stopping/stopping_rule.hpp"

namespace summit::algorithms {

class median_rule final : public stopping_rule {
 public:
  median_rule(goal direction, std::int64_t min_iterations, std::size_t min_trials, bool completed_only = false);
  ~median_rule() override;

  bool observe(trial_id trial, std::int64_t iteration, double objective) override;
  void trial_ended(trial_id trial, bool completed) override;

 private:
  /// A trial's best objective (minimized form) over iterations <= each
  /// iteration it reported: ascending iterations, non-increasing bests.
  struct curve {
    std::vector<std::pair<std::int64_t, double>> best_upto;
    std::int64_t last_iteration = -1;
    bool compared = false;  ///< in the levels: others are compared with it
  };
  class level;  // the order-statistics tree of one iteration

  static std::optional<double> best_upto(const curve& c, std::int64_t iteration);
  void record(curve& c, std::int64_t iteration, double value);
  level& level_at(std::int64_t iteration);

  goal direction_;
  std::int64_t min_iterations_;
  std::size_t min_trials_;
  bool completed_only_;
  std::unordered_map<trial_id, curve> curves_;
  std::map<std::int64_t, std::unique_ptr<level>> levels_;
};

}  // namespace summit::algorithms
