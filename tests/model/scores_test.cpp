// A trial's values under several objectives and constraints, and the
// study's best as a Pareto front (issue 18).

#include <cmath>
#include <limits>

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "model/results/best.hpp"
#include "model/results/scores.hpp"

using namespace summit;
using namespace summit::model;

namespace {

using context = std::vector<std::pair<std::string, double>>;

/// A study with these objectives (and constraints) of one parameter.
study scored_study(const std::string& objectives) {
  const std::string yaml = "name: s\ncommand: run\n" + objectives +
                           "algorithm: {name: random}\nparameters:\n  a: {type: discrete, range: [1, 100]}\n";
  return study(study_record{1, test::spec_from(yaml), study_state::running, false, "/", 0});
}

study tradeoff_study(const std::string& constraints = "") {
  return scored_study("objectives:\n  - {metric: loss, goal: minimize}\n  - {metric: acc, goal: maximize}\n" +
                      constraints);
}

void run_trial(study& s, trial_id id, const std::vector<std::pair<double, context>>& reports,
         trial_status end = trial_status::completed) {
  trial_record r;
  r.id = id;
  r.study = 1;
  r.parameters = {{"a", static_cast<std::int64_t>(id)}};
  s.put_trial(r);
  std::int64_t i = 0;
  for (const auto& [loss, ctx] : reports) s.add_observation(id, ++i, loss, ctx);
  r.status = end;
  s.put_trial(r);
}

std::vector<trial_id> ids(const std::vector<const trial*>& trials) {
  std::vector<trial_id> out;
  for (const auto* t : trials) out.push_back(t->record.id);
  return out;
}

const double not_a_number = std::numeric_limits<double>::quiet_NaN();

}  // namespace

TEST_CASE("several objectives default to the last report; each may take its own aggregate", "[scores]") {
  auto s = tradeoff_study();
  run_trial(s, 1, {{0.5, {{"acc", 0.7}}}, {0.3, {{"acc", 0.6}}}, {0.4, {{"acc", 0.65}}}});
  const auto last = scores_of(s, *s.find(1));
  CHECK(last.objectives == std::vector<std::optional<double>>{0.4, 0.65});
  CHECK(last.feasible());

  auto best = scored_study("objectives:\n  - {metric: loss, goal: minimize, aggregate: best}\n"
                           "  - {metric: acc, goal: maximize, aggregate: mean}\n");
  run_trial(best, 1, {{0.5, {{"acc", 0.7}}}, {0.3, {{"acc", not_a_number}}}, {0.4, {{"acc", 0.6}}}});
  const auto scores = scores_of(best, *best.find(1)).objectives;
  CHECK(*scores[0] == 0.3);
  CHECK(*scores[1] == Approx(0.65));
}

TEST_CASE("a trial missing an objective's metric, or with NaN only, is infeasible", "[scores]") {
  auto s = tradeoff_study();
  run_trial(s, 1, {{0.5, {}}});
  run_trial(s, 2, {{0.5, {{"acc", not_a_number}}}});
  run_trial(s, 3, {{not_a_number, {{"acc", 0.9}}}});
  for (trial_id id : {1, 2, 3}) CHECK_FALSE(scores_of(s, *s.find(id)).feasible());
  CHECK(pareto_front(s).empty());
  CHECK_FALSE(find_best(s));
}

TEST_CASE("the best of several objectives is the Pareto front of feasible completed trials", "[scores]") {
  auto s = tradeoff_study("constraints:\n  - {metric: mem, max: 16}\n");
  run_trial(s, 1, {{0.30, {{"acc", 0.80}, {"mem", 8}}}});
  run_trial(s, 2, {{0.20, {{"acc", 0.70}, {"mem", 8}}}});
  run_trial(s, 3, {{0.40, {{"acc", 0.90}, {"mem", 12}}}});
  run_trial(s, 4, {{0.35, {{"acc", 0.75}, {"mem", 8}}}});  // dominated by 1
  run_trial(s, 5, {{0.10, {{"acc", 0.99}, {"mem", 32}}}});  // beats all, but breaks the memory bound
  run_trial(s, 6, {{0.05, {{"acc", 0.95}}}});               // no memory reported: infeasible
  run_trial(s, 7, {{0.01, {{"acc", 1.00}, {"mem", 1}}}}, trial_status::failed);  // not completed
  run_trial(s, 8, {{0.30, {{"acc", 0.80}, {"mem", 4}}}});  // a tie with 1: both on the front
  CHECK(ids(pareto_front(s)) == std::vector<trial_id>{2, 1, 8, 3});  // by the first objective, ties by id
  const auto best = find_best(s);
  REQUIRE(best);
  CHECK(best->trial->record.id == 2);
  CHECK(best->value == 0.20);
  CHECK(ids(best->front) == std::vector<trial_id>{2, 1, 8, 3});
  CHECK(scores_of(s, *s.find(5)).violation == 16);
  CHECK(std::isinf(scores_of(s, *s.find(6)).violation));
}

TEST_CASE("with one objective and constraints, the best is the best feasible trial", "[scores]") {
  auto s = scored_study("objective: {metric: loss, goal: minimize}\nconstraints:\n  - {metric: mem, min: 1, max: 16}\n");
  run_trial(s, 1, {{0.1, {{"mem", 20}}}});
  run_trial(s, 2, {{0.3, {{"mem", 10}}}});
  run_trial(s, 3, {{0.2, {{"mem", 0.5}}}});
  run_trial(s, 4, {{0.25, {{"mem", 30}}}, {0.4, {{"mem", 12}}}});  // its best loss came with 30 GB
  run_trial(s, 5, {{0.5, {{"mem", 2}}}, {0.28, {}}});  // the memory reported last, up to its best loss
  const auto best = find_best(s);
  REQUIRE(best);
  CHECK(best->trial->record.id == 5);
  CHECK(best->front.empty());
  CHECK(scores_of(s, *s.find(3)).violation == 0.5);
  CHECK(scores_of(s, *s.find(4)).violation == 14);
}

TEST_CASE("a constraint on the objective's own metric reads the objective field", "[scores]") {
  auto s = scored_study("objective: {metric: loss, goal: minimize}\nconstraints:\n  - {metric: loss, min: 0.2}\n");
  run_trial(s, 1, {{0.1, {}}});
  run_trial(s, 2, {{0.3, {}}});
  CHECK(find_best(s)->trial->record.id == 2);
}
