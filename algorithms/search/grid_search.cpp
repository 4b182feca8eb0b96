#include "algorithms/search/grid_search.hpp"

#include <algorithm>

namespace summit::algorithms {

grid_search::grid_search(const search_space& space, grid_config config)
    : size_(grid_size(space, config.num_grid_points)), config_(config) {
  for (const auto& p : space.parameters()) {
    names_.push_back(p.name);
    axes_.push_back(grid_values(p, config.num_grid_points));
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
  if (const auto planned = planned_trials(); planned && next >= *planned) return suggestion::done();
  return suggestion::run(point(next));
}

std::optional<std::size_t> grid_search::planned_trials() const {
  // A grid past 2^64 points runs its first max_trials (the study file
  // refuses one without max_trials); its points are made one at a time.
  const auto max = config_.max_trials ? static_cast<std::uint64_t>(*config_.max_trials) : UINT64_MAX;
  if (!size_) return config_.max_trials ? std::optional<std::size_t>(max) : std::nullopt;
  return std::min(*size_, max);
}

}  // namespace summit::algorithms
