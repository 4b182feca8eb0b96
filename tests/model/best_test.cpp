// The best of a study whose configurations run several times is judged by
// the aggregate of their copies, as SHERPA's Repeat.get_best_result (issue 14, item 15).

#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "model/results/best.hpp"
#include "model/results/summary.hpp"

using namespace summit;
using namespace summit::model;

namespace {

study repeated_study(const std::string& algorithm, const std::string& goal = "minimize") {
  const std::string yaml = "name: s\ncommand: run\nobjective: {goal: " + goal + "}\nalgorithm: " + algorithm +
                           "\nparameters:\n  a: {type: discrete, range: [1, 3]}\n";
  return study(study_record{1, test::spec_from(yaml), study_state::running, false, "/", 0});
}

/// A trial of configuration a that completed with one observation of value.
void completed(study& s, trial_id id, std::int64_t a, double value,
               trial_status status = trial_status::completed) {
  trial_record r;
  r.id = id;
  r.study = 1;
  r.parameters = {{"a", a}};
  s.put_trial(r);
  s.add_observation(id, 1, value, {});
  r.status = status;
  s.put_trial(r);
}

/// The issue's case: a=1's copies at 1.1, 1.2, 1.3; a=3's at 9, 0.1, 9.1.
study the_issues_case(const std::string& algorithm) {
  auto s = repeated_study(algorithm);
  const std::vector<std::tuple<trial_id, std::int64_t, double>> runs{
      {1, 1, 1.1}, {2, 1, 1.2}, {3, 1, 1.3}, {4, 3, 9.0}, {5, 3, 0.1}, {6, 3, 9.1}};
  for (auto [id, a, v] : runs) completed(s, id, a, v);
  return s;
}

}  // namespace

TEST_CASE("with repeat and the mean, the best configuration is the one whose copies' mean is best", "[best]") {
  auto s = the_issues_case("{name: random, max_trials: 2, repeat: {times: 3, aggregate: mean}}");
  const auto best = find_best(s);
  REQUIRE(best);
  CHECK(best->trial->record.id == 1);
  CHECK(best->trial->record.parameters.at("a") == value(std::int64_t{1}));
  CHECK(best->value == Approx(1.2));
  REQUIRE(best->copies);
  CHECK(best->copies->trials == std::vector<trial_id>{1, 2, 3});
  CHECK(best->copies->aggregate == repeat_aggregate::mean);
  CHECK(best->copies->min == 1.1);
  CHECK(best->copies->max == 1.3);
  CHECK(best->copies->stddev == Approx(0.1));
  // The single luckiest copy, which best_trial() still names, is not the answer.
  CHECK(s.best_trial()->record.id == 5);

  const auto summary = summarize(s, std::nullopt);
  CHECK(summary.best == std::optional<trial_id>(1));
  CHECK(summary.best_value == Approx(1.2));
  REQUIRE(summary.best_copies);
  CHECK(summary.best_copies->trials.size() == 3);
}

TEST_CASE("repeat's median and best aggregates judge the copies their way", "[best]") {
  auto median = the_issues_case("{name: random, max_trials: 2, repeat: {times: 3, aggregate: median}}");
  CHECK(find_best(median)->value == Approx(1.2));  // a=1: 1.2; a=3: 9.0
  auto best = the_issues_case("{name: random, max_trials: 2, repeat: {times: 3, aggregate: best}}");
  CHECK(find_best(best)->value == Approx(0.1));  // judged by its best copy, as the user asked
  CHECK(find_best(best)->copies->trials == std::vector<trial_id>{4, 5, 6});
}

TEST_CASE("local_search's repeat_trials judge a configuration by its mean", "[best]") {
  auto s = the_issues_case("{name: local_search, seed_configuration: {a: 2}, repeat_trials: 3}");
  CHECK(find_best(s)->copies->trials == std::vector<trial_id>{1, 2, 3});
}

TEST_CASE("only completed copies count; a configuration with one so far has no spread", "[best]") {
  auto s = repeated_study("{name: random, max_trials: 2, repeat: {times: 3}}", "maximize");
  completed(s, 1, 1, 5.0);
  completed(s, 2, 1, 100.0, trial_status::failed);
  completed(s, 3, 2, 4.0);
  completed(s, 4, 2, 4.5);
  const auto best = find_best(s);
  CHECK(best->copies->trials == std::vector<trial_id>{1});
  CHECK(best->value == 5.0);
  CHECK(best->copies->stddev == 0);
}

TEST_CASE("without repeats the best is the best trial, with no copies", "[best]") {
  auto s = the_issues_case("{name: random, max_trials: 6}");
  const auto best = find_best(s);
  CHECK(best->trial->record.id == 5);
  CHECK_FALSE(best->copies);
  CHECK_FALSE(find_best(repeated_study("{name: random, repeat: {times: 2}}")));  // nothing completed
}
