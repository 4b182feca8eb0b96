// Conditional parameters (`when:`): an inactive parameter never gets a
// value, from any algorithm, and never reaches a model as one (issue 18).

#include <set>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/space/unit_cube.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

const char* conditional_parameters = R"(  optimizer: {type: choice, values: [sgd, adam]}
  momentum: {type: continuous, range: [0.5, 0.99], scale: reverse_log, when: {optimizer: sgd}}
  nesterov: {type: choice, values: [true, false], when: {optimizer: sgd}}
  lookahead: {type: discrete, range: [1, 3], when: {nesterov: true}}
  lr: {type: continuous, range: [0.001, 0.1], scale: log}
)";

model::study_spec conditional_spec(const std::string& algorithm) {
  return test::spec_from(test::study_yaml(conditional_parameters, algorithm));
}

std::string text(const params& p, const std::string& name) { return to_text(p.at(name)); }

/// The point is what the conditions allow: each parameter present exactly
/// when its chain of parents holds.
void check_conditions(const params& p) {
  CAPTURE(p);
  REQUIRE(p.count("optimizer"));
  REQUIRE(p.count("lr"));
  const bool sgd = text(p, "optimizer") == "sgd";
  CHECK(p.count("momentum") == (sgd ? 1 : 0));
  CHECK(p.count("nesterov") == (sgd ? 1 : 0));
  const bool ahead = sgd && std::get<bool>(p.at("nesterov"));
  CHECK(p.count("lookahead") == (ahead ? 1 : 0));
}

/// n suggestions of the study's algorithm, each completed with value f.
std::vector<params> drive(const model::study_spec& spec, std::size_t n) {
  auto alg = make_algorithm(spec);
  history h;
  std::vector<params> out;
  for (std::size_t i = 0; i < n; ++i) {
    auto s = alg->suggest(h);
    if (s.what != suggestion::kind::run) break;
    out.push_back(s.parameters);
    const double value = std::get<double>(s.parameters.at("lr")) + (s.parameters.count("momentum") ? 0.1 : 0.0);
    h.trials.push_back({i + 1, s.parameters, trial_status::completed, s.origin, value, 1});
  }
  return out;
}

}  // namespace

TEST_CASE("a sample holds exactly the active parameters, through a chain of conditions", "[conditional]") {
  const auto spec = conditional_spec("{name: random}");
  random_engine rng(5);
  std::set<std::size_t> sizes;
  for (int i = 0; i < 200; ++i) {
    const auto p = spec.space.sample(rng);
    check_conditions(p);
    sizes.insert(p.size());
    CHECK(spec.space.coerce(p).has_value());
  }
  CHECK(sizes == std::set<std::size_t>{2, 4, 5});  // adam; sgd; sgd with nesterov
}

TEST_CASE("a parent whose name sorts before its child's keeps the child active", "[conditional]") {
  const auto spec = test::spec_from(test::study_yaml(
      "  kind: {type: choice, values: [small, big]}\n  width: {type: continuous, range: [1, 10], when: {kind: big}}\n",
      "{name: random}"));
  random_engine rng(3);
  for (int i = 0; i < 20; ++i) {
    const auto p = spec.space.sample(rng);
    CHECK(p.count("width") == (to_text(p.at("kind")) == "big" ? 1u : 0u));
  }
}

TEST_CASE("coerce refuses an inactive value and a missing active one, naming the condition", "[conditional]") {
  const auto spec = conditional_spec("{name: random}");
  const params adam{{"optimizer", std::string("adam")}, {"lr", 0.01}, {"momentum", 0.9}};
  CHECK(spec.space.coerce(adam).error().message == "momentum: has no value here (it exists only when optimizer is sgd)");
  const params sgd{{"optimizer", std::string("sgd")}, {"lr", 0.01}, {"momentum", 0.9}};
  CHECK(spec.space.coerce(sgd).error().message == "nesterov: missing (every parameter needs a value)");
  const params full{{"optimizer", std::string("sgd")}, {"lr", 0.01}, {"momentum", 0.9}, {"nesterov", false}};
  CHECK(spec.space.coerce(full).has_value());
}

TEST_CASE("conform drops what a change made inactive and draws what it made active", "[conditional]") {
  const auto spec = conditional_spec("{name: random}");
  random_engine rng(1);
  params p{{"optimizer", std::string("adam")}, {"lr", 0.01}, {"momentum", 0.9}, {"rung", std::int64_t{2}}};
  auto adam = spec.space.conform(p, rng);
  CHECK(adam == params{{"optimizer", std::string("adam")}, {"lr", 0.01}, {"rung", std::int64_t{2}}});  // not a parameter: kept
  p["optimizer"] = std::string("sgd");
  p["nesterov"] = true;
  auto sgd = spec.space.conform(p, rng);
  CHECK(sgd.count("lookahead") == 1);  // activated by nesterov, drawn
  CHECK(sgd.at("momentum") == value(0.9));
}

TEST_CASE("a conditional grid runs each distinct active point once", "[conditional]") {
  const auto points = drive(conditional_spec("{name: grid, num_grid_points: 2}"), 1000);
  std::set<params> distinct(points.begin(), points.end());
  CHECK(distinct.size() == points.size());
  for (const auto& p : points) check_conditions(p);
  std::size_t adam = 0;
  for (const auto& p : points) adam += text(p, "optimizer") == "adam";
  CHECK(adam == 2);  // one per lr value, not one per momentum × nesterov × lookahead
  const auto planned = make_algorithm(conditional_spec("{name: grid, num_grid_points: 2}"))->planned_trials();
  REQUIRE(planned);
  CHECK(*planned == points.size());
}

TEST_CASE("every algorithm that makes points keeps to the conditions", "[conditional]") {
  for (const std::string algorithm :
       {"{name: random, max_trials: 40}", "{name: bayesian, max_trials: 16, num_initial: 6}",
        "{name: nsga2, max_trials: 60, population_size: 8}",
        "{name: local_search, seed_configuration: {optimizer: sgd, momentum: 0.9, nesterov: true, lookahead: 2, lr: 0.01}}",
        "{name: pbt, population_size: 6, num_generations: 4}", "{name: asha, R: 9}"}) {
    SECTION(algorithm) {
      const auto spec = conditional_spec(algorithm);
      const auto points = drive(spec, 40);
      CHECK(points.size() >= 10);
      for (const auto& p : points) {
        check_conditions(p);
        params space_part;  // the algorithm's own parameters (rung, lineage) aside
        for (const auto& [name, v] : p)
          if (spec.space.find(name)) space_part.emplace(name, v);
        CHECK(spec.space.coerce(space_part).has_value());
      }
    }
  }
}

TEST_CASE("the unit cube gives an inactive parameter a coordinate apart from every value", "[conditional]") {
  const auto spec = conditional_spec("{name: random}");
  const params adam{{"optimizer", std::string("adam")}, {"lr", 0.01}};
  const auto x = encode(spec.space, adam);
  CHECK(x[1] == inactive_coordinate);  // momentum
  CHECK(x[2] == inactive_coordinate);  // nesterov
  CHECK(x[3] == inactive_coordinate);  // lookahead
  CHECK(x[4] >= 0);
  const auto back = decode(spec.space, x);  // drops what the point makes inactive
  CHECK(back.size() == 2);
  CHECK(back.at("optimizer") == adam.at("optimizer"));
  CHECK(std::get<double>(back.at("lr")) == Approx(0.01));
}

