// nsga2: a steady-state NSGA-II that beats random search on ZDT1, keeps to
// constraints, and never makes a free slot wait (issue 18).

#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "scored_runs.hpp"
#include "algorithms/multi/nsga2.hpp"
#include "algorithms/multi/pareto.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

model::study_spec zdt_spec(const std::string& algorithm) {
  std::string parameters;
  for (int i = 1; i <= 6; ++i) parameters += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
  return test::spec_from("name: z\ncommand: run\nobjectives:\n  - {metric: f1, goal: minimize}\n"
                         "  - {metric: f2, goal: minimize}\nalgorithm: " + algorithm + "\nparameters:\n" + parameters);
}

test::outcome zdt1_6d(const params& p) { return test::zdt(p, 6); }

}  // namespace

TEST_CASE("nsga2 finds a larger hypervolume than random search on ZDT1", "[nsga2]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    const std::string options = ", max_trials: 300, seed: " + std::to_string(seed) + "}";
    auto genetic = make_algorithm(zdt_spec("{name: nsga2, population_size: 20" + options));
    auto random = make_algorithm(zdt_spec("{name: random" + options));
    const std::vector<goal> goals{goal::minimize, goal::minimize};
    const double bred = test::hypervolume_2d(test::drive_scored(*genetic, zdt1_6d, 300, goals), 1.1, 11);
    const double drawn = test::hypervolume_2d(test::drive_scored(*random, zdt1_6d, 300, goals), 1.1, 11);
    CAPTURE(seed, bred, drawn);
    CHECK(bred > drawn * 1.03);
    CHECK(bred < 11 * 1.1);
  }
}

TEST_CASE("nsga2 breeds towards the feasible region of a constrained problem", "[nsga2]") {
  // Binh and Korn's objectives, with its circles and a bound that leaves
  // 13% of the box feasible (x + y >= 6).
  const auto spec = test::spec_from(
      "name: bk\ncommand: run\nobjectives:\n  - {metric: f1, goal: minimize}\n  - {metric: f2, goal: minimize}\n"
      "constraints:\n  - {metric: c1, max: 25}\n  - {metric: c2, min: 7.7}\n  - {metric: c3, min: 6}\n"
      "algorithm: {name: nsga2, population_size: 16, seed: 4}\n"
      "parameters:\n  x: {type: continuous, range: [0, 5]}\n  y: {type: continuous, range: [0, 3]}\n");
  const auto xy = [](const params& p) { return std::pair{std::get<double>(p.at("x")), std::get<double>(p.at("y"))}; };
  const auto f = [&](const params& p) -> test::outcome {
    auto [x, y] = xy(p);
    const double c1 = (x - 5) * (x - 5) + y * y, c2 = (x - 8) * (x - 8) + (y + 3) * (y + 3);
    return {{4 * x * x + 4 * y * y, (x - 5) * (x - 5) + (y - 5) * (y - 5)}, {c1 - 25, 7.7 - c2, 6 - (x + y)}};
  };
  auto alg = make_algorithm(spec);
  const auto h = test::drive_scored(*alg, f, 200, {goal::minimize, goal::minimize});
  const auto feasible_share = [&](std::size_t from, std::size_t to) {
    std::size_t n = 0;
    for (std::size_t i = from; i < to; ++i) n += h.trials[i].violation == 0;
    return static_cast<double>(n) / static_cast<double>(to - from);
  };
  CAPTURE(feasible_share(0, 16), feasible_share(100, 200));
  CHECK(feasible_share(0, 16) < 0.4);
  CHECK(feasible_share(100, 200) >= 0.8);
}

TEST_CASE("nsga2 never waits, repeats itself from the same history, and stops at max_trials", "[nsga2]") {
  auto spec = zdt_spec("{name: nsga2, population_size: 4, max_trials: 30, seed: 9}");
  auto alg = make_algorithm(spec);
  history h;
  h.goals = {goal::minimize, goal::minimize};
  // Every trial still running: the slots are filled anyway.
  for (std::size_t i = 0; i < 10; ++i) {
    auto s = alg->suggest(h);
    REQUIRE(s.what == suggestion::kind::run);
    h.trials.push_back({i + 1, s.parameters, trial_status::running, s.origin, std::nullopt, -1, {}, 0});
  }
  for (auto& t : h.trials) {
    t.status = trial_status::completed;
    t.objectives = test::zdt(t.parameters, 6).objectives;
    t.objective = t.objectives[0];
  }
  h.trials[3].status = trial_status::failed;  // a failed trial is no parent
  const auto first = alg->suggest(h);
  const auto again = make_algorithm(spec)->suggest(h);
  CHECK(first.parameters == again.parameters);
  CHECK(spec.space.coerce(first.parameters).has_value());
  while (h.trials.size() < 30) h.trials.push_back({h.trials.size() + 1, first.parameters, trial_status::running,
                                                   trial_origin::algorithm, std::nullopt, -1, {}, 0});
  CHECK(alg->suggest(h).what == suggestion::kind::done);
}

TEST_CASE("nsga2 on one objective is a genetic algorithm that improves on its start", "[nsga2]") {
  const auto spec = test::spec_from(test::study_yaml(
      "  x: {type: continuous, range: [-5, 5]}\n  y: {type: continuous, range: [-5, 5]}\n  k: {type: choice, values: [a, b, c]}\n",
      "{name: nsga2, population_size: 10, seed: 2}"));
  auto alg = make_algorithm(spec);
  const auto f = [](const params& p) -> test::outcome {
    const double x = std::get<double>(p.at("x")), y = std::get<double>(p.at("y"));
    return {{x * x + y * y + (std::get<std::string>(p.at("k")) == "b" ? 0 : 1)}};
  };
  const auto h = test::drive_scored(*alg, f, 120, {goal::minimize});
  double best_start = 1e9, best_end = 1e9;
  for (std::size_t i = 0; i < h.trials.size(); ++i)
    (i < 10 ? best_start : best_end) = std::min(i < 10 ? best_start : best_end, *h.trials[i].objective);
  CAPTURE(best_start, best_end);
  CHECK(best_end < 0.1);
  CHECK(best_end < best_start);
}
