#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "test_history.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;
using test::complete;
using test::start;
using test::text;

namespace {

study_spec pbt_spec(const std::string& options = "") {
  return test::spec_from(
      "name: t\ncommand: run\nobjective: {goal: minimize}\n"
      "algorithm: {name: pbt, seed: 5, population_size: 5, num_generations: 3" + options + "}\n"
      "parameters:\n  lr: {type: continuous, range: [0.01, 1]}\n  units: {type: discrete, range: [1, 100]}\n"
      "  act: {type: choice, values: [relu, tanh, sigmoid]}\n  batch: {type: ordinal, values: [16, 32, 64]}\n");
}

std::int64_t generation(const trial_summary& t) { return std::get<std::int64_t>(t.parameters.at("generation")); }

}  // namespace

TEST_CASE("pbt's first generation is random and waits for itself to end", "[pbt]") {
  auto a = make_algorithm(pbt_spec(), algorithm_context{"/ck"});
  history h;
  for (int i = 0; i < 5; ++i) {
    auto& t = start(h, *a);
    CHECK(generation(t) == 1);
    CHECK(text(t, "load_from").empty());
    CHECK(text(t, "lineage").empty());
    CHECK(text(t, "save_to") == "/ck/generation-1-member-" + std::to_string(i + 1));
  }
  CHECK(a->suggest(h).what == suggestion::kind::wait);
  for (std::size_t i = 0; i < 4; ++i) complete(h.trials[i], 1.0);
  CHECK(a->suggest(h).what == suggestion::kind::wait);  // one still running
}

TEST_CASE("pbt keeps the top 80% and replaces the rest with perturbed copies of the top 20%", "[pbt]") {
  auto a = make_algorithm(pbt_spec(", perturbation_factors: [0.5, 2.0], parameter_range: {lr: [0.001, 1.5]}"),
                          algorithm_context{"/ck"});
  history h;
  for (int i = 0; i < 5; ++i) start(h, *a);
  const double values[] = {3, 1, 5, 2, 4};  // ranking: trials 2, 4, 1, 5, 3
  for (std::size_t i = 0; i < 5; ++i) complete(h.trials[i], values[i]);
  const std::vector<trial_id> expected_parent{2, 4, 1, 5};
  for (std::size_t m = 0; m < 4; ++m) {
    auto& t = start(h, *a);
    const auto& parent = h.trials[expected_parent[m] - 1];
    CHECK(generation(t) == 2);
    CHECK(text(t, "load_from") == text(parent, "save_to"));
    CHECK(text(t, "lineage") == std::to_string(parent.id));
    for (const char* name : {"lr", "units", "act", "batch"}) CHECK(t.parameters.at(name) == parent.parameters.at(name));
  }
  // The fifth place goes to a perturbed copy of the best (the top 20% of 5).
  auto& copy = start(h, *a);
  const auto& best = h.trials[1];
  CHECK(text(copy, "load_from") == text(best, "save_to"));
  CHECK(text(copy, "save_to") == "/ck/generation-2-member-5");
  const double lr = std::get<double>(copy.parameters.at("lr")), best_lr = std::get<double>(best.parameters.at("lr"));
  CHECK((lr == Approx(std::min(best_lr * 2, 1.5)) || lr == Approx(best_lr * 0.5)));
  const auto units = std::get<std::int64_t>(copy.parameters.at("units"));
  const auto best_units = std::get<std::int64_t>(best.parameters.at("units"));
  CHECK((units == std::min<std::int64_t>(std::llround(best_units * 2.0), 100) || units == std::llround(best_units * 0.5)));
  const auto batch = std::get<std::int64_t>(copy.parameters.at("batch"));
  const auto best_batch = std::get<std::int64_t>(best.parameters.at("batch"));
  CHECK(batch != 0);
  CHECK((batch == best_batch * 2 || batch == best_batch / 2 || batch == best_batch));  // one step, or stays at an end
}

TEST_CASE("pbt carries the lineage and is done after num_generations", "[pbt]") {
  auto a = make_algorithm(pbt_spec(), algorithm_context{"/ck"});
  history h;
  for (int g = 0; g < 3; ++g) {
    for (int i = 0; i < 5; ++i) start(h, *a);
    for (std::size_t i = h.trials.size() - 5; i < h.trials.size(); ++i)
      complete(h.trials[i], static_cast<double>(i % 5));  // member 1 is always best
  }
  CHECK(a->suggest(h).what == suggestion::kind::done);
  CHECK(text(h.trials[10], "lineage") == "1,6");  // generation 3's best continues 6, which continued 1
  CHECK(a->planned_trials() == std::optional<std::size_t>(15));
}

TEST_CASE("pbt ranks only completed members and is done when a whole generation failed", "[pbt]") {
  auto a = make_algorithm(pbt_spec(), algorithm_context{"/ck"});
  history h;
  for (int i = 0; i < 5; ++i) start(h, *a).status = trial_status::failed;
  CHECK(a->suggest(h).what == suggestion::kind::done);
  history g;
  for (int i = 0; i < 5; ++i) start(g, *a);
  complete(g.trials[3], 1.0);
  for (std::size_t i : {0, 1, 2, 4}) g.trials[i].status = trial_status::stopped;
  auto& next = start(g, *a);
  CHECK(text(next, "load_from") == text(g.trials[3], "save_to"));
}

TEST_CASE("pbt is reproducible with a seed and keeps perturbed values inside their bounds", "[pbt]") {
  const auto spec = pbt_spec(", perturbation_factors: [0.1, 10.0], parameter_range: {lr: [0.005, 2.0]}");
  const auto run = [&] {
    auto a = make_algorithm(spec, algorithm_context{"/ck"});
    history h;
    for (int g = 0; g < 3; ++g) {
      for (int i = 0; i < 5; ++i) start(h, *a);
      for (std::size_t i = h.trials.size() - 5; i < h.trials.size(); ++i)
        complete(h.trials[i], std::get<double>(h.trials[i].parameters.at("lr")));
    }
    return h;
  };
  const auto first = run(), second = run();
  REQUIRE(first.trials.size() == 15);
  for (std::size_t i = 0; i < first.trials.size(); ++i) {
    CHECK(first.trials[i].parameters == second.trials[i].parameters);
    const auto& p = first.trials[i].parameters;
    const double lr = std::get<double>(p.at("lr"));
    CHECK((lr >= 0.005 && lr <= 2.0));
    const auto units = std::get<std::int64_t>(p.at("units"));
    CHECK((units >= 1 && units <= 100));
    const auto& act = std::get<std::string>(p.at("act"));
    CHECK((act == "relu" || act == "tanh" || act == "sigmoid"));
  }
}
