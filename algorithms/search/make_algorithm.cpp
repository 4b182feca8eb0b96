#include "algorithms/search/make_algorithm.hpp"

#include "algorithms/bayes/bayesian.hpp"
#include "algorithms/multi/nsga2.hpp"
#include "algorithms/search/asha.hpp"
#include "algorithms/search/enqueued.hpp"
#include "algorithms/search/grid_search.hpp"
#include "algorithms/search/iterate.hpp"
#include "algorithms/search/local_search.hpp"
#include "algorithms/search/pbt.hpp"
#include "algorithms/search/random_search.hpp"
#include "algorithms/search/repeat.hpp"

namespace summit::algorithms {

namespace {

/// One overload per algorithm of the table.
struct maker {
  const model::study_spec& spec;
  const algorithm_context& context;
  std::uint64_t seed = spec.algorithm.seed.value_or(0);

  std::unique_ptr<algorithm> operator()(const model::grid_options& o) const {
    return std::make_unique<grid_search>(spec.space, grid_config{o.num_grid_points, o.max_trials});
  }
  std::unique_ptr<algorithm> operator()(const model::random_options& o) const {
    return std::make_unique<random_search>(spec.space, random_config{o.max_trials, seed});
  }
  std::unique_ptr<algorithm> operator()(const model::iterate_options& o) const {
    return std::make_unique<iterate>(o.points);
  }
  std::unique_ptr<algorithm> operator()(const model::bayesian_options& o) const {
    return std::make_unique<bayes::bayesian>(
        spec.space, bayes::bayesian_config{o.max_trials, seed, o.acquisition, o.num_initial, o.initial_points});
  }
  std::unique_ptr<algorithm> operator()(const model::asha_options& o) const {
    return std::make_unique<asha>(
        spec.space, asha_config{o.r, o.R, o.eta, o.s, o.max_finished_configs, seed, context.checkpoint_dir});
  }
  std::unique_ptr<algorithm> operator()(const model::pbt_options& o) const {
    return std::make_unique<pbt>(spec.space, pbt_config{o.population_size, o.num_generations, o.perturbation_factors,
                                                        o.parameter_range, seed, context.checkpoint_dir});
  }
  std::unique_ptr<algorithm> operator()(const model::local_search_options& o) const {
    return std::make_unique<local_search>(
        spec.space, local_search_config{o.seed_configuration, o.perturbation_factors, o.repeat_trials, seed});
  }
  std::unique_ptr<algorithm> operator()(const model::nsga2_options& o) const {
    return std::make_unique<nsga2>(spec.space, nsga2_config{o.max_trials, static_cast<std::size_t>(o.population_size),
                                                            o.crossover_prob, o.mutation_prob, seed});
  }
  std::unique_ptr<algorithm> operator()(const model::external_options& o) const {
    return std::make_unique<external>(context.feed, external_config{o.max_trials});
  }
};

}  // namespace

std::unique_ptr<algorithm> make_algorithm(const model::study_spec& spec, const algorithm_context& context) {
  const auto& options = spec.algorithm.options;
  auto made = std::visit(maker{spec, context}, options);
  if (!spec.enqueue.empty()) {
    // A grid's or iterate's points are their own; the others count the
    // enqueued trials toward max_trials.
    const bool on_top = std::holds_alternative<model::grid_options>(options) ||
                        std::holds_alternative<model::iterate_options>(options);
    made = std::make_unique<enqueued>(spec.enqueue, std::move(made), on_top);
  }
  const auto& repeat_spec = spec.algorithm.repeat;
  if (repeat_spec.times > 1)
    made = std::make_unique<repeat>(std::move(made),
                                    repeat_config{repeat_spec.times, repeat_spec.wait, repeat_spec.aggregate});
  return made;
}

std::optional<std::size_t> planned_trials(const model::study_spec& spec) {
  return make_algorithm(spec)->planned_trials();
}

}  // namespace summit::algorithms
