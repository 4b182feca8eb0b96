#include <catch2/catch.hpp>

#include "algorithms/study/results_table.hpp"
#include "helpers.hpp"

using namespace summit;
using namespace summit::algorithms;

namespace {

study two_trials() {
  auto spec = test::spec_from(
      "name: r\ncommand: run\nobjective: {goal: minimize}\nalgorithm: {name: random}\n"
      "parameters:\n  lr: {type: continuous, range: [0, 1]}\n  act: {type: choice, values: "
      "['a,b', plain]}\n");
  study s(study_record{1, spec, study_state::running, false, "/", 0});
  trial_record one;
  one.id = 1;
  one.parameters = {{"lr", 0.5}, {"act", std::string("a,b")}};
  s.put_trial(one);
  s.add_observation(1, 1, 0.3, {{"acc", 0.8}});
  s.add_observation(1, 2, 0.2, {{"acc", 0.9}});
  s.add_observation(1, 3, 0.25, {{"acc", 0.85}, {"f1", 0.5}});
  one.status = trial_status::completed;
  s.put_trial(one);
  trial_record two;
  two.id = 2;
  two.parameters = {{"lr", 0.1}, {"act", std::string("plain")}};
  two.status = trial_status::failed;
  s.put_trial(two);
  return s;
}

}  // namespace

TEST_CASE("the results table has SHERPA's columns and one row per observation and end",
          "[results]") {
  auto t = make_results_table(two_trials());
  CHECK(t.columns ==
        std::vector<std::string>{"Trial-ID", "Status", "Iteration", "Objective", "lr", "act", "acc", "f1"});
  REQUIRE(t.rows.size() == 3 + 1 + 1);
  CHECK(t.rows[0][1] == value{std::string("INTERMEDIATE")});
  // The finished row carries the best observation (iteration 2) and its context.
  const auto& done = t.rows[3];
  CHECK(done[1] == value{std::string("COMPLETED")});
  CHECK(done[2] == value{std::int64_t{2}});
  CHECK(done[3] == value{0.2});
  CHECK(done[6] == value{0.9});
  CHECK_FALSE(done[7].has_value());
  // A failed trial without observations has no iteration or objective.
  CHECK(t.rows[4][1] == value{std::string("FAILED")});
  CHECK_FALSE(t.rows[4][2].has_value());
}

TEST_CASE("the CSV quotes fields that need it", "[results]") {
  const auto csv = to_csv(make_results_table(two_trials()));
  CHECK(csv.rfind("Trial-ID,Status,Iteration,Objective,lr,act,acc,f1\n", 0) == 0);
  CHECK(csv.find("1,COMPLETED,2,0.2,0.5,\"a,b\",0.9,\n") != std::string::npos);
  CHECK(csv.find("2,FAILED,,,0.1,plain,,\n") != std::string::npos);
}

TEST_CASE("the JSON table gives null for empty cells", "[results]") {
  auto j = to_json(make_results_table(two_trials()));
  REQUIRE(j.size() == 5);
  CHECK(j[4]["Status"] == "FAILED");
  CHECK(j[4]["Objective"].is_null());
  CHECK(j[3]["act"] == "a,b");
}
