#pragma once
// Random search (Bergstra & Bengio 2012; SHERPA's RandomSearch): every
// configuration drawn independently and uniformly under each parameter's
// scale. Configuration n (enqueued ones included, retries not) draws from
// derive_seed(seed, n), so a seed reproduces the same sequence and a replayed
// study continues it exactly. Done after max_trials configurations; without
// max_trials it runs until stopped.

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct random_config {
  std::optional<std::int64_t> max_trials;
  std::uint64_t seed = 0;
};

class random_search final : public algorithm {
 public:
  random_search(search_space space, random_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  search_space space_;
  random_config config_;
};

}  // namespace summit::algorithms
