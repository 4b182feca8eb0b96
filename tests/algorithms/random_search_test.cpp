#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/search/random_search.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

const char* mixed_space = "  x: {type: continuous, range: [0, 1]}\n  c: {type: choice, values: [a, b]}\n";

history run_to_end(algorithm& alg, std::size_t limit = 1000) {
  history h;
  for (std::size_t i = 0; i < limit; ++i) {
    auto s = alg.suggest(h);
    if (s.what != suggestion::kind::run) break;
    h.trials.push_back({i + 1, s.parameters, trial_status::completed, s.origin, 0.0, 1});
  }
  return h;
}

}  // namespace

TEST_CASE("random search is reproducible with a seed", "[search]") {
  auto spec = test::spec_from(test::study_yaml(mixed_space, "{name: random, max_trials: 20, seed: 5}"));
  auto a = run_to_end(*make_algorithm(spec));
  auto b = run_to_end(*make_algorithm(spec));
  REQUIRE(a.trials.size() == 20);
  for (std::size_t i = 0; i < 20; ++i) CHECK(a.trials[i].parameters == b.trials[i].parameters);
}

TEST_CASE("random search differs between seeds", "[search]") {
  auto one = test::spec_from(test::study_yaml(mixed_space, "{name: random, max_trials: 5, seed: 1}"));
  auto two = test::spec_from(test::study_yaml(mixed_space, "{name: random, max_trials: 5, seed: 2}"));
  CHECK(run_to_end(*make_algorithm(one)).trials[0].parameters !=
        run_to_end(*make_algorithm(two)).trials[0].parameters);
}

TEST_CASE("random search is done after max_trials configurations, retries not counted", "[search]") {
  auto spec = test::spec_from(test::study_yaml(mixed_space, "{name: random, max_trials: 3, seed: 1}"));
  auto alg = make_algorithm(spec);
  history h;
  for (trial_id id = 1; id <= 3; ++id) {
    auto s = alg->suggest(h);
    REQUIRE(s.what == suggestion::kind::run);
    h.trials.push_back({id, s.parameters, trial_status::failed, s.origin, {}, -1});
  }
  h.trials.push_back({4, h.trials[0].parameters, trial_status::completed, trial_origin::retry, 1.0, 1});
  CHECK(alg->suggest(h).what == suggestion::kind::done);
  CHECK(alg->planned_trials() == std::optional<std::size_t>(3));
}

TEST_CASE("a replayed history continues the same sequence", "[search]") {
  auto spec = test::spec_from(test::study_yaml(mixed_space, "{name: random, max_trials: 10, seed: 11}"));
  auto full = run_to_end(*make_algorithm(spec));
  history first_half;
  first_half.trials.assign(full.trials.begin(), full.trials.begin() + 5);
  auto fresh = make_algorithm(spec);  // as after a restart
  CHECK(fresh->suggest(first_half).parameters == full.trials[5].parameters);
}

TEST_CASE("enqueued points run first and count toward random's max_trials", "[search]") {
  auto spec = test::spec_from(test::study_yaml(
      mixed_space, "{name: random, max_trials: 3, seed: 1}", "enqueue:\n  - {x: 0.25, c: b}\n"));
  auto h = run_to_end(*make_algorithm(spec));
  REQUIRE(h.trials.size() == 3);
  CHECK(h.trials[0].origin == trial_origin::enqueued);
  CHECK(h.trials[0].parameters == params{{"x", 0.25}, {"c", std::string("b")}});
  CHECK(h.trials[1].origin == trial_origin::algorithm);
}
