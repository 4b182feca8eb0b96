#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/search/study_history.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

namespace {

model::study make_study() {
  return model::study(model::study_record{
      1, test::spec_from(test::study_yaml("  x: {type: continuous, range: [0, 1]}\n", "{name: random}")),
      study_state::running, false, "/", 0});
}

model::trial_record running(trial_id id) {
  model::trial_record r;
  r.id = id;
  r.study = 1;
  r.parameters = {{"x", 0.5}};
  return r;
}

}  // namespace

TEST_CASE("the history shows each trial's value and last iteration", "[history]") {
  auto s = make_study();
  s.put_trial(running(1));
  s.put_trial(running(2));
  s.add_observation(1, 0, 0.7, {});
  s.add_observation(1, 5, 0.4, {});
  auto h = make_history(s);
  REQUIRE(h.trials.size() == 2);
  CHECK(h.trials[0].objective == std::optional<double>(0.4));
  CHECK(h.trials[0].last_iteration == 5);
  CHECK_FALSE(h.trials[1].objective.has_value());
  CHECK(h.trials[1].last_iteration == -1);
}

