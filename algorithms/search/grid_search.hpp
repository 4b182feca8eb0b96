#pragma once
// Grid search (SHERPA's GridSearch): the cartesian product of each
// parameter's grid_values() — num_grid_points points inside each numeric
// range, every value of choice and ordinal parameters. Points run in
// lexicographic order, the first parameter varying slowest. Done after the
// last point, or after max_trials of them.

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct grid_config {
  int num_grid_points = 2;
  std::optional<std::int64_t> max_trials;
};

class grid_search final : public algorithm {
 public:
  grid_search(const search_space& space, grid_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

  /// Number of points in the whole grid; nothing past 2^64 - 1.
  std::optional<std::uint64_t> size() const { return size_; }
  /// The i-th point, i < size(): lexicographic, the first parameter slowest.
  params point(std::size_t i) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::vector<value>> axes_;
  std::optional<std::uint64_t> size_;
  grid_config config_;
};

}  // namespace summit::algorithms
