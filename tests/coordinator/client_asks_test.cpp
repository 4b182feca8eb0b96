// A client that runs a study's trials itself asks for them with ask_trials,
// each end giving its slot back, and may end a trial with its last
// observation: stored together, or neither.

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace summit;
using namespace summit::coordinator;
using summit::test::harness;
using summit::test::random_study;

namespace {

/// A study run by one asking client, registered with no slot.
struct asking {
  harness h;
  study_id id = h.submit(random_study("s", "retries: 0\n"));

  asking() { h.join_client("client", id, 0); }

  void ask(std::uint32_t count) {
    h.run(h.c.ask("client", count, h.now));
    h.settle();
  }

  trial_id last_run() const { return h.runs.back().run.trial; }
};

protocol::trial_ended told(trial_id id, std::optional<double> value, std::vector<std::pair<std::string, double>> context = {}) {
  protocol::trial_ended e{id, 0, 0, {}};
  if (value || !context.empty()) e.last = protocol::observation{id, 0, value, std::move(context)};
  return e;
}

}  // namespace

TEST_CASE("an asking client gets a trial per ask, and each end gives its slot back", "[core]") {
  asking a;
  CHECK(a.h.runs.empty());
  a.ask(1);
  REQUIRE(a.h.runs.size() == 1);
  CHECK(a.h.runs[0].worker == "client");
  a.h.exit(a.last_run());
  a.h.settle();
  CHECK(a.h.runs.size() == 1);  // nothing pushed unasked
  CHECK(a.h.c.workers().find("client")->slots == 0);
  a.ask(2);
  CHECK(a.h.runs.size() == 3);
  CHECK(a.h.running_on("client") == 2);
  // A registration says its slots outright, as after a restart.
  a.h.join_client("client", a.id, 2, {a.h.runs[1].run.trial, a.h.runs[2].run.trial}, {}, true);
  a.h.settle();
  CHECK(a.h.runs.size() == 3);
  // A worker node cannot ask: its slots are its own.
  a.h.join("node", 0);
  CHECK(a.h.c.ask("node", 3, a.h.now).empty());
  CHECK(a.h.c.workers().find("node")->slots == 0);
}

TEST_CASE("an end with its last observation stores both in one write; a refused one ends nothing", "[core]") {
  asking a;
  a.ask(1);
  const trial_id trial = a.last_run();

  // A context name that is a column already (the parameter x): refused, the trial runs on.
  auto refused = a.h.c.ending_of(told(trial, 0.5, {{"x", 1.0}}), "client", a.h.now);
  REQUIRE(std::holds_alternative<protocol::error_reply>(refused));
  CHECK(std::get<protocol::error_reply>(refused).trial == trial);
  CHECK(a.h.running(a.id) == 1);

  // Another worker's end changes nothing.
  CHECK(std::holds_alternative<std::monostate>(a.h.c.ending_of(told(trial, 0.5), "other", a.h.now)));

  auto ending = a.h.c.ending_of(told(trial, 0.25, {{"latency_ms", 3.0}}), "client", a.h.now);
  REQUIRE(std::holds_alternative<end_trial>(ending));
  auto& end = std::get<end_trial>(ending);
  REQUIRE(end.last.has_value());
  CHECK(end.last->objective == 0.25);
  a.h.run({end});
  const auto& t = *a.h.c.state().find(a.id)->find(trial);
  CHECK(t.record.status == trial_status::completed);
  REQUIRE(t.observations.size() == 1);
  CHECK(t.observations[0].objective == 0.25);
  CHECK(a.h.c.state().find(a.id)->metric_names() == std::vector<std::string>{"latency_ms"});
  // Told again (the answer was lost): known, nothing more to store.
  CHECK(std::holds_alternative<std::monostate>(a.h.c.ending_of(told(trial, 0.25), "client", a.h.now)));
}

TEST_CASE("an end whose last observation is stored already ends the trial without storing it again", "[core]") {
  asking a;
  a.ask(1);
  const trial_id trial = a.last_run();
  auto admitted = a.h.c.admit(protocol::observation{trial, 0, 0.75, {}}, "client", a.h.now);
  REQUIRE(std::holds_alternative<storage::observation_record>(admitted));
  effects ignored;
  a.h.c.observed(std::get<storage::observation_record>(admitted), ignored);
  auto ending = a.h.c.ending_of(told(trial, 0.75), "client", a.h.now);
  REQUIRE(std::holds_alternative<end_trial>(ending));
  CHECK_FALSE(std::get<end_trial>(ending).last.has_value());
}

TEST_CASE("an end with its last observation listed on registering again is stored with it", "[core]") {
  asking a;
  a.ask(1);
  const trial_id trial = a.last_run();
  a.h.join_client("client", a.id, 0, {}, {told(trial, 0.125)}, true);
  REQUIRE(a.h.ends.size() == 1);
  const auto& t = *a.h.c.state().find(a.id)->find(trial);
  CHECK(t.record.status == trial_status::completed);
  REQUIRE(t.observations.size() == 1);
  CHECK(t.observations[0].objective == 0.125);
}

TEST_CASE("a client hears when its study makes no more trials, at once or on asking after", "[core]") {
  harness h;
  const auto id = h.submit(
      "name: two\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: 2}\nretries: 0\n"
      "parameters: {x: {type: continuous, range: [0, 1]}}\n");
  h.join_client("a", id, 0);
  h.join_client("b", id, 0);
  h.join("node", 0);  // a worker node is never told
  h.run(h.c.ask("a", 2, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 2);
  h.run(h.c.ask("b", 1, h.now));  // nothing left to make: b waits
  h.settle();
  h.exit(h.runs[0].run.trial);
  h.settle();
  CHECK(h.overs.empty());  // a trial still runs: were it to fail, its retry would go to a client
  h.exit(h.runs[1].run.trial);
  h.settle();
  REQUIRE(h.overs.size() == 2);
  for (const auto& o : h.overs) {
    CHECK(o.over.study == id);
    CHECK(o.over.state == study_state::finished);
  }
  CHECK(((h.overs[0].client == "a" && h.overs[1].client == "b") || (h.overs[0].client == "b" && h.overs[1].client == "a")));

  // Asking or registering after: told at once, and no trial is made.
  h.overs.clear();
  h.run(h.c.ask("a", 1, h.now));
  REQUIRE(h.overs.size() == 1);
  CHECK(h.overs[0].client == "a");
  h.join_client("c", id, 1);
  REQUIRE(h.overs.size() == 2);
  CHECK(h.overs[1].client == "c");
  h.settle();
  CHECK(h.runs.size() == 2);
}

TEST_CASE("a stopped study's clients hear so while its trials still run", "[core]") {
  asking a;
  a.ask(1);
  auto [answer, effects] = a.h.c.change(model::stop_study{a.id});
  REQUIRE(answer);
  a.h.run(std::move(effects));
  REQUIRE(a.h.overs.size() == 1);
  CHECK(a.h.overs[0].over.state == study_state::stopping);
  a.h.exit(a.last_run());
  CHECK(a.h.overs.size() == 2);  // stopping, then stopped
  CHECK(a.h.overs[1].over.state == study_state::stopped);
}
