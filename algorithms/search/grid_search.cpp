#include "algorithms/search/grid_search.hpp"

#include <algorithm>

namespace summit::algorithms {

namespace {

// A conditional grid this small is made whole at once, so that its size is
// known from the start (progress display); a bigger one as it runs.
constexpr std::uint64_t eager_limit = 100000;

std::string key_of(const params& p) {
  std::string key;
  for (const auto& [name, v] : p) key += name + '=' + to_text(v) + '\x1f';
  return key;
}

}  // namespace

grid_search::grid_search(const search_space& space, grid_config config)
    : space_(space), size_(grid_size(space, config.num_grid_points)), config_(config) {
  for (const auto& p : space.parameters()) {
    names_.push_back(p.name);
    axes_.push_back(grid_values(p, config.num_grid_points));
  }
  if (space_.conditional() && size_ && *size_ <= eager_limit) distinct_up_to(SIZE_MAX);
}

params grid_search::product_point(std::uint64_t i) const {
  params out;
  for (std::size_t k = axes_.size(); k-- > 0;) {
    const auto& axis = axes_[k];
    out.emplace(names_[k], axis[i % axis.size()]);
    i /= axis.size();
  }
  return out;
}

void grid_search::distinct_up_to(std::size_t i) {
  const std::uint64_t end = size_.value_or(UINT64_MAX);
  while (distinct_.size() <= i && cursor_ < end) {
    params p = space_.active_part(product_point(cursor_++));
    if (seen_.insert(key_of(p)).second) distinct_.push_back(std::move(p));
  }
}

params grid_search::point(std::size_t i) {
  if (!space_.conditional()) return product_point(i);
  distinct_up_to(i);
  return distinct_[i];
}

suggestion grid_search::suggest(const history& h) {
  const std::size_t next = h.count(trial_origin::algorithm);
  if (const auto planned = planned_trials(); planned && next >= *planned) return suggestion::done();
  if (space_.conditional()) {
    distinct_up_to(next);
    if (next >= distinct_.size()) return suggestion::done();
  }
  return suggestion::run(point(next));
}

std::optional<std::size_t> grid_search::planned_trials() const {
  // A grid past 2^64 points runs its first max_trials (the study file
  // refuses one without max_trials); its points are made one at a time.
  const auto max = config_.max_trials ? static_cast<std::uint64_t>(*config_.max_trials) : UINT64_MAX;
  if (space_.conditional()) {
    const bool whole = size_ && cursor_ >= *size_;
    if (whole) return std::min<std::uint64_t>(distinct_.size(), max);
    return config_.max_trials ? std::optional<std::size_t>(max) : std::nullopt;
  }
  if (!size_) return config_.max_trials ? std::optional<std::size_t>(max) : std::nullopt;
  return std::min(*size_, max);
}

}  // namespace summit::algorithms
