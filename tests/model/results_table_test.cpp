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
