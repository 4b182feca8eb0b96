// The study file's several objectives, constraints and conditional
// parameters (`when:`): what is read, what is refused, and the canonical
// form that reads back the same.

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "model/study_file/study_file.hpp"

using namespace summit;
using namespace summit::model;

namespace {

const std::string tradeoff_file = R"(name: tradeoff
command: python3 train.py --opt :optimizer: --momentum :momentum: --beta1 :beta1:
objectives:
  - {metric: val_loss, goal: minimize}
  - {metric: latency_ms, goal: minimize, aggregate: mean}
constraints:
  - {metric: memory_gb, max: 16}
  - {metric: accuracy, min: 0.5, max: 1}
algorithm: {name: nsga2, max_trials: 40, seed: 3, population_size: 8}
parameters:
  optimizer: {type: choice, values: [sgd, adam, rmsprop]}
  momentum:  {type: continuous, range: [0.5, 0.99], scale: reverse_log, when: {optimizer: sgd}}
  beta1:     {type: continuous, range: [0.8, 0.999], when: {optimizer: {in: [adam, rmsprop]}}}
  layers:    {type: discrete, range: [1, 3]}
  width2:    {type: discrete, range: [8, 64], when: {layers: {in: [2, 3]}}}
  width3:    {type: discrete, range: [8, 64], when: {layers: 3}}
)";

std::string tradeoff_error(const std::string& from, const std::string& to) {
  return test::error_with(tradeoff_file, from, to);
}

}  // namespace

TEST_CASE("a study file with several objectives, constraints and conditions reads as written", "[study_file]") {
  auto spec = parse_study(tradeoff_file, "study.yaml");
  REQUIRE(spec.has_value());
  REQUIRE(spec->objectives.size() == 2);
  CHECK(spec->multi_objective());
  CHECK(spec->objective().metric == "val_loss");
  CHECK(spec->objectives[0].reduce == aggregate::last);  // several objectives: one report's values
  CHECK(spec->objectives[1].reduce == aggregate::mean);
  REQUIRE(spec->constraints.size() == 2);
  CHECK(spec->constraints[0].metric == "memory_gb");
  CHECK_FALSE(spec->constraints[0].min);
  CHECK(*spec->constraints[0].max == 16);
  CHECK(*spec->constraints[1].min == 0.5);
  CHECK(spec->space.conditional());
  const auto* momentum = spec->space.find("momentum");
  REQUIRE(momentum->when.size() == 1);
  CHECK(momentum->when[0].parent == "optimizer");
  CHECK(momentum->when[0].values == std::vector<value>{std::string("sgd")});
  CHECK(spec->space.find("width2")->when[0].values == std::vector<value>{std::int64_t{2}, std::int64_t{3}});

  auto again = parse_study(canonical_text(*spec), "stored");
  REQUIRE(again.has_value());
  CHECK(canonical_text(*again) == canonical_text(*spec));
  CHECK(again->space.find("width3")->when[0].values == std::vector<value>{std::int64_t{3}});
}

TEST_CASE("one objective in a list, and one with constraints, keep the single-objective defaults", "[study_file]") {
  std::string text = tradeoff_file;
  text.replace(text.find("  - {metric: latency_ms, goal: minimize, aggregate: mean}\n"), 58, "");
  auto spec = parse_study(text, "study.yaml");
  REQUIRE(spec.has_value());
  CHECK_FALSE(spec->multi_objective());
  CHECK(spec->constrained());
  CHECK(spec->objective().reduce == aggregate::best);
  auto again = parse_study(canonical_text(*spec), "stored");
  REQUIRE(again.has_value());
  CHECK(again->constraints.size() == 2);
}

TEST_CASE("study file refuses bad objectives and constraints, naming line and key", "[study_file]") {
  CHECK(tradeoff_error("objectives:", "objective: {goal: minimize}\nobjectives:") ==
        "study.yaml:5: objectives: give objective (one) or objectives (a list), not both");
  CHECK(tradeoff_error("  - {metric: latency_ms, goal: minimize, aggregate: mean}", "  - {metric: val_loss, goal: maximize}") ==
        "study.yaml:5: objectives[1].metric: 'val_loss' is objective 0 already");
  CHECK(tradeoff_error("{metric: latency_ms, goal: minimize, aggregate: mean}", "{goal: minimize}") ==
        "study.yaml:5: objectives[1].metric: missing");
  CHECK(tradeoff_error("aggregate: mean", "aggregate: median") ==
        "study.yaml:5: objectives[1].aggregate: expected best, last or mean, got 'median'");
  CHECK(tradeoff_error("objectives:\n  - {metric: val_loss, goal: minimize}\n  - {metric: latency_ms, goal: minimize, aggregate: mean}",
                  "objectives: []") == "study.yaml:3: objectives: needs at least one objective");
  CHECK(tradeoff_error("  - {metric: val_loss, goal: minimize}", "  - 1") == "study.yaml:4: objectives[0]: expected a mapping, got a scalar");
  CHECK(tradeoff_error("{metric: memory_gb, max: 16}", "{metric: memory_gb}") ==
        "study.yaml:7: constraints[0]: needs min, max or both");
  CHECK(tradeoff_error("min: 0.5, max: 1", "min: 2, max: 1") ==
        "study.yaml:8: constraints[1]: min 2 is greater than max 1");
  CHECK(tradeoff_error("max: 16}", "max: 16, below: 3}") ==
        "study.yaml:7: constraints[0].below: unknown key (expected one of: metric, min, max)");
  CHECK(tradeoff_error("{metric: memory_gb, max: 16}", "{metric: width2, max: 16}") ==
        "study.yaml:7: constraints[0].metric: 'width2' is a column of the results table already (Trial-ID, Status, "
        "Iteration, Objective or a parameter): a trial could not report it; rename the metric");
  CHECK(tradeoff_error("{metric: latency_ms, goal: minimize, aggregate: mean}", "{metric: Objective, goal: minimize}") ==
        "study.yaml:5: objectives[1].metric: 'Objective' is a column of the results table already (Trial-ID, Status, "
        "Iteration, Objective or a parameter): a trial could not report it; rename the metric");
  CHECK(tradeoff_error("max: 16}", "max: .nan}") == "study.yaml:7: constraints[0].max: expected a finite number, got nan");
}

