#include <algorithm>

#include "algorithms/search/algorithm.hpp"

namespace summit::algorithms {

std::size_t history::count(trial_origin origin) const {
  return static_cast<std::size_t>(std::count_if(
      trials.begin(), trials.end(), [origin](const trial_summary& t) { return t.origin == origin; }));
}

}  // namespace summit::algorithms
