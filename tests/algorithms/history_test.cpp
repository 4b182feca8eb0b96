#include <cmath>

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


TEST_CASE("a mirror kept by the changes since each request is the whole history", "[history]") {
  auto s = make_study();
  history_mirror mirror;
  std::uint64_t sent = 0;
  const auto update = [&] {
    auto changes = changes_since(s, sent);
    sent = s.version();
    const auto size = changes.trials.size();
    const auto& h = mirror.apply(std::move(changes));
    const auto whole = make_history(s);
    REQUIRE(h.trials.size() == whole.trials.size());
    for (std::size_t i = 0; i < whole.trials.size(); ++i) {
      CHECK(h.trials[i].id == whole.trials[i].id);
      CHECK(h.trials[i].status == whole.trials[i].status);
      CHECK(h.trials[i].objective == whole.trials[i].objective);
      CHECK(h.trials[i].last_iteration == whole.trials[i].last_iteration);
    }
    return size;
  };
  s.put_trial(running(1));
  s.put_trial(running(2));
  CHECK(update() == 2);
  CHECK(update() == 0);  // nothing changed
  s.add_observation(2, 1, 0.3, {});
  CHECK(update() == 1);  // the observed trial alone
  s.add_observation(2, 1, 0.9, {});  // a duplicate iteration changes nothing
  CHECK(update() == 0);
  auto ended = running(2);
  ended.status = trial_status::completed;
  s.put_trial(ended);
  s.put_trial(running(3));
  s.add_observation(1, 2, std::nan(""), {});  // a NaN has no value, but its iteration counts
  CHECK(update() == 3);
}

TEST_CASE("a mirror's counts by origin equal a count of every trial, placeholders on or off", "[history]") {
  auto s = make_study();
  history_mirror mirror;
  std::uint64_t sent = 0;
  const auto origins = {trial_origin::algorithm, trial_origin::enqueued, trial_origin::retry};
  const auto check = [&](const history& h) {
    history plain;  // no counts kept: the scan of every trial
    plain.trials = h.trials;
    for (const auto o : origins) CHECK(h.count(o) == plain.count(o));
  };
  for (trial_id id = 1; id <= 9; ++id) {
    auto r = running(id);
    r.origin = id % 3 == 0 ? trial_origin::retry : id % 4 == 0 ? trial_origin::enqueued : trial_origin::algorithm;
    s.put_trial(r);
    auto changes = changes_since(s, sent);
    sent = s.version();
    auto& h = mirror.apply(std::move(changes));
    check(h);
    const auto known = h.trials.size();
    h.trials.push_back({0, {}, trial_status::running, trial_origin::algorithm, std::nullopt, -1});  // a placeholder
    check(h);
    h.trials.resize(known);
    check(h);
  }
  CHECK(mirror.apply(changes_since(s, sent)).count(trial_origin::retry) == 3);
}
