// A study whose algorithm is `external`: it waits while its process has
// sent nothing, and asks again when the process's points come (wake).

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace summit;
using namespace summit::coordinator;
using summit::test::harness;

namespace {

const char* external_study =
    "name: e\ncommand: run :x:\nobjective: {goal: minimize}\nalgorithm: {name: external, max_trials: 3}\n"
    "parameters: {x: {type: continuous, range: [0, 1]}}\n";

}  // namespace

TEST_CASE("an external study waits for its process's points and starts them when woken", "[core]") {
  harness h;
  const auto id = h.submit(external_study);
  h.join("w", 4);
  h.settle();
  CHECK(h.runs.empty());  // nothing sent yet: it waits
  CHECK(h.feeds.at(id)->hungry);
  // The process answers; the study is woken and asks again.
  h.feeds.at(id)->ready.push_back({{"x", 0.5}});
  h.feeds.at(id)->ready.push_back({{"x", 0.25}});
  h.run(h.c.wake(id, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 2);
  CHECK(h.runs[0].run.parameters == params{{"x", 0.5}});
  CHECK(h.runs[1].run.parameters == params{{"x", 0.25}});
  CHECK(h.feeds.at(id)->hungry);  // it wants more for the free slots
}

TEST_CASE("a wake while the study's request is out is not lost to a stale wait", "[core]") {
  harness h;
  const auto id = h.submit(external_study);
  h.join("w", 1);
  REQUIRE(h.asks.size() == 1);  // out, not answered yet
  h.feeds.at(id)->ready.push_back({{"x", 0.5}});
  h.run(h.c.wake(id, h.now));  // arrives before the answer
  // The answer was made before the points came: a wait. It must not stick.
  h.asks.pop_front();
  h.run(h.c.suggested(id, {algorithms::suggestion::wait()}, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 1);
  CHECK(h.runs[0].run.parameters == params{{"x", 0.5}});
}

TEST_CASE("an external study finishes when its process says done", "[core]") {
  harness h;
  const auto id = h.submit(external_study);
  h.join("w", 2);
  h.settle();
  h.feeds.at(id)->ready.push_back({{"x", 0.5}});
  h.feeds.at(id)->done = true;
  h.run(h.c.wake(id, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 1);
  h.exit(h.runs[0].run.trial);
  h.settle();
  CHECK(h.c.state().find(id)->record().state == study_state::finished);
}
