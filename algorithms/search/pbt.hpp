#pragma once
// Population based training (Jaderberg et al. 2017), as SHERPA's
// PopulationBasedTraining runs it: generation 1 is population_size random
// configurations; each later generation ranks the COMPLETED members of the
// one before and
//   - the top 80% go on from their own checkpoint, parameters unchanged;
//   - the other places are taken by copies of the top 20% (one drawn at
//     random each), loading that member's checkpoint, with every numeric
//     parameter multiplied by one of perturbation_factors and clipped to its
//     parameter_range (else the search range), discrete ones rounded, an
//     ordinal moved one step up or down and a choice drawn again.
// A generation starts when no trial of the previous one is running (the
// algorithm answers "wait" until then); done after num_generations.
//
// Each trial gets `generation` (from 1), `load_from` (empty in generation 1),
// `save_to` (<checkpoint_dir>/generation-<g>-member-<m>) and `lineage` (the
// ids of the trials whose checkpoints it continues, oldest first, comma
// separated). Like every algorithm here, a pure function of the history.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct pbt_config {
  std::int64_t population_size = 20;
  std::int64_t num_generations = 1;
  std::vector<double> perturbation_factors{0.8, 1.2};
  std::map<std::string, std::pair<double, double>> parameter_range;
  std::uint64_t seed = 0;
  std::string checkpoint_dir;
};

class pbt final : public algorithm {
 public:
  pbt(search_space space, pbt_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  params perturb(const params& p, random_engine& rng) const;
  params member(params p, std::int64_t generation, std::int64_t index, std::string load_from,
                std::string lineage) const;

  search_space space_;
  pbt_config config_;
};

}  // namespace summit::algorithms
