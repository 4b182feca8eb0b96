#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/bayes/bayesian.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

/// Runs an algorithm sequentially on f for n trials; returns the history.
history run(algorithm& alg, const std::function<double(const params&)>& f, std::size_t n, goal g = goal::minimize) {
  history h;
  h.direction = g;
  for (std::size_t i = 0; i < n; ++i) {
    auto s = alg.suggest(h);
    if (s.what != suggestion::kind::run) break;
    h.trials.push_back({i + 1, s.parameters, trial_status::completed, s.origin, f(s.parameters), 1});
  }
  return h;
}

double x_of(const params& p) { return std::get<double>(p.at("x")); }

std::string bayes_yaml(const std::string& parameters, const std::string& options = "") {
  return test::study_yaml(parameters, "{name: bayesian, max_trials: 40, seed: 3" + options + "}");
}

}  // namespace

TEST_CASE("bayesian finds a 1-d quadratic's optimum within a few trials", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [-5, 5]}\n"));
  auto alg = make_algorithm(spec);
  auto h = run(*alg, [](const params& p) { return std::pow(x_of(p) - 1.3, 2); }, 12);
  double best = 1e9;
  for (const auto& t : h.trials) best = std::min(best, *t.objective);
  CHECK(best < 0.01);  // |x - 1.3| < 0.1 after 12 trials, 2 of them random
}

TEST_CASE("bayesian maximizes when the goal says so", "[bayes]") {
  auto spec = test::spec_from(
      "name: t\ncommand: run\nobjective: {goal: maximize}\nalgorithm: {name: bayesian, seed: 1}\n"
      "parameters:\n  x: {type: continuous, range: [0, 1]}\n");
  auto alg = make_algorithm(spec);
  auto h = run(*alg, [](const params& p) { return -std::pow(x_of(p) - 0.8, 2); }, 12, goal::maximize);
  double best = -1e9;
  for (const auto& t : h.trials) best = std::max(best, *t.objective);
  CHECK(best > -0.001);
}

TEST_CASE("bayesian is reproducible with a seed", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [-5, 5]}\n  y: {type: discrete, range: [0, 9]}\n"));
  auto f = [](const params& p) { return std::pow(x_of(p), 2) + std::get<std::int64_t>(p.at("y")); };
  auto a = run(*make_algorithm(spec), f, 10);
  auto b = run(*make_algorithm(spec), f, 10);
  for (std::size_t i = 0; i < 10; ++i) CHECK(a.trials[i].parameters == b.trials[i].parameters);
}

TEST_CASE("bayesian suggestions always lie inside random mixed spaces", "[bayes]") {
  random_engine rng(99);
  for (int space = 0; space < 8; ++space) {
    std::string parameters;
    const int count = 1 + static_cast<int>(rng.below(4));
    for (int i = 0; i < count; ++i) {
      const auto name = "p" + std::to_string(i);
      switch (rng.below(5)) {
        case 0: parameters += "  " + name + ": {type: continuous, range: [-2, 3]}\n"; break;
        case 1: parameters += "  " + name + ": {type: continuous, range: [0.001, 10], scale: log}\n"; break;
        case 2: parameters += "  " + name + ": {type: discrete, range: [1, 64], scale: log}\n"; break;
        case 3: parameters += "  " + name + ": {type: choice, values: [a, b, c]}\n"; break;
        default: parameters += "  " + name + ": {type: ordinal, values: [1, 2, 4, 8]}\n"; break;
      }
    }
    auto spec = test::spec_from(bayes_yaml(parameters));
    auto alg = make_algorithm(spec);
    random_engine noise(static_cast<std::uint64_t>(space));
    auto h = run(*alg, [&](const params&) { return noise.uniform(); }, 15);
    REQUIRE(h.trials.size() == 15);
    for (const auto& t : h.trials) {
      auto valid = spec.space.coerce(t.parameters);
      INFO(parameters << (valid ? "" : valid.error().message));
      CHECK(valid.has_value());
    }
  }
}

TEST_CASE("bayesian finds the best value of a choice, and the best value of x beside it", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n"
                                         "  opt: {type: choice, values: [sgd, adam, rmsprop, adagrad, lion]}\n"));
  auto alg = make_algorithm(spec);
  const auto f = [](const params& p) {
    return std::pow(x_of(p) - 0.7, 2) + (std::get<std::string>(p.at("opt")) == "rmsprop" ? 0.0 : 1.0);
  };
  auto h = run(*alg, f, 25);
  double best = 1e9;
  for (const auto& t : h.trials) best = std::min(best, *t.objective);
  CHECK(best < 0.01);
}

TEST_CASE("a choice of 20,000 values keeps a suggestion small: one coordinate, a sample of neighbours", "[bayes]") {
  // Issue 14, item 7: one-hot coordinates and a candidate per value near
  // every good point took 31 s and 509 MB for 2,000 values.
  std::string values;
  for (int i = 0; i < 20000; ++i) values += (i ? ", v" : "v") + std::to_string(i);
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n  c: {type: choice, values: [" +
                                         values + "]}\n", ", num_initial: 3"));
  CHECK(spec.space.dimensions() == 2);
  auto alg = make_algorithm(spec);
  const auto f = [](const params& p) {
    const auto& c = std::get<std::string>(p.at("c"));
    return std::pow(x_of(p) - 0.3, 2) + static_cast<double>(std::stoi(c.substr(1)) % 97) / 97;
  };
  auto h = run(*alg, f, 12);
  REQUIRE(h.trials.size() == 12);
  for (const auto& t : h.trials) CHECK(spec.space.coerce(t.parameters).has_value());
}

