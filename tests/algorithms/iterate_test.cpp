#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

TEST_CASE("iterate runs each listed point once, in order", "[search]") {
  auto spec = test::spec_from(test::study_yaml(
      "  a: {type: discrete, range: [0, 9]}\n  b: {type: choice, values: [x, y]}\n",
      "{name: iterate, points: [{a: 3, b: y}, {a: 1, b: x}]}"));
  auto alg = make_algorithm(spec);
  history h;
  auto first = alg->suggest(h);
  REQUIRE(first.what == suggestion::kind::run);
  CHECK(first.parameters == params{{"a", std::int64_t{3}}, {"b", std::string("y")}});
  h.trials.push_back({1, first.parameters, trial_status::completed, first.origin, 1.0, 0});
  auto second = alg->suggest(h);
  CHECK(second.parameters.at("a") == value{std::int64_t{1}});
  h.trials.push_back({2, second.parameters, trial_status::running, second.origin, {}, -1});
  CHECK(alg->suggest(h).what == suggestion::kind::done);
}
