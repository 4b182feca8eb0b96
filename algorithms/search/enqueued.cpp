#include "algorithms/search/enqueued.hpp"

namespace summit::algorithms {

suggestion enqueued::suggest(const history& h) {
  const std::size_t done = h.count(trial_origin::enqueued);
  if (done < points_.size()) return suggestion::run(points_[done], trial_origin::enqueued);
  return next_->suggest(h);
}

std::optional<std::size_t> enqueued::planned_trials() const {
  auto planned = next_->planned_trials();
  if (planned && on_top_) *planned += points_.size();
  return planned;
}

}  // namespace summit::algorithms
