#include "algorithms/search/random_search.hpp"

namespace summit::algorithms {

random_search::random_search(search_space space, random_config config)
    : space_(std::move(space)), config_(config) {}

suggestion random_search::suggest(const history& h) {
  const std::size_t n = h.trials.size() - h.count(trial_origin::retry);
  if (config_.max_trials && n >= static_cast<std::size_t>(*config_.max_trials))
    return suggestion::done();
  random_engine rng(derive_seed(config_.seed, n));
  return suggestion::run(space_.sample(rng));
}

std::optional<std::size_t> random_search::planned_trials() const {
  if (!config_.max_trials) return std::nullopt;
  return static_cast<std::size_t>(*config_.max_trials);
}

}  // namespace summit::algorithms
