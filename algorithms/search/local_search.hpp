#pragma once
// Local search (SHERPA's LocalSearch): start from a good configuration and
// change one parameter at a time. The neighbours of a configuration are, for
// each parameter in the file's order: a numeric value multiplied by each of
// perturbation_factors (clipped to the range, discrete ones rounded), an
// ordinal one step down and up, a choice drawn again among its other values.
// Each configuration runs repeat_trials times and counts by the mean of its
// COMPLETED runs. As soon as evaluated neighbours of the current centre are
// better than it, the best of them becomes the centre; the search is done
// when every neighbour of the centre has been evaluated and none is better.
//
// With several trials at once, untried neighbours are handed out while others
// run. The centre and everything else follow from the history alone.

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct local_search_config {
  params seed_configuration;
  std::vector<double> perturbation_factors{0.8, 1.2};
  std::int64_t repeat_trials = 1;
  std::uint64_t seed = 0;
};

class local_search final : public algorithm {
 public:
  local_search(search_space space, local_search_config config);
  suggestion suggest(const history& h) override;

  /// The neighbours of centre, the step-th centre of the search.
  std::vector<params> neighbours(const params& centre, std::size_t step) const;

 private:
  search_space space_;
  local_search_config config_;
};

}  // namespace summit::algorithms
