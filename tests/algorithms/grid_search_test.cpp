#include <set>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/grid_search.hpp"
#include "algorithms/search/make_algorithm.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

const char* grid_parameters = R"(  lr: {type: continuous, range: [1, 2]}
  units: {type: discrete, range: [10, 40]}
  act: {type: choice, values: [relu, tanh, sigmoid]}
)";

std::vector<params> suggest_all(algorithm& alg) {
  history h;
  std::vector<params> out;
  for (trial_id id = 1;; ++id) {
    auto s = alg.suggest(h);
    if (s.what != suggestion::kind::run) break;
    out.push_back(s.parameters);
    h.trials.push_back({id, s.parameters, trial_status::completed, s.origin, 0.0, 0});
  }
  return out;
}

}  // namespace

TEST_CASE("grid search covers exactly the product of the grid values", "[search]") {
  auto spec = test::spec_from(test::study_yaml(grid_parameters, "{name: grid, num_grid_points: 2}"));
  auto points = suggest_all(*make_algorithm(spec));
  REQUIRE(points.size() == 2 * 2 * 3);
  const std::set<params> seen(points.begin(), points.end());
  CHECK(seen.size() == points.size());
  std::set<std::int64_t> units;
  std::set<std::string> acts;
  for (const auto& p : points) {
    units.insert(std::get<std::int64_t>(p.at("units")));
    acts.insert(std::get<std::string>(p.at("act")));
    const double lr = std::get<double>(p.at("lr"));
    CHECK((lr == Approx(4.0 / 3) || lr == Approx(5.0 / 3)));
  }
  CHECK(units == std::set<std::int64_t>{20, 30});
  CHECK(acts == std::set<std::string>{"relu", "tanh", "sigmoid"});
}

TEST_CASE("grid search varies the first parameter slowest", "[search]") {
  auto spec = test::spec_from(test::study_yaml(grid_parameters, "{name: grid}"));
  auto points = suggest_all(*make_algorithm(spec));
  CHECK(points[0].at("act") == value{std::string("relu")});
  CHECK(points[1].at("act") == value{std::string("tanh")});
  CHECK(points[0].at("lr") == points[5].at("lr"));
  CHECK(points[0].at("lr") != points[6].at("lr"));
}

TEST_CASE("grid search stops at max_trials when it is smaller than the grid", "[search]") {
  auto spec = test::spec_from(test::study_yaml(grid_parameters, "{name: grid, max_trials: 5}"));
  auto alg = make_algorithm(spec);
  CHECK(alg->planned_trials() == std::optional<std::size_t>(5));
  CHECK(suggest_all(*alg).size() == 5);
}

TEST_CASE("enqueued points come on top of the grid", "[search]") {
  auto spec = test::spec_from(
      test::study_yaml(grid_parameters, "{name: grid}", "enqueue:\n  - {lr: 1.5, units: 11, act: tanh}\n"));
  auto alg = make_algorithm(spec);
  CHECK(alg->planned_trials() == std::optional<std::size_t>(13));
  auto points = suggest_all(*alg);
  REQUIRE(points.size() == 13);
  CHECK(points[0].at("units") == value{std::int64_t{11}});
}

TEST_CASE("a grid past 2^64 points runs its first max_trials, and without them is refused with its size",
          "[search]") {
  std::string booleans;
  for (int i = 0; i < 64; ++i) booleans += "  b" + std::to_string(i) + ": {type: choice, values: [true, false]}\n";
  auto refused = parse_study(test::study_yaml(booleans, "{name: grid}"), "study.yaml");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("algorithm: the grid has more than 2^64 points (about 1.84e+19: 64 axes of 2 "
                                     "points); set max_trials") != std::string::npos);
  std::string wide;
  for (int i = 0; i < 8; ++i) wide += "  x" + std::to_string(i) + ": {type: continuous, range: [0, 1]}\n";
  CHECK_FALSE(parse_study(test::study_yaml(wide, "{name: grid, num_grid_points: 256}"), "s.yaml").has_value());
  CHECK(parse_study(test::study_yaml(wide, "{name: grid, num_grid_points: 255}"), "s.yaml").has_value());

  auto spec = test::spec_from(test::study_yaml(booleans, "{name: grid, max_trials: 5}"));
  auto alg = make_algorithm(spec);
  CHECK(alg->planned_trials() == std::optional<std::size_t>(5));
  const auto points = suggest_all(*alg);
  REQUIRE(points.size() == 5);
  CHECK(std::set<params>(points.begin(), points.end()).size() == 5);
  CHECK(points[1].at("b63") != points[0].at("b63"));  // the last parameter varies fastest
  CHECK(points[1].at("b0") == points[0].at("b0"));
}
