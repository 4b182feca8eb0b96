#include "algorithms/search/iterate.hpp"

namespace summit::algorithms {

suggestion iterate::suggest(const history& h) {
  const std::size_t next = h.count(trial_origin::algorithm);
  if (next >= points_.size()) return suggestion::done();
  return suggestion::run(points_[next]);
}

}  // namespace summit::algorithms
