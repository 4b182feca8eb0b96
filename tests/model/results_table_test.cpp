#include <catch2/catch.hpp>

#include "results_fixture.hpp"

using namespace summit;
using namespace summit::model;

TEST_CASE("the results table has SHERPA's columns and one row per observation and end",
          "[results]") {
  auto t = make_results_table(test::two_trials());
  CHECK(t.columns ==
        std::vector<std::string>{"Trial-ID", "Status", "Iteration", "Objective", "lr", "act", "acc", "f1"});
  REQUIRE(t.rows.size() == 3 + 1 + 1);
  CHECK(*cell_at(t.rows[0], 1) == value{std::string("INTERMEDIATE")});
  // The finished row carries the best observation's value and context (from
  // iteration 2) at the trial's last iteration, 3, as SHERPA's finalize.
  const auto& done = t.rows[3];
  CHECK(*cell_at(done, 1) == value{std::string("COMPLETED")});
  CHECK(*cell_at(done, 2) == value{std::int64_t{3}});
  CHECK(*cell_at(done, 3) == value{0.2});
  CHECK(*cell_at(done, 6) == value{0.9});
  CHECK(cell_at(done, 7) == nullptr);
  // A failed trial without observations has no iteration or objective.
  CHECK(*cell_at(t.rows[4], 1) == value{std::string("FAILED")});
  CHECK(cell_at(t.rows[4], 2) == nullptr);
}

TEST_CASE("a trial that reported 0.5, 0.3, 0.4 at 1, 2, 3 ends as iteration 3, objective 0.3", "[results]") {
  auto spec = test::spec_from(
      "name: r\ncommand: run\nobjective: {goal: minimize}\nalgorithm: {name: random}\n"
      "parameters:\n  lr: {type: continuous, range: [0, 1]}\n");
  model::study s(model::study_record{1, spec, study_state::running, false, "/", 0});
  model::trial_record r;
  r.id = 1;
  r.parameters = {{"lr", 0.5}};
  s.put_trial(r);
  s.add_observation(1, 1, 0.5, {{"acc", 0.1}});
  s.add_observation(1, 2, 0.3, {{"acc", 0.2}});
  s.add_observation(1, 3, 0.4, {{"acc", 0.3}});
  r.status = trial_status::completed;
  s.put_trial(r);
  const auto t = make_results_table(s);
  REQUIRE(t.rows.size() == 4);
  CHECK(*cell_at(t.rows[3], 2) == value{std::int64_t{3}});
  CHECK(*cell_at(t.rows[3], 3) == value{0.3});
  CHECK(*cell_at(t.rows[3], 5) == value{0.2});  // the context of the observation that gave the value
}

TEST_CASE("a table of trials that each report metrics of their own holds only the values stored",
          "[results]") {
  auto s = test::two_trials();
  model::trial_record r;
  r.id = 3;
  r.parameters = {{"lr", 0.2}, {"act", std::string("plain")}};
  s.put_trial(r);
  // 50 observations, each with 20 metric names no other one reports.
  for (int i = 1; i <= 50; ++i) {
    std::vector<std::pair<std::string, double>> context;
    for (int k = 0; k < 20; ++k) context.emplace_back("m" + std::to_string(i) + "_" + std::to_string(k), k);
    s.add_observation(3, i, 1.0 / i, context);
  }
  const auto t = make_results_table(s);
  CHECK(t.columns.size() == 4 + 2 + 2 + 50 * 20);
  std::size_t cells = 0;
  for (std::size_t i = 5; i < t.rows.size(); ++i) {
    const auto& row = t.rows[i];
    cells += row.size();
    CHECK(std::is_sorted(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; }));
  }
  // Trial-ID, Status, Iteration, Objective, lr, act and the row's own 20.
  CHECK(cells == 50 * (6 + 20));
}

TEST_CASE("a page of trials loaded alone takes the whole study's metric columns", "[results]") {
  // Trial 2 of a study whose trial 1 reported acc and f1 first: loaded
  // alone, the page knows f1 and loss only, in its own order.
  const auto whole = test::two_trials();
  model::study page(whole.record());
  model::trial_record two;
  two.id = 2;
  two.parameters = {{"lr", 0.1}, {"act", std::string("plain")}};
  page.put_trial(two);
  page.add_observation(2, 1, 0.7, {{"loss", 1.5}, {"f1", 0.4}});
  const std::vector<std::string> names{"acc", "f1", "loss"};
  const auto t = make_results_page(page, names);
  CHECK(t.columns ==
        std::vector<std::string>{"Trial-ID", "Status", "Iteration", "Objective", "lr", "act", "acc", "f1", "loss"});
  REQUIRE(t.rows.size() == 1);  // trial 2 is still running
  CHECK(cell_at(t.rows[0], 6) == nullptr);
  CHECK(*cell_at(t.rows[0], 7) == value{0.4});
  CHECK(*cell_at(t.rows[0], 8) == value{1.5});
  // Under its own names, the table is the page's own.
  CHECK(make_results_table(page).columns.back() == "f1");
}