TEST_CASE("suggestions are the same whether refits ran as background jobs or in the suggestions", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [-2, 2]}\n  y: {type: discrete, range: [0, 9]}\n"));
  bayes::bayesian_config config;
  config.max_trials = 60;
  config.seed = 5;
  bayes::bayesian jobs_run(spec.space, config), jobs_dropped(spec.space, config);
  const auto f = [](const params& p) {
    return std::sin(3 * x_of(p)) + std::pow(static_cast<double>(std::get<std::int64_t>(p.at("y"))) - 4.5, 2) / 10;
  };
  history a, b;
  std::size_t ran = 0;
  for (trial_id i = 1; i <= 60; ++i) {
    const auto s = jobs_run.suggest(a), t = jobs_dropped.suggest(b);
    for (auto& job : jobs_run.take_background_jobs()) {
      job.run()();
      ++ran;
    }
    CHECK(jobs_run.take_background_jobs().empty());  // each handed out once
    (void)jobs_dropped.take_background_jobs();
    REQUIRE(s.what == suggestion::kind::run);
    CHECK(s.parameters == t.parameters);
    a.trials.push_back({i, s.parameters, trial_status::completed, s.origin, f(s.parameters), 1});
    b.trials.push_back({i, t.parameters, trial_status::completed, t.origin, f(t.parameters), 1});
  }
  CHECK(ran == 7);  // the fits due at 23, 27, 32, 37, 43, 50 and 58 points
}

TEST_CASE("past model_points the GP conditions on a subset and still finds the optimum", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n  y: {type: continuous, range: [0, 1]}\n"));
  bayes::bayesian_config config;
  config.max_trials = 80;
  config.seed = 11;
  config.model_points = 24;
  bayes::bayesian alg(spec.space, config);
  auto h = run(alg, [](const params& p) { return std::pow(x_of(p) - 0.7, 2) + std::pow(std::get<double>(p.at("y")) - 0.2, 2); }, 80);
  REQUIRE(h.trials.size() == 80);
  double best = 1e9;
  for (const auto& t : h.trials) best = std::min(best, *t.objective);
  CHECK(best < 1e-3);
}

TEST_CASE("suggestions made while trials run are distinct from them", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n"));
  auto alg = make_algorithm(spec);
  auto h = run(*alg, [](const params& p) { return std::pow(x_of(p) - 0.3, 2); }, 8);
  // Four more proposed in a batch, each seeing the ones before as running.
  std::vector<double> batch;
  for (int i = 0; i < 4; ++i) {
    auto s = alg->suggest(h);
    REQUIRE(s.what == suggestion::kind::run);
    batch.push_back(x_of(s.parameters));
    h.trials.push_back({100 + static_cast<trial_id>(i), s.parameters, trial_status::running, s.origin, std::nullopt, -1});
  }
  for (std::size_t i = 0; i < batch.size(); ++i)
    for (std::size_t j = i + 1; j < batch.size(); ++j) CHECK(std::abs(batch[i] - batch[j]) > 1e-3);
}

TEST_CASE("failed and stopped trials do not enter the model", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n"));
  auto alg = make_algorithm(spec);
  auto h = run(*alg, [](const params& p) { return std::pow(x_of(p) - 0.5, 2); }, 6);
  // A failed trial with an absurd partial value near 0.9 must not attract the search.
  h.trials.push_back({50, {{"x", 0.9}}, trial_status::failed, trial_origin::algorithm, -1e9, 1});
  h.trials.push_back({51, {{"x", 0.91}}, trial_status::stopped, trial_origin::algorithm, -1e9, 1});
  auto s = alg->suggest(h);
  CHECK(std::abs(x_of(s.parameters) - 0.9) > 0.05);
}

TEST_CASE("initial points run first, then random ones up to num_initial", "[bayes]") {
  auto spec = test::spec_from(
      bayes_yaml("  x: {type: continuous, range: [0, 1]}\n", ", num_initial: 4, initial_points: [{x: 0.25}]"));
  auto alg = make_algorithm(spec);
  history h;
  auto first = alg->suggest(h);
  CHECK(x_of(first.parameters) == 0.25);
}

TEST_CASE("bayesian stops at max_trials", "[bayes]") {
  auto spec = test::spec_from(test::study_yaml("  x: {type: continuous, range: [0, 1]}\n",
                                               "{name: bayesian, max_trials: 5}"));
  auto h = run(*make_algorithm(spec), [](const params& p) { return x_of(p); }, 10);
  CHECK(h.trials.size() == 5);
}

TEST_CASE("the study file takes bayesian's options and refuses bad ones", "[bayes]") {
  auto spec = test::spec_from(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n", ", acquisition: lcb"));
  CHECK(std::get<model::bayesian_options>(spec.algorithm.options).acquisition == model::acquisition::lcb);
  auto bad = model::parse_study(bayes_yaml("  x: {type: continuous, range: [0, 1]}\n", ", acquisition: ucb"), "b.yaml");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("algorithm.acquisition: expected ei, pi or lcb, got 'ucb'") != std::string::npos);
  auto canonical = model::canonical_text(spec);
  CHECK(model::canonical_text(*model::parse_study(canonical, "stored")) == canonical);
}
