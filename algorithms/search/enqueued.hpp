#pragma once
// Trials the user enqueued (the study file's `enqueue:` list, as Optuna's
// enqueue_trial) run first, in order, ahead of the wrapped algorithm's own.
// The wrapped algorithm sees them in the history like any other trial: a
// random search counts them toward max_trials, a grid or iterate list does
// not (their points are their own).

#include <memory>

#include "algorithms/search/algorithm.hpp"

namespace summit::algorithms {

class enqueued final : public algorithm {
 public:
  /// on_top: the points come on top of `next`'s own budget (grid, iterate)
  /// rather than inside it (random's max_trials).
  enqueued(std::vector<params> points, std::unique_ptr<algorithm> next, bool on_top)
      : points_(std::move(points)), next_(std::move(next)), on_top_(on_top) {}

  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  std::vector<params> points_;
  std::unique_ptr<algorithm> next_;
  bool on_top_;
};

}  // namespace summit::algorithms
