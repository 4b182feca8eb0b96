#include <catch2/catch.hpp>

#include "coordinator/worker_pool.hpp"

using namespace summit::coordinator;

TEST_CASE("the pool never promises a slot twice", "[coordinator]") {
  worker_pool pool;
  CHECK_FALSE(pool.with_free_slot(1, true).has_value());
  pool.join("a", 2);
  pool.join("b", 1);
  CHECK(pool.with_free_slot(1, true) == std::optional<std::string>("a"));  // the most free
  CHECK(pool.reserve("a"));
  CHECK(pool.reserve("a"));
  CHECK(pool.with_free_slot(1, true) == std::optional<std::string>("b"));
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

TEST_CASE("a client bound to a study gets that study's trials only; a study without a command, clients only",
          "[coordinator]") {
  worker_pool pool;
  pool.join("node", 4);
  pool.join("client-of-2", 1, {}, 2);
  CHECK(pool.with_free_slot(1, true) == std::optional<std::string>("node"));
  CHECK(pool.with_free_slot(2, true) == std::optional<std::string>("node"));  // the most free of both
  CHECK(pool.with_free_slot(2, false) == std::optional<std::string>("client-of-2"));
  CHECK_FALSE(pool.with_free_slot(3, false).has_value());
  pool.leave("node");
  CHECK_FALSE(pool.with_free_slot(1, true).has_value());
  CHECK(pool.with_free_slot(2, true) == std::optional<std::string>("client-of-2"));
}
