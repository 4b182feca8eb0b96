#include "algorithms/search/grid_search.hpp"

#include <algorithm>

namespace summit::algorithms {

grid_search::grid_search(const search_space& space, grid_config config) : config_(config) {
  for (const auto& p : space.parameters()) {
    names_.push_back(p.name);
    axes_.push_back(grid_values(p, config.num_grid_points));
    size_ *= axes_.back().size();
  }
}

params grid_search::point(std::size_t i) const {
  params out;
  for (std::size_t k = axes_.size(); k-- > 0;) {
    const auto& axis = axes_[k];
    out.emplace(names_[k], axis[i % axis.size()]);
    i /= axis.size();
  }
  return out;
}

suggestion grid_search::suggest(const history& h) {
  const std::size_t next = h.count(trial_origin::algorithm);
  if (next >= *planned_trials()) return suggestion::done();
  return suggestion::run(point(next));
}

std::optional<std::size_t> grid_search::planned_trials() const {
  if (config_.max_trials)
    return std::min(size_, static_cast<std::size_t>(*config_.max_trials));
  return size_;
}

}  // namespace summit::algorithms
