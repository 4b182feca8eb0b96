#include <map>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/asha.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "test_history.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;
using test::complete;
using test::start;
using test::text;

namespace {

study_spec asha_spec(const std::string& options, const std::string& goal = "minimize") {
  return test::spec_from("name: t\ncommand: run --lr :lr: --from :load_from:\nobjective: {goal: " + goal +
                         "}\nalgorithm: {name: asha, seed: 3" + options +
                         "}\nparameters:\n  lr: {type: continuous, range: [0.001, 1], scale: log}\n"
                         "  act: {type: choice, values: [relu, tanh]}\n");
}

std::unique_ptr<algorithm> make(const study_spec& spec) {
  return make_algorithm(spec, algorithm_context{"/ck"});
}

std::int64_t rung(const trial_summary& t) { return std::get<std::int64_t>(t.parameters.at("rung")); }

}  // namespace

TEST_CASE("asha's rungs and resources follow r, R, eta and s", "[asha]") {
  asha a(search_space(std::vector<parameter>{}), asha_config{1, 9, 3, 0, 1, 0, "c"});
  CHECK(a.top_rung() == 2);
  CHECK(a.resource_of(0) == 1);
  CHECK(a.resource_of(2) == 9);
  asha b(search_space(std::vector<parameter>{}), asha_config{2, 100, 3, 1, 1, 0, "c"});
  CHECK(b.top_rung() == 2);  // 2, 6, 18, 54 <= 100: three steps, minus s = 1
  CHECK(b.resource_of(0) == 6);
  CHECK(b.resource_of(2) == 54);
}

TEST_CASE("asha starts new configurations at rung 0 until a rung has a top 1/eta to promote", "[asha]") {
  auto a = make(asha_spec(", r: 1, R: 9, eta: 3"));
  history h;
  for (int i = 0; i < 2; ++i) complete(start(h, *a), 10.0 - i);
  auto& third = start(h, *a);  // two completed: floor(2/3) = 0 promotable
  CHECK(rung(third) == 0);
  CHECK(text(third, "load_from").empty());
  CHECK(text(third, "save_to") == "/ck/config-3-rung-0");
  CHECK(std::get<std::int64_t>(third.parameters.at("resource")) == 1);
  complete(third, 5.0);  // the best of three
  auto& promoted = start(h, *a);
  CHECK(rung(promoted) == 1);
  CHECK(std::get<std::int64_t>(promoted.parameters.at("resource")) == 3);
  CHECK(text(promoted, "load_from") == "/ck/config-3-rung-0");
  CHECK(text(promoted, "save_to") == "/ck/config-3-rung-1");
  CHECK(promoted.parameters.at("lr") == third.parameters.at("lr"));
  CHECK(promoted.parameters.at("act") == third.parameters.at("act"));
  // Already promoted: a new configuration next, not the same one again.
  CHECK(rung(start(h, *a)) == 0);
}

TEST_CASE("asha promotes from the highest rung first and follows the goal", "[asha]") {
  auto a = make(asha_spec(", r: 1, R: 9, eta: 3", "maximize"));
  history h;
  h.direction = goal::maximize;
  for (int i = 0; i < 9; ++i) start(h, *a);  // nothing has completed: nine new configurations
  for (std::size_t i = 0; i < 9; ++i) complete(h.trials[i], static_cast<double>(i));  // best: 8, 7, 6
  // Three promotions to rung 1: the three best, best first.
  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) {
    auto& t = start(h, *a);
    REQUIRE(rung(t) == 1);
    order.push_back(text(t, "load_from"));
  }
  CHECK(order == std::vector<std::string>{"/ck/config-9-rung-0", "/ck/config-8-rung-0", "/ck/config-7-rung-0"});
  // Rung 1 completes: its best goes to the top rung before anything else.
  complete(h.trials[9], 1.0);
  complete(h.trials[10], 3.0);
  complete(h.trials[11], 2.0);
  auto& top = start(h, *a);
  CHECK(rung(top) == 2);
  CHECK(text(top, "load_from") == "/ck/config-8-rung-1");
  CHECK(std::get<std::int64_t>(top.parameters.at("resource")) == 9);
}

