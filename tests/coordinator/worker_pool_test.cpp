#include <catch2/catch.hpp>

#include "coordinator/worker_pool.hpp"

using namespace summit::coordinator;

TEST_CASE("the pool never promises a slot twice", "[coordinator]") {
  worker_pool pool;
  CHECK_FALSE(pool.with_free_slot().has_value());
  pool.join("a", 2);
  pool.join("b", 1);
  CHECK(pool.with_free_slot() == std::optional<std::string>("a"));  // the most free
  CHECK(pool.reserve("a"));
  CHECK(pool.reserve("a"));
  CHECK(pool.with_free_slot() == std::optional<std::string>("b"));
  CHECK(pool.start("a", 7));  // a reservation becomes a running trial
  CHECK(pool.find("a")->running.count(7) == 1);
  CHECK(pool.find("a")->free() == 0);
  pool.release("a");
  CHECK(pool.find("a")->free() == 1);
  pool.finish("a", 7);
  CHECK(pool.find("a")->free() == 2);
  CHECK_FALSE(pool.reserve("gone"));
  CHECK_FALSE(pool.start("gone", 1));
}
