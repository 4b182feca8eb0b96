#include <cmath>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "model/state/study.hpp"

using namespace summit;
using namespace summit::model;

namespace {

study make_study(const std::string& objective = "{goal: minimize}", int retries = 0) {
  std::string yaml = "name: s\ncommand: run\nobjective: " + objective +
                     "\nalgorithm: {name: random}\nretries: " + std::to_string(retries) +
                     "\nparameters:\n  x: {type: continuous, range: [0, 1]}\n";
  return study(study_record{1, test::spec_from(yaml), study_state::running, false, "/", 0});
}

trial_record running(trial_id id) {
  trial_record r;
  r.id = id;
  r.study = 1;
  r.parameters = {{"x", 0.5}};
  return r;
}

trial_record ended(trial_id id, trial_status s) {
  auto r = running(id);
  r.status = s;
  return r;
}

}  // namespace

TEST_CASE("the best trial is the completed one with the best value under the goal", "[study]") {
  auto s = make_study();
  for (trial_id id : {1, 2, 3}) s.put_trial(running(id));
  s.add_observation(1, 1, 0.5, {});
  s.add_observation(2, 1, 0.2, {});
  s.add_observation(3, 1, 0.1, {});
  s.put_trial(ended(1, trial_status::completed));
  s.put_trial(ended(2, trial_status::completed));
  s.put_trial(ended(3, trial_status::stopped));  // better, but not COMPLETED
  REQUIRE(s.best_trial());
  CHECK(s.best_trial()->record.id == 2);

  auto m = make_study("{goal: maximize}");
  for (trial_id id : {1, 2}) {
    m.put_trial(running(id));
    m.add_observation(id, 1, static_cast<double>(id), {});
    m.put_trial(ended(id, trial_status::completed));
  }
  CHECK(m.best_trial()->record.id == 2);
}

TEST_CASE("a trial's value follows the aggregate: best, last or mean", "[study]") {
  for (auto [agg, expected_value, expected_iteration] :
       {std::tuple{"best", 0.1, 2}, std::tuple{"last", 0.3, 3}, std::tuple{"mean", 0.2, 3}}) {
    auto s = make_study(std::string("{goal: minimize, aggregate: ") + agg + "}");
    s.put_trial(running(1));
    s.add_observation(1, 3, 0.3, {});
    s.add_observation(1, 1, 0.2, {});  // out of order arrival
    s.add_observation(1, 2, 0.1, {});
    auto v = s.value_of(*s.find(1));
    REQUIRE(v);
    CHECK(v->objective == Approx(expected_value));
    CHECK(v->iteration == expected_iteration);
  }
}

TEST_CASE("NaN observations are kept but give a trial no value", "[study]") {
  for (auto [agg, expected_value, expected_iteration] :
       {std::tuple{"best", 0.1, 2}, std::tuple{"last", 0.3, 4}, std::tuple{"mean", 0.2, 4}}) {
    auto s = make_study(std::string("{goal: minimize, aggregate: ") + agg + "}");
    s.put_trial(running(1));
    s.add_observation(1, 5, NAN, {});
    CHECK_FALSE(s.value_of(*s.find(1)));
    s.add_observation(1, 4, 0.3, {});
    s.add_observation(1, 0, NAN, {});
    s.add_observation(1, 2, 0.1, {});
    s.add_observation(1, 3, 0.2, {});
    CHECK(s.find(1)->observations.size() == 5);
    auto v = s.value_of(*s.find(1));
    REQUIRE(v);
    CHECK(v->objective == Approx(expected_value));
    CHECK(v->iteration == expected_iteration);
  }
}

TEST_CASE("an observation is refused for an unknown or ended trial", "[study]") {
  auto s = make_study();
  s.put_trial(running(1));
  CHECK(s.check_observation(7, 0).error().message == "unknown trial 7");
  s.add_observation(1, 0, 1.0, {});
  s.put_trial(ended(1, trial_status::completed));
  CHECK(s.check_observation(1, 1).error().message == "trial 1 has already ended (COMPLETED)");
  // A resend of what was stored before the end is still recognised.
  CHECK(*s.check_observation(1, 0) == observation_check::duplicate);
}

TEST_CASE("the same iteration is stored once", "[study]") {
  auto s = make_study();
  s.put_trial(running(1));
  CHECK(*s.check_observation(1, 4) == observation_check::fresh);
  s.add_observation(1, 4, 1.0, {{"acc", 0.9}});
  CHECK(*s.check_observation(1, 4) == observation_check::duplicate);
  s.add_observation(1, 4, 2.0, {});
  CHECK(s.find(1)->observations.size() == 1);
  CHECK(s.observation_count() == 1);
  CHECK(s.metric_names() == std::vector<std::string>{"acc"});
}

TEST_CASE("counts follow status changes", "[study]") {
  auto s = make_study();
  for (trial_id id : {1, 2, 3}) s.put_trial(running(id));
  s.put_trial(ended(1, trial_status::completed));
  s.put_trial(ended(2, trial_status::failed));
  CHECK(s.counts().running == 1);
  CHECK(s.counts().completed == 1);
  CHECK(s.counts().failed == 1);
  CHECK(s.counts().total() == 3);
}

TEST_CASE("failed trials are owed retries up to the study's limit", "[study]") {
  auto s = make_study("{goal: minimize}", 1);
  s.put_trial(ended(1, trial_status::failed));
  CHECK(s.retries_due() == std::vector<trial_id>{1});
  auto retry = ended(2, trial_status::failed);
  retry.origin = trial_origin::retry;
  retry.retry_of = 1;
  retry.attempt = 1;
  s.put_trial(retry);
  CHECK(s.retries_due().empty());  // 2 used the only retry
}

TEST_CASE("an interrupted trial is re-run without using a retry", "[study]") {
  auto s = make_study("{goal: minimize}", 0);
  auto r = ended(1, trial_status::failed);
  r.interrupted = true;
  s.put_trial(r);
  CHECK(s.retries_due() == std::vector<trial_id>{1});
}

TEST_CASE("a trial's end follows its exit and any stop request", "[study]") {
  trial t;
  t.record = running(1);
  CHECK(ended_record(t, 0, 0, 5).status == trial_status::completed);
  const auto failed = ended_record(t, 3, 0, 5);
  CHECK(failed.status == trial_status::failed);
  CHECK(failed.reason == "exit code 3");
  CHECK(failed.ended_ms == 5);
  CHECK(ended_record(t, -1, 9, 5).reason == "killed by signal 9");
  // A worker that knows why (a scheduler refused the job) says so instead.
  CHECK(ended_record(t, 127, 0, 5, "SLURM refused the trial: bad partition").reason ==
        "SLURM refused the trial: bad partition");
  CHECK(ended_record(t, 0, 0, 5, "ignored when it completed").reason.empty());
  t.stop_requested = true;
  t.stop_reason = "threshold";
  const auto stopped = ended_record(t, -1, 15, 5);
  CHECK(stopped.status == trial_status::stopped);
  CHECK(stopped.reason == "threshold");
  CHECK(stopped.signal == 15);
}
