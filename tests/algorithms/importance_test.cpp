#include <cmath>
#include <deque>
#include <functional>
#include <limits>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/importance/ped_anova.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

const char* space_yaml = R"(  x: {type: continuous, range: [0, 1]}
  noise: {type: continuous, range: [-5, 5]}
  lr: {type: continuous, range: [1.0e-6, 1], scale: log}
  act: {type: choice, values: [relu, tanh, sigmoid, gelu]}
  units: {type: discrete, range: [1, 8]}
  batch: {type: ordinal, values: [16, 32, 64]}
)";

search_space space() { return test::spec_from(test::study_yaml(space_yaml, "{name: random}")).space; }

/// n trials drawn at random from the space, valued by f; their parameters
/// live as long as the test.
std::vector<importance_input> drawn(std::size_t n, const std::function<double(const params&)>& f,
                                    std::uint64_t seed = 7) {
  static std::deque<params> kept;
  const auto s = space();
  random_engine rng(seed);
  std::vector<importance_input> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = kept.emplace_back(s.sample(rng));
    out.push_back({&p, f(p)});
  }
  return out;
}

double num(const params& p, const char* name) { return *as_number(p.at(name)); }

double of(const importance_result& r, const std::string& name) {
  for (const auto& p : r.parameters)
    if (p.name == name) return p.importance;
  FAIL("no " << name);
  return 0;
}

}  // namespace

TEST_CASE("the parameter that drives the objective ranks first, one with no effect last near 0", "[importance]") {
  const auto r = ped_anova(space(), drawn(500, [](const params& p) { return std::pow(num(p, "x") - 0.2, 2); }),
                           goal::minimize);
  REQUIRE(r.has_value());
  CHECK(r->parameters.front().name == "x");
  CHECK(r->parameters.front().importance > 0.5);
  CHECK(of(*r, "noise") < 0.05);
  CHECK(r->trials == 500);
  CHECK(r->top_trials == 50);
  double sum = 0;
  for (const auto& p : r->parameters) sum += p.importance;
  CHECK(sum == Approx(1.0));
}

TEST_CASE("a log-scaled parameter whose effect is linear in its log is found", "[importance]") {
  const auto r = ped_anova(space(), drawn(400, [](const params& p) { return std::log10(num(p, "lr")); }),
                           goal::minimize);
  REQUIRE(r.has_value());
  CHECK(r->parameters.front().name == "lr");
  CHECK(of(*r, "x") < 0.1);
}

TEST_CASE("a choice whose one value is best is found, as well when the goal is to maximize", "[importance]") {
  const auto one_best = [](const params& p) {
    return (p.at("act") == value{std::string("tanh")} ? 0.0 : 1.0) + 0.01 * num(p, "noise");
  };
  const auto r = ped_anova(space(), drawn(300, one_best), goal::minimize);
  REQUIRE(r.has_value());
  CHECK(r->parameters.front().name == "act");
  const auto flipped = ped_anova(space(), drawn(300, [&](const params& p) { return -one_best(p); }), goal::maximize);
  REQUIRE(flipped.has_value());
  for (std::size_t i = 0; i < r->parameters.size(); ++i) {
    CHECK(flipped->parameters[i].name == r->parameters[i].name);
    CHECK(flipped->parameters[i].importance == Approx(r->parameters[i].importance));
  }
}

TEST_CASE("integers and ordinals are found too", "[importance]") {
  const auto units = ped_anova(space(), drawn(300, [](const params& p) { return std::abs(num(p, "units") - 3); }),
                               goal::minimize);
  REQUIRE(units.has_value());
  CHECK(units->parameters.front().name == "units");
  const auto batch = ped_anova(space(), drawn(300, [](const params& p) { return num(p, "batch"); }), goal::maximize);
  REQUIRE(batch.has_value());
  CHECK(batch->parameters.front().name == "batch");
}

TEST_CASE("too few trials, equal values, NaN and infinite values give a message, never a crash", "[importance]") {
  const auto x = [](const params& p) { return num(p, "x"); };
  const auto few = ped_anova(space(), drawn(9, x), goal::minimize);
  REQUIRE_FALSE(few.has_value());
  CHECK(few.error().message == "importance needs at least 10 COMPLETED trials with a value; the study has 9");
  CHECK_FALSE(ped_anova(space(), drawn(1, x), goal::minimize).has_value());
  CHECK_FALSE(ped_anova(space(), {}, goal::minimize).has_value());
  const auto equal = ped_anova(space(), drawn(50, [](const params&) { return 1.0; }), goal::minimize);
  REQUIRE_FALSE(equal.has_value());
  CHECK(equal.error().message == "all 50 trials are as good as the best 10%: nothing tells the parameters apart");
  // Values that are not numbers are left out, as trials without a value.
  auto some_nan = drawn(40, x);
  for (std::size_t i = 0; i < some_nan.size(); i += 2)
    some_nan[i].objective = i % 4 ? std::numeric_limits<double>::infinity() : std::nan("");
  const auto r = ped_anova(space(), some_nan, goal::minimize);
  REQUIRE(r.has_value());
  CHECK(r->trials == 20);
  CHECK_FALSE(ped_anova(space(), drawn(30, x), goal::minimize, 0).has_value());
  CHECK_FALSE(ped_anova(space(), drawn(30, x), goal::minimize, 1).has_value());  // all are the top
  CHECK(ped_anova(space(), drawn(30, x), goal::minimize, 0.01)->top_trials == 2);  // never fewer than 2
}

TEST_CASE("a parameter with one value, or missing from the trials, has importance 0", "[importance]") {
  const auto s = test::spec_from(test::study_yaml(
      "  x: {type: continuous, range: [0, 1]}\n  fixed: {type: choice, values: [only]}\n", "{name: random}")).space;
  random_engine rng(3);
  std::deque<params> drawn;
  std::vector<importance_input> trials;
  for (int i = 0; i < 60; ++i) {
    auto& p = drawn.emplace_back(s.sample(rng));
    if (i % 3 == 0) p.erase("fixed");
    trials.push_back({&p, *as_number(p.at("x"))});
  }
  const auto r = ped_anova(s, trials, goal::minimize);
  REQUIRE(r.has_value());
  CHECK(of(*r, "x") == Approx(1.0));
  CHECK(of(*r, "fixed") == 0.0);
}
