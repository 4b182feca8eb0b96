#pragma once
// The best of a study. Without repeats, its best COMPLETED trial. When the
// study runs every configuration several times (`repeat:`, or local_search's
// `repeat_trials`), a single copy is no judge of its configuration: the best
// is the configuration whose completed copies' aggregate (repeat's
// `aggregate`, mean by default) is best, as SHERPA's Repeat.get_best_result
// judges it, shown with how many copies it had and how far they spread.
// With constraints only feasible trials count (scores.hpp). With several
// objectives the best is the Pareto front, best first under the first one.

#include <optional>
#include <vector>

#include "model/state/study.hpp"

namespace summit::model {

/// The completed copies of one configuration.
struct copies_summary {
  std::vector<trial_id> trials;  ///< oldest first
  repeat_aggregate aggregate = repeat_aggregate::mean;
  double value = 0;              ///< the aggregate of their values
  double min = 0, max = 0;
  double stddev = 0;             ///< the sample standard deviation; 0 for one copy
};

struct best_result {
  const model::trial* trial = nullptr;  ///< the best trial, or the configuration's oldest completed copy
  double value = 0;              ///< what it is judged by
  std::optional<copies_summary> copies;  ///< when the study repeats configurations
  /// Several objectives: the Pareto front, `trial` first.
  std::vector<const model::trial*> front;
};

std::optional<best_result> find_best(const study& s);

}  // namespace summit::model
