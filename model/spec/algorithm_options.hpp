#pragma once
// The table of algorithms. Each algorithm is one options struct below: its
// name, the keys its study-file section may hold (in the order error
// messages list them), the parameters it adds to
// every trial, and its options. `algorithm_options` lists them all; adding an
// algorithm is one struct here and one entry in that list, and the compiler
// then asks for the rest where it lives: reading and writing its section
// (model/study_file/algorithm_sections.cpp) and building it
// (algorithms/search/make_algorithm.cpp).
//
// Plain data: what an algorithm does with its options is in algorithms/.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/core/types.hpp"
#include "model/core/value.hpp"

namespace summit::model {

/// The acquisition function of `bayesian` (algorithms/bayes/acquisition.hpp).
enum class acquisition : std::uint8_t { ei, pi, lcb };

/// What `repeat` shows the inner algorithm for a configuration's runs.
enum class repeat_aggregate : std::uint8_t { mean, median, best };

std::string_view to_string(acquisition a);
std::string_view to_string(repeat_aggregate a);
std::optional<acquisition> acquisition_from(std::string_view name);
std::optional<repeat_aggregate> repeat_aggregate_from(std::string_view name);

/// The value of a configuration's copies, under a goal; values not empty.
double aggregate_copies(std::vector<double> values, repeat_aggregate how, goal direction);

struct grid_options {
  static constexpr std::string_view name = "grid";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 5> keys{"name", "max_trials", "seed", "num_grid_points", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::optional<std::int64_t> max_trials;
  int num_grid_points = 2;  ///< per numeric parameter
};

struct random_options {
  static constexpr std::string_view name = "random";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 4> keys{"name", "max_trials", "seed", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::optional<std::int64_t> max_trials;  ///< configurations, retries not counted
};

struct iterate_options {
  static constexpr std::string_view name = "iterate";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 4> keys{"name", "seed", "points", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::vector<params> points;  ///< at least one, each a full point of the space
};

struct bayesian_options {
  static constexpr std::string_view name = "bayesian";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 7> keys{
      "name", "max_trials", "seed", "acquisition", "num_initial", "initial_points", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::optional<std::int64_t> max_trials;
  model::acquisition acquisition = model::acquisition::ei;
  std::optional<int> num_initial;      ///< random points first (default: parameters + 1)
  std::vector<params> initial_points;  ///< run before the random ones
};

struct asha_options {
  static constexpr std::string_view name = "asha";
  static constexpr bool weighs_several_objectives = false;
  static constexpr std::array<std::string_view, 7> keys{"name", "seed", "r", "R", "eta", "s", "max_finished_configs"};
  static constexpr std::array<std::string_view, 4> own_parameters{"rung", "resource", "load_from", "save_to"};
  std::int64_t r = 1;    ///< minimum resource
  std::int64_t R = 9;    ///< maximum resource
  std::int64_t eta = 3;  ///< reduction factor
  std::int64_t s = 0;    ///< minimum early-stopping rate
  std::int64_t max_finished_configs = 50;  ///< done after this many reach the top rung
};

struct pbt_options {
  static constexpr std::string_view name = "pbt";
  static constexpr bool weighs_several_objectives = false;
  static constexpr std::array<std::string_view, 6> keys{
      "name", "seed", "population_size", "num_generations", "perturbation_factors", "parameter_range"};
  static constexpr std::array<std::string_view, 4> own_parameters{"generation", "load_from", "save_to", "lineage"};
  std::int64_t population_size = 20;
  std::int64_t num_generations = 0;  ///< required
  std::vector<double> perturbation_factors{0.8, 1.2};
  std::map<std::string, std::pair<double, double>> parameter_range;  ///< bounds of perturbed values
};

struct local_search_options {
  static constexpr std::string_view name = "local_search";
  static constexpr bool weighs_several_objectives = false;
  static constexpr std::array<std::string_view, 6> keys{
      "name", "seed", "seed_configuration", "perturbation_factors", "repeat_trials", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  params seed_configuration;  ///< required
  std::vector<double> perturbation_factors{0.8, 1.2};
  std::int64_t repeat_trials = 1;  ///< runs of each configuration
};

/// NSGA-II (Deb et al. 2002), steady-state so that a free slot never waits
/// for a generation: each suggestion breeds two parents picked by binary
/// tournament from the best population_size finished trials
/// (algorithms/multi/nsga2.hpp).
struct nsga2_options {
  static constexpr std::string_view name = "nsga2";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 6> keys{"name",           "max_trials",    "seed",
                                                        "population_size", "crossover_prob", "mutation_prob"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::optional<std::int64_t> max_trials;
  std::int64_t population_size = 20;
  double crossover_prob = 0.9;
  std::optional<double> mutation_prob;  ///< per parameter; default 1 / parameters
};

/// Suggestions from a process that connects to the coordinator and serves
/// them (SHERPA's "writing new algorithms": clients/python's
/// Connection.serve_algorithm and summit.Study); the study waits while none is connected.
struct external_options {
  static constexpr std::string_view name = "external";
  static constexpr bool weighs_several_objectives = true;
  static constexpr std::array<std::string_view, 4> keys{"name", "max_trials", "seed", "repeat"};
  static constexpr std::array<std::string_view, 0> own_parameters{};
  std::optional<std::int64_t> max_trials;  ///< configurations; else until the process says done
};

/// Which algorithm a study uses, with its options.
using algorithm_options = std::variant<grid_options, random_options, iterate_options, bayesian_options,
                                       asha_options, pbt_options, local_search_options, nsga2_options,
                                       external_options>;

/// `repeat:` (SHERPA's Repeat) around random, grid, iterate, bayesian or local_search.
struct repeat_spec {
  std::int64_t times = 1;  ///< runs of each configuration; 1: no repeat
  bool wait = false;       ///< no new configuration while repeats run
  repeat_aggregate aggregate = repeat_aggregate::mean;
};

struct algorithm_spec {
  algorithm_options options;
  std::optional<std::uint64_t> seed;  ///< chosen at submission when the file has none
  repeat_spec repeat;
};

/// The algorithm's name, as the study file writes it.
std::string_view name_of(const algorithm_options& options);

/// Options with their defaults for the algorithm of that name, if there is one.
std::optional<algorithm_options> algorithm_named(std::string_view name);

/// Whether the algorithm takes a study with several objectives or
/// constraints: it weighs them (nsga2, bayesian), or it has no use for values at all
/// (random, grid, iterate; external hands its process every metric).
bool weighs_several_objectives(const algorithm_options& options);

/// Whether the algorithm's next suggestion is the same whether or not a
/// running trial has ended: random, grid and iterate without repeat use no
/// value and count a running trial as made.
bool suggests_regardless_of_ends(const algorithm_spec& spec);

/// Every algorithm's name, in the table's order.
const std::vector<std::string>& algorithm_names();

/// The parameters the algorithm adds to every trial beside the search
/// space's (asha's rung, resource, load_from and save_to; pbt's generation,
/// load_from, save_to and lineage).
std::vector<std::string> own_parameters(const algorithm_options& options);

}  // namespace summit::model
