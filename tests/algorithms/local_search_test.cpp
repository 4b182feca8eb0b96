#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/local_search.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "test_history.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;
using test::complete;
using test::start;

namespace {

study_spec local_spec(const std::string& options = "") {
  return test::spec_from(
      "name: t\ncommand: run\nobjective: {goal: minimize}\n"
      "algorithm: {name: local_search, seed_configuration: {lr: 0.5, batch: 32, act: tanh}" + options + "}\n"
      "parameters:\n  lr: {type: continuous, range: [0.01, 1]}\n"
      "  batch: {type: ordinal, values: [16, 32, 64]}\n  act: {type: choice, values: [relu, tanh]}\n");
}

}  // namespace

TEST_CASE("local search's neighbours change one parameter at a time", "[local_search]") {
  const auto spec = local_spec();
  local_search a(spec.space, local_search_config{std::get<model::local_search_options>(spec.algorithm.options).seed_configuration, {0.8, 1.2}, 1, 0});
  const auto n = a.neighbours(std::get<model::local_search_options>(spec.algorithm.options).seed_configuration, 0);
  REQUIRE(n.size() == 5);  // lr x0.8, x1.2; batch 16, 64; act relu
  CHECK(std::get<double>(n[0].at("lr")) == Approx(0.4));
  CHECK(std::get<double>(n[1].at("lr")) == Approx(0.6));
  CHECK(n[2].at("batch") == value{std::int64_t{16}});
  CHECK(n[3].at("batch") == value{std::int64_t{64}});
  CHECK(n[4].at("act") == value{std::string("relu")});
  for (const auto& p : n) CHECK(spec.space.coerce(p));
}

TEST_CASE("local search moves to a better neighbour and is done when none improves", "[local_search]") {
  auto a = make_algorithm(local_spec());
  history h;
  // Loss: distance of lr from 0.6, plus penalties away from batch 32 and act tanh.
  const auto loss = [](const params& p) {
    return std::abs(std::get<double>(p.at("lr")) - 0.6) + (p.at("batch") == value{std::int64_t{32}} ? 0 : 1) +
           (p.at("act") == value{std::string("tanh")} ? 0 : 1);
  };
  for (int i = 0; i < 100; ++i) {
    auto s = a->suggest(h);
    if (s.what == suggestion::kind::done) break;
    REQUIRE(s.what == suggestion::kind::run);
    h.trials.push_back({h.trials.size() + 1, s.parameters, trial_status::running, s.origin, std::nullopt, -1});
    complete(h.trials.back(), loss(s.parameters));
  }
  REQUIRE(a->suggest(h).what == suggestion::kind::done);
  // The seed (lr 0.5), its neighbours lr 0.4 and 0.6; 0.6 is better, so it
  // becomes the centre at once: its 5 neighbours, none better, done.
  const auto best = std::min_element(h.trials.begin(), h.trials.end(),
                                     [](const auto& x, const auto& y) { return *x.objective < *y.objective; });
  CHECK(std::get<double>(best->parameters.at("lr")) == Approx(0.6));
  CHECK(h.trials.size() == 8);
}

TEST_CASE("local search repeats each configuration and hands out neighbours in parallel", "[local_search]") {
  auto a = make_algorithm(local_spec(", repeat_trials: 2"));
  history h;
  auto& first = start(h, *a);
  const auto seed = first.parameters;
  CHECK(start(h, *a).parameters == seed);  // the second run of the seed
  CHECK(a->suggest(h).what == suggestion::kind::wait);  // its value is not known yet
  complete(h.trials[0], 1.0);
  complete(h.trials[1], 3.0);
  // Mean 2.0; now every neighbour twice, while others run.
  for (int i = 0; i < 10; ++i) CHECK(start(h, *a).parameters != seed);
  CHECK(a->suggest(h).what == suggestion::kind::wait);
}
