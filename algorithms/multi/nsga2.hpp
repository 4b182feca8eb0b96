#pragma once
// NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002) for several objectives and
// constraints, steady-state so that a free slot never waits for a
// generation to finish: each suggestion is one child of the current
// population, the best population_size COMPLETED trials by constrained
// non-dominated rank and then crowding distance (the paper's elitist
// survivor selection, over every trial so far). Two parents are picked by
// binary tournament (lower rank, then larger crowding distance) and bred:
// with crossover_prob, simulated binary crossover (SBX, η = 10) of each
// numeric or ordinal coordinate with probability 1/2 and a uniform pick of
// each choice; then each parameter mutates with mutation_prob (polynomial
// mutation, η = 10, or a fresh value of a choice). Coordinates are those of
// the unit cube (unit_cube.hpp), so log scales cross over on their scale.
// Until population_size trials exist, or while fewer than two have
// completed, suggestions are random. A child equal to an earlier trial is
// bred again (a few times), as the paper's real-coded runs never repeat.
//
// In a conditional space a parameter only one parent has is taken from it,
// and search_space::conform() drops what the child makes inactive and
// draws what it makes active.

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct nsga2_config {
  std::optional<std::int64_t> max_trials;
  std::size_t population_size = 20;
  double crossover_prob = 0.9;
  std::optional<double> mutation_prob;  ///< per parameter; default 1 / parameters
  std::uint64_t seed = 0;
};

class nsga2 final : public algorithm {
 public:
  nsga2(search_space space, nsga2_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  params child_of(const params& a, const params& b, random_engine& rng) const;

  search_space space_;
  nsga2_config config_;
};

}  // namespace summit::algorithms
