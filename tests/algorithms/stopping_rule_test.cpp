#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "algorithms/space/random.hpp"
#include "algorithms/stopping/stopping_rule.hpp"

using namespace summit;
using namespace summit::algorithms;
using namespace summit::model;

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

namespace {

/// SHERPA's MedianStoppingRule.should_trial_stop, literally: rescans every
/// observation. The incremental rule must agree with it on every decision.
struct naive_median {
  goal direction;
  std::int64_t min_iterations;
  std::size_t min_trials;
  std::map<trial_id, std::vector<std::pair<std::int64_t, double>>> seen;
  bool completed_only = false;
  std::set<trial_id> completed;

  bool observe(trial_id trial, std::int64_t iteration, double objective) {
    seen[trial].emplace_back(iteration, objective);
    const auto sign = direction == goal::minimize ? 1.0 : -1.0;
    std::int64_t reached = -1;
    double own = NAN;
    for (const auto& [i, v] : seen[trial]) {
      reached = std::max(reached, i);
      if (!std::isnan(v) && !(sign * v >= own)) own = sign * v;
    }
    if (reached < min_iterations) return false;
    if (std::isnan(own)) return true;
    std::vector<double> others;
    for (const auto& [id, obs] : seen) {
      if (id == trial || (completed_only && !completed.count(id))) continue;
      double best = NAN;
      for (const auto& [i, v] : obs)
        if (i <= reached && !std::isnan(v) && !(sign * v >= best)) best = sign * v;
      if (!std::isnan(best)) others.push_back(best);
    }
    if (others.empty() || others.size() < min_trials) return false;
    std::sort(others.begin(), others.end());
    const auto n = others.size();
    const double median = n % 2 ? others[n / 2] : (others[n / 2 - 1] + others[n / 2]) / 2;
    return own > median;
  }
};

}  // namespace

TEST_CASE("the median rule stops a trial worse than the others' median at its iteration", "[stopping]") {
  auto r = rule("minimize", "{rule: median, min_iterations: 0, min_trials: 2}");
  // Trials 1 and 2 fall to 1.0 and 2.0 by iteration 3.
  for (std::int64_t i = 1; i <= 3; ++i) {
    CHECK_FALSE(r->observe(1, i, 4.0 - static_cast<double>(i)));
    CHECK_FALSE(r->observe(2, i, 5.0 - static_cast<double>(i)));
  }
  // At iteration 1 the others' bests up to 1 are 3 and 4 (median 3.5).
  CHECK_FALSE(r->observe(3, 1, 3.4));
  // At iteration 2 they are 2 and 3 (median 2.5): 3.4 is now worse.
  CHECK(r->observe(3, 2, 3.4));
}

TEST_CASE("the median rule compares with the others' best up to the same iteration only", "[stopping]") {
  auto r = rule("minimize", "{rule: median, min_trials: 1}");
  CHECK_FALSE(r->observe(1, 1, 10.0));
  CHECK_FALSE(r->observe(1, 100, 0.0));  // much later, much better
  // At iteration 1, trial 1's best up to 1 is 10: 5 is better.
  CHECK_FALSE(r->observe(2, 1, 5.0));
}

TEST_CASE("the median rule waits for min_iterations and for min_trials comparison trials", "[stopping]") {
  auto r = rule("minimize", "{rule: median, min_iterations: 3, min_trials: 2}");
  CHECK_FALSE(r->observe(1, 3, 1.0));
  CHECK_FALSE(r->observe(2, 2, 9.0));  // worse, but before iteration 3
  CHECK_FALSE(r->observe(2, 3, 9.0));  // only one comparison trial
  CHECK_FALSE(r->observe(3, 3, 1.0));
  CHECK(r->observe(2, 4, 9.0));        // two now, median 1.0
}

TEST_CASE("the median rule stops a trial that reports only NaN, after min_iterations", "[stopping]") {
  auto r = rule("minimize", "{rule: median, min_iterations: 2, min_trials: 5}");
  CHECK_FALSE(r->observe(1, 1, NAN));
  CHECK(r->observe(1, 2, NAN));
  CHECK_FALSE(r->observe(2, 2, 1.0));  // a finite value, but no comparison trials yet
}

TEST_CASE("the median rule follows a maximize goal and never stops on a tie", "[stopping]") {
  auto r = rule("maximize", "{rule: median}");
  CHECK_FALSE(r->observe(1, 1, 0.9));
  CHECK_FALSE(r->observe(2, 1, 0.9));  // equal to the median is not worse
  CHECK(r->observe(3, 1, 0.5));
  CHECK_FALSE(r->observe(4, 1, 0.95));
}

TEST_CASE("the median rule agrees with SHERPA's rescanning rule on random histories", "[stopping]") {
  for (const char* compare_with : {"all", "completed"}) {
    for (const char* goal_name : {"minimize", "maximize"}) {
      INFO(compare_with << " " << goal_name);
      const goal g = std::string(goal_name) == "minimize" ? goal::minimize : goal::maximize;
      auto r = rule(goal_name, std::string("{rule: median, min_iterations: 2, min_trials: 3, compare_with: ") +
                                   compare_with + "}");
      naive_median reference{g, 2, 3, {}, std::string(compare_with) == "completed", {}};
      random_engine rng(11);
      std::map<trial_id, std::int64_t> next_iteration;
      std::set<trial_id> ended;
      std::size_t stops = 0;
      for (int step = 0; step < 3000; ++step) {
        const trial_id t = 1 + rng.below(40) + 40 * (static_cast<trial_id>(step) / 600);  // trials come and go
        if (ended.count(t)) continue;
        if (rng.uniform() < 0.03) {  // the trial ends: completed or not
          const bool completed = rng.uniform() < 0.6;
          ended.insert(t);
          if (completed) reference.completed.insert(t);
          r->trial_ended(t, completed);
          continue;
        }
        auto& i = next_iteration[t];
        // Mostly in order, sometimes out of order, sometimes NaN.
        const std::int64_t iteration = rng.uniform() < 0.1 ? static_cast<std::int64_t>(rng.below(10)) : i++;
        const double v = rng.uniform() < 0.03 ? NAN : rng.uniform() * 10 - static_cast<double>(iteration) * 0.1;
        const bool expected = reference.observe(t, iteration, v);
        INFO("step " << step << " trial " << t << " iteration " << iteration);
        REQUIRE(r->observe(t, iteration, v) == expected);
        stops += expected;
      }
      CHECK(stops > 100);  // the comparison exercised both answers
    }
  }
}

TEST_CASE("with compare_with: completed, only trials that ran to their end are the bar", "[stopping]") {
  auto r = rule("minimize", "{rule: median, min_trials: 1, compare_with: completed}");
  CHECK_FALSE(r->observe(1, 1, 9.0));
  CHECK_FALSE(r->observe(2, 1, 5.0));  // trial 1 is still running: nothing to compare with
  r->trial_ended(1, false);            // stopped: still not a bar
  CHECK_FALSE(r->observe(3, 1, 7.0));
  r->trial_ended(2, true);
  CHECK(r->observe(3, 2, 7.0));        // worse than completed trial 2's 5.0
}
