// bayesian with several objectives (a GP each, scalarized) and constraints (expected
// improvement × probability of feasibility), issue 18.

#include <cmath>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "scored_runs.hpp"
#include "algorithms/multi/pareto.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

double coordinate(const params& p, const std::string& name) { return std::get<double>(p.at(name)); }

test::outcome zdt1_4d(const params& p) { return test::zdt(p, 4); }
test::outcome zdt2_4d(const params& p) { return test::zdt(p, 4, true); }

model::study_spec zdt_study(const std::string& algorithm) {
  std::string parameters;
  for (int i = 1; i <= 4; ++i) parameters += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
  return test::spec_from("name: z\ncommand: run\nobjectives:\n  - {metric: f1, goal: minimize}\n"
                         "  - {metric: f2, goal: minimize}\nalgorithm: " + algorithm + "\nparameters:\n" + parameters);
}

/// DTLZ2: three objectives on x1..x4, a front on the unit sphere.
test::outcome dtlz2_4d(const params& p) {
  const double g = std::pow(coordinate(p, "x3") - 0.5, 2) + std::pow(coordinate(p, "x4") - 0.5, 2);
  const double a = coordinate(p, "x1") * M_PI / 2, b = coordinate(p, "x2") * M_PI / 2;
  return {{(1 + g) * std::cos(a) * std::cos(b), (1 + g) * std::cos(a) * std::sin(b), (1 + g) * std::sin(a)}};
}

}  // namespace

TEST_CASE("bayesian with two objectives covers more of ZDT1's and ZDT2's fronts than random search",
          "[bayesian_multi]") {
  // The whole fronts' hypervolumes: 1.1 · 2 - 1/3 ≈ 1.867 and 1.1 · 2 - 2/3 ≈ 1.533. ZDT2's is concave,
  // and its x1 = 0 end holds both objectives' least values for long: the
  // search must still spread along it.
  using problem = std::pair<test::outcome (*)(const params&), double>;
  for (const auto& [f, least] : {problem{zdt1_4d, 1.5}, problem{zdt2_4d, 1.2}})
    for (std::uint64_t seed : {1, 2}) {
      const std::string options = ", seed: " + std::to_string(seed) + "}";
      auto bayes = make_algorithm(zdt_study("{name: bayesian" + options));
      auto random = make_algorithm(zdt_study("{name: random" + options));
      const double modelled = test::hypervolume_2d(test::drive_scored(*bayes, f, 40, {goal::minimize, goal::minimize}), 1.1, 2);
      const double drawn = test::hypervolume_2d(test::drive_scored(*random, f, 40, {goal::minimize, goal::minimize}), 1.1, 2);
      CAPTURE(seed, least, modelled, drawn);
      CHECK(modelled > least);
      CHECK(modelled > drawn + 0.5);
    }
}

TEST_CASE("bayesian with three objectives covers more of DTLZ2's front than random search", "[bayesian_multi]") {
  std::string parameters;
  for (int i = 1; i <= 4; ++i) parameters += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
  const auto study = [&](const std::string& algorithm) {
    return test::spec_from("name: d\ncommand: run\nobjectives:\n  - {metric: f1, goal: minimize}\n"
                           "  - {metric: f2, goal: minimize}\n  - {metric: f3, goal: minimize}\nalgorithm: " +
                           algorithm + "\nparameters:\n" + parameters);
  };
  const std::vector<goal> goals(3, goal::minimize);
  for (std::uint64_t seed : {1, 2}) {
    const std::string options = ", seed: " + std::to_string(seed) + "}";
    auto bayes = make_algorithm(study("{name: bayesian" + options));
    auto random = make_algorithm(study("{name: random" + options));
    const double modelled = test::hypervolume_3d(test::drive_scored(*bayes, dtlz2_4d, 40, goals), 1.1);
    const double drawn = test::hypervolume_3d(test::drive_scored(*random, dtlz2_4d, 40, goals), 1.1);
    CAPTURE(seed, modelled, drawn);
    CHECK(modelled > 0.5);  // the whole front's is 1.1³ - π/6 ≈ 0.807
    CHECK(modelled > drawn + 0.05);
  }
}

TEST_CASE("bayesian with a constraint finds the best feasible point and suggests feasible ones", "[bayesian_multi]") {
  // min x² + y² subject to x + y >= 1: the optimum 0.5 is at (0.5, 0.5), on the bound.
  const auto spec = test::spec_from(
      "name: c\ncommand: run\nobjective: {metric: f, goal: minimize}\nconstraints:\n  - {metric: s, min: 1}\n"
      "algorithm: {name: bayesian, seed: 3}\n"
      "parameters:\n  x: {type: continuous, range: [0, 1]}\n  y: {type: continuous, range: [0, 1]}\n");
  const auto f = [](const params& p) -> test::outcome {
    const double x = coordinate(p, "x"), y = coordinate(p, "y");
    return {{x * x + y * y}, {1 - (x + y)}};
  };
  auto alg = make_algorithm(spec);
  const auto h = test::drive_scored(*alg, f, 30, {goal::minimize});
  double best = INFINITY;
  std::size_t feasible_late = 0;
  for (std::size_t i = 0; i < h.trials.size(); ++i) {
    if (h.trials[i].violation == 0) best = std::min(best, *h.trials[i].objective);
    feasible_late += i >= 15 && h.trials[i].violation == 0;
  }
  CAPTURE(best, feasible_late);
  CHECK(best < 0.55);
  CHECK(feasible_late >= 6);  // of 15: near the bound, about half fall on each side
}

TEST_CASE("bayesian with constraints and no feasible trial yet seeks feasibility, the same from a fresh instance",
          "[bayesian_multi]") {
  const auto spec = test::spec_from(
      "name: c\ncommand: run\nobjective: {metric: f, goal: minimize}\nconstraints:\n  - {metric: s, min: 1.8}\n"
      "algorithm: {name: bayesian, seed: 5, num_initial: 4}\n"
      "parameters:\n  x: {type: continuous, range: [0, 1]}\n  y: {type: continuous, range: [0, 1]}\n");
  history h;
  h.goals = {goal::minimize};
  // Four trials, all infeasible (x + y below 1.8); one never reported s.
  const std::vector<std::pair<double, double>> points{{0.1, 0.2}, {0.5, 0.3}, {0.7, 0.6}, {0.2, 0.9}};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto [x, y] = points[i];
    const std::optional<double> slack = i == 3 ? std::nullopt : std::optional(1.8 - (x + y));
    h.trials.push_back({i + 1, {{"x", x}, {"y", y}}, trial_status::completed, trial_origin::algorithm, x + y, 1,
                        {x + y}, slack ? *slack : INFINITY, {slack}});
  }
  auto first = make_algorithm(spec)->suggest(h);
  auto again = make_algorithm(spec)->suggest(h);
  REQUIRE(first.what == suggestion::kind::run);
  CHECK(first.parameters == again.parameters);
  CHECK(coordinate(first.parameters, "x") + coordinate(first.parameters, "y") > 1.3);  // towards the feasible corner
}