TEST_CASE("study file refuses bad conditions, naming line and key", "[study_file]") {
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {optimiser: sgd}") ==
        "study.yaml:12: parameters.momentum.when.optimiser: 'optimiser' names no parameter");
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {optimizer: sgdd}") ==
        "study.yaml:12: parameters.momentum.when.optimizer: 'sgdd' is not one of the values");
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {beta1: 0.9}") ==
        "study.yaml:12: parameters.momentum.when.beta1: 'beta1' is continuous; a condition needs a choice, "
        "ordinal or discrete parameter");
  CHECK(tradeoff_error("when: {layers: 3}", "when: {layers: 7}") ==
        "study.yaml:16: parameters.width3.when.layers: 7 is outside the range [1, 3]");
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {}") ==
        "study.yaml:12: parameters.momentum.when: needs at least one condition, as {optimizer: sgd}");
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {optimizer: {in: []}}") ==
        "study.yaml:12: parameters.momentum.when.optimizer.in: needs at least one value");
  CHECK(tradeoff_error("when: {optimizer: sgd}", "when: {optimizer: {is: sgd}}") ==
        "study.yaml:12: parameters.momentum.when.optimizer.is: unknown key (expected one of: in)");
  // A cycle, two parameters long and one long.
  CHECK(tradeoff_error("layers:    {type: discrete, range: [1, 3]}", "layers:    {type: discrete, range: [1, 3], when: {width3: 8}}") ==
        "study.yaml:14: parameters.layers.when: conditions form a cycle: 'layers' depends on itself through 'width3'");
  CHECK(tradeoff_error("when: {layers: 3}", "when: {width3: 8}") ==
        "study.yaml:16: parameters.width3.when: conditions form a cycle: 'width3' depends on itself through 'width3'");
}

TEST_CASE("an algorithm or rule that ranks by one objective refuses several objectives or constraints", "[study_file]") {
  CHECK(tradeoff_error("{name: nsga2, max_trials: 40, seed: 3, population_size: 8}", "{name: asha}") ==
        "study.yaml:4: objectives: asha ranks trials by one objective; with several objectives use nsga2 or "
        "bayesian, or random, grid or iterate");
  CHECK(tradeoff_error("{name: nsga2, max_trials: 40, seed: 3, population_size: 8}", "{name: bayesian, acquisition: lcb}") ==
        "study.yaml:9: algorithm.acquisition: lcb can be negative, so it cannot be weighed by the probability of "
        "feasibility; with constraints use ei or pi");
  CHECK(tradeoff_error("{name: nsga2, max_trials: 40, seed: 3, population_size: 8}",
                  "{name: random, repeat: {times: 3}}") ==
        "study.yaml:4: objectives: algorithm.repeat judges a configuration by one value; it cannot take several "
        "objectives");
  CHECK(tradeoff_error("parameters:", "stopping: {rule: median}\nparameters:") ==
        "study.yaml:10: stopping: the median rule compares one objective; a study with several objectives has no "
        "stopping rule");
  CHECK(tradeoff_error("population_size: 8}", "population_size: 1}") ==
        "study.yaml:9: algorithm.population_size: must be between 2 and 100000, got 1");
  CHECK(tradeoff_error("population_size: 8}", "population_size: 8, mutation_prob: 2}") ==
        "study.yaml:9: algorithm.mutation_prob: a probability is between 0 and 1, got 2");
  // One objective with constraints: asha is refused as well.
  std::string constrained = tradeoff_file;
  constrained.replace(constrained.find("  - {metric: latency_ms, goal: minimize, aggregate: mean}\n"), 58, "");
  constrained.replace(constrained.find("{name: nsga2, max_trials: 40, seed: 3, population_size: 8}"), 58, "{name: pbt, num_generations: 2}");
  auto spec = parse_study(constrained, "study.yaml");
  REQUIRE_FALSE(spec.has_value());
  CHECK(spec.error().message ==
        "study.yaml:6: constraints: pbt ranks trials by one objective; with constraints use nsga2 or bayesian, or "
        "random, grid or iterate");
}
