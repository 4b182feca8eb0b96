#include "algorithms/search/make_algorithm.hpp"

#include "algorithms/bayes/bayesian.hpp"
#include "algorithms/search/asha.hpp"
#include "algorithms/search/enqueued.hpp"
#include "algorithms/search/grid_search.hpp"
#include "algorithms/search/iterate.hpp"
#include "algorithms/search/local_search.hpp"
#include "algorithms/search/pbt.hpp"
#include "algorithms/search/repeat.hpp"
#include "algorithms/search/random_search.hpp"

namespace summit::algorithms {

const std::vector<std::string>& known_algorithms() {
  static const std::vector<std::string> names{"grid", "random", "iterate", "bayesian", "asha", "pbt", "local_search"};
  return names;
}

const std::vector<std::string>& own_parameters(const std::string& algorithm) {
  static const std::vector<std::string> none, asha_names{"rung", "resource", "load_from", "save_to"},
      pbt_names{"generation", "load_from", "save_to", "lineage"};
  if (algorithm == "asha") return asha_names;
  if (algorithm == "pbt") return pbt_names;
  return none;
}

std::unique_ptr<algorithm> make_algorithm(const study_spec& spec, const algorithm_context& context) {
  const auto& a = spec.algorithm;
  std::unique_ptr<algorithm> made;
  if (a.name == "grid")
    made = std::make_unique<grid_search>(spec.space, grid_config{a.num_grid_points, a.max_trials});
  else if (a.name == "asha")
    made = std::make_unique<asha>(spec.space, asha_config{a.r, a.R, a.eta, a.s, a.max_finished_configs,
                                                          a.seed.value_or(0), context.checkpoint_dir});
  else if (a.name == "pbt")
    made = std::make_unique<pbt>(spec.space, pbt_config{a.population_size, a.num_generations, a.perturbation_factors,
                                                        a.parameter_range, a.seed.value_or(0), context.checkpoint_dir});
  else if (a.name == "local_search")
    made = std::make_unique<local_search>(
        spec.space, local_search_config{a.seed_configuration, a.perturbation_factors, a.repeat_trials, a.seed.value_or(0)});
  else if (a.name == "iterate")
    made = std::make_unique<iterate>(a.points);
  else if (a.name == "bayesian")
    made = std::make_unique<bayes::bayesian>(
        spec.space, bayes::bayesian_config{a.max_trials, a.seed.value_or(0),
                                           bayes::acquisition_from(a.acquisition).value_or(bayes::acquisition_kind::ei),
                                           a.num_initial, a.initial_points});
  else
    made = std::make_unique<random_search>(spec.space, random_config{a.max_trials, a.seed.value_or(0)});
  if (!spec.enqueue.empty())
    // A grid's or iterate's points are their own; random and bayesian count
    // the enqueued trials toward max_trials.
    made = std::make_unique<enqueued>(spec.enqueue, std::move(made), a.name == "grid" || a.name == "iterate");
  if (a.repeat_times > 1) {
    const auto how = a.repeat_aggregate == "median" ? repeat_aggregate::median
                     : a.repeat_aggregate == "best" ? repeat_aggregate::best
                                                    : repeat_aggregate::mean;
    made = std::make_unique<repeat>(std::move(made), repeat_config{a.repeat_times, a.repeat_wait, how});
  }
  return made;
}

}  // namespace summit::algorithms
