#include <catch2/catch.hpp>

#include "algorithms/stopping/stopping_rule.hpp"
#include "helpers.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

std::unique_ptr<stopping_rule> rule(const std::string& goal, const std::string& stopping) {
  return make_stopping_rule(test::spec_from(
      "name: s\ncommand: run\nobjective: {goal: " + goal +
      "}\nalgorithm: {name: random}\nstopping: " + stopping +
      "\nparameters:\n  x: {type: continuous, range: [0, 1]}\n"));
}

}  // namespace

TEST_CASE("the threshold rule stops a trial worse than the threshold", "[stopping]") {
  auto r = rule("minimize", "{rule: threshold, threshold: 1.0, min_iterations: 2}");
  CHECK_FALSE(r->observe(1, 1, 5.0));  // before min_iterations
  CHECK(r->observe(1, 2, 5.0));
  CHECK_FALSE(r->observe(2, 2, 0.5));
  CHECK_FALSE(r->observe(2, 3, 1.0));  // equal is not worse
}

TEST_CASE("the threshold rule follows a maximize goal", "[stopping]") {
  auto r = rule("maximize", "{rule: threshold, threshold: 0.5}");
  CHECK(r->observe(1, 0, 0.4));
  CHECK_FALSE(r->observe(1, 0, 0.6));
}

TEST_CASE("no stopping rule never stops", "[stopping]") {
  auto r = rule("minimize", "{rule: none}");
  CHECK_FALSE(r->observe(1, 100, 1e9));
}
