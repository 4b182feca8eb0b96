#pragma once
// A validated study (PRODUCT.md §2). Produced only by parse_study() in
// study_file.hpp, so every study_spec in the system has passed validation;
// to_json() gives its canonical form, which is what the log stores and what
// parse_study() reads back to the same spec.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "algorithms/core/types.hpp"
#include "algorithms/core/value.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms {

struct objective_spec {
  std::string metric = "objective";
  goal direction = goal::minimize;
  aggregate reduce = aggregate::best;
};

struct algorithm_spec {
  std::string name;                       ///< grid | random | iterate | bayesian | asha
  std::optional<std::int64_t> max_trials; ///< configurations, retries not counted
  std::optional<std::uint64_t> seed;      ///< chosen at submission when the file has none
  int num_grid_points = 2;                ///< grid
  std::vector<params> points;             ///< iterate
  std::string acquisition = "ei";         ///< bayesian: ei | pi | lcb
  std::optional<int> num_initial;         ///< bayesian: random points first (default: parameters + 1)
  std::vector<params> initial_points;     ///< bayesian: run before the random ones
  std::int64_t r = 1;                     ///< asha: minimum resource
  std::int64_t R = 9;                     ///< asha: maximum resource
  std::int64_t eta = 3;                   ///< asha: reduction factor
  std::int64_t s = 0;                     ///< asha: minimum early-stopping rate
  std::int64_t max_finished_configs = 50; ///< asha: done after this many reach the top rung
  std::int64_t population_size = 20;      ///< pbt
  std::int64_t num_generations = 0;       ///< pbt (required)
  std::vector<double> perturbation_factors{0.8, 1.2};  ///< pbt, local_search
  std::map<std::string, std::pair<double, double>> parameter_range;  ///< pbt: bounds of perturbed values
  params seed_configuration;              ///< local_search (required)
  std::int64_t repeat_trials = 1;         ///< local_search: runs of each configuration
  std::int64_t repeat_times = 1;          ///< repeat: runs of each configuration (1: no repeat)
  bool repeat_wait = false;               ///< repeat: no new configuration while repeats run
  std::string repeat_aggregate = "mean";  ///< repeat: mean | median | best, what the algorithm sees
};

struct stopping_spec {
  std::string rule = "none";              ///< none | threshold | median
  double threshold = 0;                   ///< threshold: worse than this stops
  std::int64_t min_iterations = 0;        ///< no stop before this iteration
  std::int64_t min_trials = 1;            ///< median: comparison trials needed
  std::string compare_with = "all";       ///< median: all | completed (trials compared with)
};

struct study_spec {
  std::string name;
  std::string command;
  objective_spec objective;
  algorithm_spec algorithm;
  stopping_spec stopping;
  int max_concurrent = 0;                 ///< 0: as many as there are slots
  int retries = 0;
  search_space space;
  std::vector<params> enqueue;            ///< run first, ahead of the algorithm's own
};

/// The canonical JSON form, keys in a fixed order and parameters in the
/// file's order: parse_study(to_json(s).dump()) gives s back, and two specs
/// are the same study exactly when their canonical dumps are equal.
nlohmann::ordered_json to_json(const study_spec& s);

}  // namespace summit::algorithms
