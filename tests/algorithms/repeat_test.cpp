#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/search/repeat.hpp"
#include "test_history.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;
using test::complete;
using test::start;

namespace {

study_spec spec_with_repeat(const std::string& repeat, const std::string& algorithm = "random, max_trials: 2") {
  return test::spec_from("name: t\ncommand: run\nobjective: {goal: minimize}\nalgorithm: {name: " + algorithm +
                         ", seed: 1, repeat: " + repeat + "}\nparameters:\n  x: {type: continuous, range: [0, 1]}\n");
}

}  // namespace

TEST_CASE("repeat runs each configuration `times` times and then asks for the next", "[repeat]") {
  auto a = make_algorithm(spec_with_repeat("{times: 3}"));
  history h;
  for (int i = 0; i < 6; ++i) start(h, *a);
  CHECK(h.trials[0].parameters == h.trials[2].parameters);
  CHECK(h.trials[3].parameters == h.trials[5].parameters);
  CHECK(h.trials[0].parameters != h.trials[3].parameters);
  CHECK(a->suggest(h).what == suggestion::kind::done);  // max_trials: 2 configurations
  CHECK(a->planned_trials() == std::optional<std::size_t>(6));
}

TEST_CASE("repeat with wait holds the next configuration until the copies end", "[repeat]") {
  auto a = make_algorithm(spec_with_repeat("{times: 2, wait: true}"));
  history h;
  start(h, *a);
  start(h, *a);
  CHECK(a->suggest(h).what == suggestion::kind::wait);
  complete(h.trials[0], 1.0);
  CHECK(a->suggest(h).what == suggestion::kind::wait);
  h.trials[1].status = trial_status::failed;
  CHECK(a->suggest(h).what == suggestion::kind::run);
}

namespace {

/// Suggests x = 0.1, 0.2, ... and keeps the last history it was shown.
struct spy final : algorithm {
  history seen;
  int calls = 0;
  suggestion suggest(const history& h) override {
    seen = h;
    return suggestion::run({{"x", 0.1 * ++calls}});
  }
};

}  // namespace

TEST_CASE("repeat shows the inner algorithm one trial per configuration, with the aggregate", "[repeat]") {
  for (auto [how, expected] : {std::pair{repeat_aggregate::mean, 4.0}, std::pair{repeat_aggregate::best, 1.0},
                               std::pair{repeat_aggregate::median, 5.0}}) {
    auto owned = std::make_unique<spy>();
    spy* inner = owned.get();
    repeat a(std::move(owned), repeat_config{3, false, how});
    history h;
    for (int i = 0; i < 6; ++i) start(h, a);
    const double values[] = {1, 5, 6, 2, 2, 2};
    for (std::size_t i = 0; i < 5; ++i) complete(h.trials[i], values[i]);
    start(h, a);
    REQUIRE(inner->seen.trials.size() == 2);
    CHECK(inner->seen.trials[0].status == trial_status::completed);
    CHECK(*inner->seen.trials[0].objective == Approx(expected));
    CHECK(inner->seen.trials[1].status == trial_status::running);  // one copy still runs
  }
}

TEST_CASE("a study file refuses a bad repeat section", "[repeat]") {
  auto spec = parse_study("name: t\ncommand: run\nobjective: {goal: minimize}\n"
                          "algorithm: {name: random, repeat: {times: 2, aggregate: max}}\n"
                          "parameters: {x: {type: continuous, range: [0, 1]}}\n", "s.yaml");
  REQUIRE_FALSE(spec);
  CHECK(spec.error().message == "s.yaml:4: algorithm.repeat.aggregate: expected mean, median or best, got 'max'");
}