TEST_CASE("asha is done once max_finished_configs reach the top rung", "[asha]") {
  auto a = make(asha_spec(", r: 1, R: 3, eta: 3, max_finished_configs: 1"));
  history h;
  for (int i = 0; i < 3; ++i) complete(start(h, *a), static_cast<double>(i));
  auto& top = start(h, *a);
  CHECK(rung(top) == 1);
  CHECK(a->suggest(h).what == suggestion::kind::done);
}

TEST_CASE("asha ignores failed and stopped trials and carries a retry's configuration", "[asha]") {
  auto a = make(asha_spec(", r: 1, R: 9, eta: 3"));
  history h;
  complete(start(h, *a), 1.0);
  start(h, *a).status = trial_status::failed;
  start(h, *a).status = trial_status::stopped;
  // A retry re-runs trial 2 with its parameters.
  h.trials.push_back({4, h.trials[1].parameters, trial_status::running, trial_origin::retry, std::nullopt, -1});
  complete(h.trials.back(), 2.0);
  // Completed at rung 0: trials 1 and the retry: floor(2/3) = 0, so new.
  auto& next = start(h, *a);
  CHECK(rung(next) == 0);
  CHECK(text(next, "save_to") == "/ck/config-4-rung-0");  // the retry made no new configuration
}

TEST_CASE("asha is reproducible with a seed and a fresh instance continues the same way", "[asha]") {
  const auto spec = asha_spec(", r: 1, R: 27, eta: 3");
  history h;
  auto first = make(spec);
  for (int i = 0; i < 40; ++i) complete(start(h, *first), static_cast<double>((i * 7919) % 31));
  auto again = make(spec);
  const auto a = first->suggest(h), b = again->suggest(h);
  CHECK(a.parameters == b.parameters);
  for (const auto& t : h.trials) {
    CHECK(spec.space.coerce(params{{"lr", t.parameters.at("lr")}, {"act", t.parameters.at("act")}}));
  }
}

TEST_CASE("a study file refuses asha options that leave no rung or clash with its parameters", "[asha]") {
  const auto error = [](const std::string& yaml) {
    auto spec = parse_study(yaml, "s.yaml");
    REQUIRE_FALSE(spec);
    return spec.error().message;
  };
  const std::string head = "name: t\ncommand: run\nobjective: {goal: minimize}\n";
  CHECK(error(head + "algorithm: {name: asha, r: 10, R: 9}\nparameters: {x: {type: continuous, range: [0, 1]}}\n") ==
        "s.yaml:4: algorithm.R: the maximum resource 9 is below r = 10");
  CHECK(error(head + "algorithm: {name: asha, R: 9, s: 3}\nparameters: {x: {type: continuous, range: [0, 1]}}\n") ==
        "s.yaml:4: algorithm.s: s = 3 leaves no rung: at most floor(log_eta(R/r)) = 2");
  CHECK(error(head + "algorithm: {name: asha}\nparameters: {rung: {type: continuous, range: [0, 1]}}\n") ==
        "s.yaml:5: parameters.rung: 'rung' is a parameter asha sets itself; rename this one");
  CHECK(error(head + "algorithm: {name: asha}\nparameters: {x: {type: continuous, range: [0, 1]}}\nenqueue: [{x: 0.5}]\n") ==
        "s.yaml:6: enqueue: asha makes every trial itself; enqueue is not available with it");
  CHECK(error("name: t\ncommand: run :save_to:\nobjective: {goal: minimize}\nalgorithm: {name: random}\n"
              "parameters: {x: {type: continuous, range: [0, 1]}}\n") ==
        "s.yaml:2: command: placeholder :save_to: names no parameter");
}
