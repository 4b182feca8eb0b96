#include "algorithms/stopping/median_rule.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

// libstdc++'s policy-based tree keeps subtree sizes, so the k-th smallest
// entry (the median) is found in O(log n) where a std::multiset needs O(n).
#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

namespace summit::algorithms {

class median_rule::level {
 public:
  void insert(double value, trial_id trial) { tree_.insert({value, trial}); }
  void erase(double value, trial_id trial) { tree_.erase({value, trial}); }
  std::size_t size() const { return tree_.size(); }

  double median() const {
    const auto n = tree_.size();
    const double upper = tree_.find_by_order(n / 2)->first;
    return n % 2 ? upper : (tree_.find_by_order(n / 2 - 1)->first + upper) / 2;
  }

 private:
  using entry = std::pair<double, trial_id>;  // the trial id keeps equal values apart
  __gnu_pbds::tree<entry, __gnu_pbds::null_type, std::less<entry>, __gnu_pbds::rb_tree_tag,
                   __gnu_pbds::tree_order_statistics_node_update>
      tree_;
};

median_rule::median_rule(goal direction, std::int64_t min_iterations, std::size_t min_trials,
                         bool completed_only)
    : direction_(direction),
      min_iterations_(min_iterations),
      min_trials_(min_trials),
      completed_only_(completed_only) {}

median_rule::~median_rule() = default;

std::optional<double> median_rule::best_upto(const curve& c, std::int64_t iteration) {
  auto it = std::upper_bound(c.best_upto.begin(), c.best_upto.end(), iteration,
                             [](std::int64_t i, const auto& step) { return i < step.first; });
  if (it == c.best_upto.begin()) return std::nullopt;
  return std::prev(it)->second;
}

void median_rule::record(curve& c, std::int64_t iteration, double value) {
  auto& steps = c.best_upto;
  auto it = std::lower_bound(steps.begin(), steps.end(), iteration,
                             [](const auto& step, std::int64_t i) { return step.first < i; });
  if (it == steps.end() || it->first != iteration) {
    // Iterations usually arrive in order, so this is an append.
    if (it != steps.begin() && std::prev(it)->second <= value) return;  // improves nothing
    it = steps.insert(it, {iteration, value});
  }
  // The best up to every later iteration improves too, until one is as good.
  it->second = std::min(it->second, value);
  for (++it; it != steps.end() && it->second > value; ++it) it->second = value;
}

median_rule::level& median_rule::level_at(std::int64_t iteration) {
  auto& slot = levels_[iteration];
  if (!slot) {
    slot = std::make_unique<level>();
    for (const auto& [id, c] : curves_)
      if (c.compared)
        if (auto b = best_upto(c, iteration)) slot->insert(*b, id);
  }
  return *slot;
}

bool median_rule::observe(trial_id trial, std::int64_t iteration, double objective) {
  curve& c = curves_[trial];
  if (!completed_only_) c.compared = true;
  if (!std::isnan(objective)) {
    const double value = direction_ == goal::minimize ? objective : -objective;
    // Levels at or above this iteration see the new value where it beats the
    // trial's best so far; once it does not, it does not further up either.
    for (auto it = levels_.lower_bound(iteration); c.compared && it != levels_.end(); ++it) {
      const auto old = best_upto(c, it->first);
      if (old && *old <= value) break;
      if (old) it->second->erase(*old, trial);
      it->second->insert(value, trial);
    }
    record(c, iteration, value);
  }
  c.last_iteration = std::max(c.last_iteration, iteration);

  const std::int64_t reached = c.last_iteration;
  if (reached < min_iterations_) return false;
  const auto own = best_upto(c, reached);
  if (!own) return true;  // only NaN so far: the model diverged

  level& others = level_at(reached);
  if (c.compared) others.erase(*own, trial);
  const bool worse = others.size() >= min_trials_ && others.size() > 0 && *own > others.median();
  if (c.compared) others.insert(*own, trial);
  return worse;
}

void median_rule::trial_ended(trial_id trial, bool completed) {
  if (!completed_only_ || !completed) return;
  auto it = curves_.find(trial);
  if (it == curves_.end() || it->second.compared) return;
  it->second.compared = true;
  for (auto& [iteration, others] : levels_)
    if (auto b = best_upto(it->second, iteration)) others->insert(*b, trial);
}

}  // namespace summit::algorithms
