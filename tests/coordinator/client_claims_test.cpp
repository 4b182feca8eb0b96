// An asking client (ask and tell) after the coordinator restarted: its name
// is its process's own, so what it lists is all it holds.

#include <catch2/catch.hpp>

#include "harness.hpp"

using namespace summit;
using namespace summit::coordinator;
using summit::test::harness;
using summit::test::random_study;

namespace {

/// A log in which study 1 runs trials 1, 2 and 3 on one client.
model::registry three_trials_on(const std::string& client) {
  model::registry log;
  log.put_study(model::study_record{1, summit::test::spec_from(random_study("s", "retries: 0\n")),
                                    study_state::running, false, "/w", 0});
  for (trial_id id : {1, 2, 3}) {
    model::trial_record t;
    t.id = id;
    t.study = 1;
    t.parameters = {{"x", 0.1 * static_cast<double>(id)}};
    t.worker = client;
    log.put_trial(t);
  }
  return log;
}

harness restarted(const std::string& client) {
  core_options options;
  options.interrupt_orphans = false;
  harness h(three_trials_on(client), options);
  h.run(h.c.recover());
  return h;
}

}  // namespace

TEST_CASE("a client back after a restart gets the trial that never reached it, not a failure", "[core]") {
  harness h = restarted("client-a");
  // It runs trial 1, ended trial 3 while the coordinator was away, and never
  // received trial 2 (stored, then the coordinator died before sending it).
  h.join_client("client-a", 1, 2, {1}, {protocol::trial_ended{3, 0, 0, {}}});
  REQUIRE(h.ends.size() == 1);
  CHECK(h.ends[0].id == 3);
  CHECK(h.ends[0].status == trial_status::completed);
  REQUIRE(h.runs.size() == 1);
  CHECK(h.runs[0].worker == "client-a");
  CHECK(h.runs[0].run.trial == 2);
  CHECK(h.runs[0].run.parameters == params{{"x", 0.2}});
  CHECK(h.kills.empty());
  CHECK(h.running_on("client-a") == 2);
  h.run(h.c.claims_closed(h.now));
  CHECK(h.ends.size() == 1);  // both claimed: nothing is lost
}

TEST_CASE("a client's end reported on registering is not taken for a lost trial", "[core]") {
  harness h = restarted("client-b");
  h.join_client("client-b", 0, 2, {}, {protocol::trial_ended{1, 0, 0, {}}, protocol::trial_ended{2, 1, 0, "bad"},
                                      protocol::trial_ended{3, 0, 0, {}}});
  REQUIRE(h.ends.size() == 3);
  CHECK(h.ends[0].status == trial_status::completed);
  CHECK(h.ends[1].status == trial_status::failed);
  CHECK(h.ends[2].status == trial_status::completed);
  CHECK(h.runs.empty());
}

TEST_CASE("a worker node back without a trial still loses it: it is a new process", "[core]") {
  harness h = restarted("node");
  h.join("node", 4, {1, 3});
  REQUIRE(h.ends.size() == 1);
  CHECK(h.ends[0].id == 2);
  CHECK(h.ends[0].reason == "lost: worker node came back without it");
  CHECK(h.runs.empty());
}
