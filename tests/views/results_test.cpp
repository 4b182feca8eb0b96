#include <sstream>

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

TEST_CASE("a table written a page at a time is the table written whole", "[results]") {
  const auto whole = model::make_results_table(two_trials());
  for (const char* format : {"csv", "json"}) {
    INFO(format);
    std::ostringstream at_once;
    REQUIRE_FALSE(write_table(at_once, whole, format));
    for (std::size_t split : {0, 1, 4, 5}) {  // rows in the first page
      auto first = whole;
      first.rows.resize(split);
      auto second = whole;
      second.rows.erase(second.rows.begin(), second.rows.begin() + static_cast<std::ptrdiff_t>(split));
      std::ostringstream paged;
      table_writer writer(paged, *table_writer::format_named(format));
      writer.write(first);
      writer.write(second);
      writer.finish();
      CHECK(paged.str() == at_once.str());
    }
    std::ostringstream empty_whole, empty_paged;
    auto empty = whole;
    empty.rows.clear();
    REQUIRE_FALSE(write_table(empty_whole, empty, format));
    table_writer writer(empty_paged, *table_writer::format_named(format));
    writer.write(empty);
    writer.write(empty);
    writer.finish();
    CHECK(empty_paged.str() == empty_whole.str());
  }
  CHECK_FALSE(table_writer::format_named("xml").has_value());
}
