#pragma once
// Grid search (SHERPA's GridSearch): the cartesian product of each
// parameter's grid_values() — num_grid_points points inside each numeric
// range, every value of choice and ordinal parameters. Points run in
// lexicographic order, the first parameter varying slowest. Done after the
// last point, or after max_trials of them.
//
// In a conditional space (`when:`) a product point keeps only its active
// values, and a point that equals an earlier one is skipped: SGD's momentum
// has grid points, Adam's runs have none, so Adam runs once per value of
// the other parameters, not once per momentum.

#include <unordered_set>

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

  /// The i-th point, i < planned_trials().
  params point(std::size_t i);

 private:
  params product_point(std::uint64_t i) const;
  /// Distinct points of a conditional grid, made up to index i (or the end).
  void distinct_up_to(std::size_t i);

  search_space space_;
  std::vector<std::string> names_;
  std::vector<std::vector<value>> axes_;
  std::optional<std::uint64_t> size_;  ///< of the product; nothing past 2^64 - 1
  grid_config config_;
  std::vector<params> distinct_;
  std::unordered_set<std::string> seen_;
  std::uint64_t cursor_ = 0;  ///< next product point distinct_up_to looks at
};

}  // namespace summit::algorithms
