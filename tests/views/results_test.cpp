#include <catch2/catch.hpp>

#include "../model/results_fixture.hpp"
#include "views/results.hpp"

using namespace summit;
using namespace summit::views;
using test::two_trials;

TEST_CASE("the CSV quotes fields that need it", "[results]") {
  const auto csv = to_csv(model::make_results_table(two_trials()));
  CHECK(csv.rfind("Trial-ID,Status,Iteration,Objective,lr,act,acc,f1\n", 0) == 0);
  CHECK(csv.find("1,COMPLETED,3,0.2,0.5,\"a,b\",0.9,\n") != std::string::npos);
  CHECK(csv.find("2,FAILED,,,0.1,plain,,\n") != std::string::npos);
}

TEST_CASE("the JSON table gives null for empty cells", "[results]") {
  auto j = to_json(model::make_results_table(two_trials()));
  REQUIRE(j.size() == 5);
  CHECK(j[4]["Status"] == "FAILED");
  CHECK(j[4]["Objective"].is_null());
  CHECK(j[3]["act"] == "a,b");
}
