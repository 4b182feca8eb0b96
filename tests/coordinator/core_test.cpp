#include <catch2/catch.hpp>

#include "harness.hpp"
#include "model/commands/study_errors.hpp"

using namespace summit;
using namespace summit::coordinator;
using summit::test::harness;
using summit::test::random_study;

TEST_CASE("free slots are shared fairly between three studies, and taken in turn", "[core]") {
  harness h;
  const auto a = h.submit(random_study("a")), b = h.submit(random_study("b")), c = h.submit(random_study("c"));
  h.join("w", 6);
  h.settle();
  CHECK(h.running(a) == 2);
  CHECK(h.running(b) == 2);
  CHECK(h.running(c) == 2);
  // Slots freed one at a time go to each study in turn, whichever study's
  // trial freed them.
  std::vector<study_id> got;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto before = h.runs.size();
    h.exit(h.runs[i].run.trial);
    h.settle();
    REQUIRE(h.runs.size() == before + 1);
    got.push_back(h.runs.back().run.study);
  }
  CHECK(got == std::vector<study_id>{a, b, c, a, b, c});
}

TEST_CASE("max_concurrent holds across workers", "[core]") {
  harness h;
  const auto id = h.submit(random_study("capped", "max_concurrent: 3\n"));
  h.join("w1", 4);
  h.join("w2", 4);
  h.settle();
  CHECK(h.running(id) == 3);
  CHECK(h.running_on("w1") + h.running_on("w2") == 3);
  for (int i = 0; i < 5; ++i) {
    h.exit(h.runs[static_cast<std::size_t>(i)].run.trial);
    h.settle();
    CHECK(h.running(id) == 3);
  }
  CHECK(h.c.workers().free_slots() == 8 - 3);
}

TEST_CASE("a lost worker's trials end FAILED and are retried on another, with their parameters", "[core]") {
  harness h;
  const auto id = h.submit(random_study("retried", "retries: 1\nmax_concurrent: 2\n"));
  h.join("a", 2);
  h.settle();
  REQUIRE(h.runs.size() == 2);
  const auto first = h.runs[0].run, second = h.runs[1].run;
  h.run(h.c.lost("a", "missed heartbeats", h.now));
  REQUIRE(h.ends.size() == 2);
  for (const auto& r : h.ends) {
    CHECK(r.status == trial_status::failed);
    CHECK(r.reason == "lost: worker a missed heartbeats");
  }
  CHECK(h.c.state().find(id)->retries_due().size() == 2);
  h.join("b", 2);
  h.settle();
  REQUIRE(h.runs.size() == 4);
  std::set<params> retried{h.runs[2].run.parameters, h.runs[3].run.parameters};
  CHECK(retried == std::set<params>{first.parameters, second.parameters});
  for (const auto& r : {h.runs[2], h.runs[3]}) {
    CHECK(r.worker == "b");
    const auto& record = h.c.state().find(id)->find(r.run.trial)->record;
    CHECK(record.origin == trial_origin::retry);
    CHECK(record.attempt == 1);
  }
  CHECK(h.c.state().find(id)->retries_due().empty());
}

TEST_CASE("after a restart workers claim their trials; what no one claims ends FAILED", "[core]") {
  model::registry log;
  log.put_study(model::study_record{1, summit::test::spec_from(random_study("s", "retries: 1\n")), study_state::running,
                                    false, "/w", 0});
  for (trial_id id : {1, 2, 3}) {
    model::trial_record t;
    t.id = id;
    t.study = 1;
    t.parameters = {{"x", 0.5}};
    t.worker = id == 3 ? "v" : "w";
    log.put_trial(t);
  }
  core_options options;
  options.interrupt_orphans = false;
  harness h(std::move(log), options);
  h.run(h.c.recover());
  CHECK(h.c.interrupted_trials(h.now).empty());
  // w comes back with trial 1 and one it does not have in the log.
  h.join("w", 0, {1, 99});
  REQUIRE(h.kills.size() == 1);
  CHECK(h.kills[0].kill.trial == 99);
  CHECK(h.kills[0].worker == "w");
  REQUIRE(h.ends.size() == 1);
  CHECK(h.ends[0].id == 2);
  CHECK(h.ends[0].reason == "lost: worker w came back without it");
  CHECK(h.c.state().find(1)->find(1)->record.status == trial_status::running);
  // v never comes back.
  h.run(h.c.claims_closed(h.now));
  REQUIRE(h.ends.size() == 2);
  CHECK(h.ends[1].id == 3);
  CHECK(h.ends[1].reason == "lost: no worker claimed it after the coordinator restarted");
  CHECK(h.c.state().find(1)->find(1)->record.status == trial_status::running);
}

TEST_CASE("summit run interrupts what the log shows running, and re-runs it without using a retry", "[core]") {
  model::registry log;
  log.put_study(
      model::study_record{1, summit::test::spec_from(random_study("s")), study_state::running, false, "/w", 0});
  model::trial_record t;
  t.id = 1;
  t.study = 1;
  t.parameters = {{"x", 0.25}};
  t.worker = "local";
  log.put_trial(t);
  core_options options;
  options.resume_all = false;
  harness h(std::move(log), options);
  h.run(h.c.recover());
  const auto interrupted = h.c.interrupted_trials(h.now);
  REQUIRE(interrupted.size() == 1);
  CHECK(std::get<model::trial_record>(interrupted[0]).interrupted);
  h.run(h.c.interrupted_stored(interrupted, h.now));
  h.join("local", 1);
  h.settle();
  CHECK(h.runs.empty());  // not resumed yet
  auto resumed = h.c.resume(1, h.now);
  REQUIRE(resumed.has_value());
  h.run(std::move(*resumed));
  h.settle();
  REQUIRE_FALSE(h.runs.empty());
  CHECK(h.runs[0].run.parameters == t.parameters);
  CHECK(h.c.state().find(1)->find(h.runs[0].run.trial)->record.attempt == 0);
  CHECK_FALSE(h.c.resume(9, h.now).has_value());
}

TEST_CASE("a wait answered from before a trial ended does not park the study", "[core]") {
  harness r;
  const auto study = r.submit(
      "name: r\ncommand: run :x:\nobjective: {goal: minimize}\n"
      "algorithm: {name: random, max_trials: 2, repeat: {times: 2, wait: true}}\n"
      "parameters: {x: {type: continuous, range: [0, 1]}}\n");
  r.join("w", 2);
  r.settle();
  REQUIRE(r.runs.size() == 2);  // both copies of the first configuration
  CHECK(r.runs[0].run.parameters == r.runs[1].run.parameters);
  r.exit(r.runs[0].run.trial);  // a slot frees: the algorithm is asked (its copy still runs)
  REQUIRE(r.asks.size() == 1);
  r.exit(r.runs[1].run.trial);  // meanwhile the other copy ends: the request is out, it asks nothing
  CHECK(r.asks.size() == 1);
  r.answer();  // "wait", from the history in which the copy still ran: stale, so it asks again
  r.settle();
  REQUIRE(r.runs.size() == 4);  // the second configuration, twice
  CHECK(r.runs[2].run.parameters != r.runs[0].run.parameters);
  CHECK(r.c.state().find(study)->record().state == study_state::running);
}

TEST_CASE("observations are admitted once, from the trial's own worker, and acknowledged with the stop flag",
          "[core]") {
  harness h;
  h.submit(random_study("o"));
  h.join("w", 1);
  h.settle();
  const auto trial = h.runs.at(0).run.trial;
  const auto refusal = [&](const protocol::observation& o, const std::string& worker) {
    auto admitted = h.c.admit(o, worker, h.now);
    REQUIRE(std::holds_alternative<protocol::message>(admitted));
    return std::get<protocol::error_reply>(std::get<protocol::message>(admitted)).code;
  };
  CHECK(refusal({999, 1, 0.5, {}}, "w") == protocol::errc::unknown_trial);
  CHECK(refusal({trial, 1, 0.5, {}}, "intruder") == protocol::errc::unknown_trial);
  CHECK(refusal({trial, 1, std::nullopt, {{"acc", 0.9}}}, "w") == protocol::errc::no_objective);

  auto admitted = h.c.admit({trial, 1, std::nullopt, {{"objective", 0.5}}}, "w", h.now);
  REQUIRE(std::holds_alternative<storage::observation_record>(admitted));
  effects out;
  auto ack = h.c.observed(std::get<storage::observation_record>(admitted), out);
  CHECK(ack.iteration == 1);
  CHECK_FALSE(ack.stop);
  REQUIRE(out.size() == 1);
  CHECK(std::get<rule_observes>(out[0]).live);
  // A resend is acknowledged, not stored again; after a stop it says so.
  h.run(h.c.stop(trial, "test", false));
  REQUIRE(h.kills.size() == 1);
  auto again = h.c.admit({trial, 1, 0.5, {}}, "w", h.now);
  REQUIRE(std::holds_alternative<protocol::message>(again));
  CHECK(std::get<protocol::ack>(std::get<protocol::message>(again)).stop);
  // An end is recorded once; the worker's second report of it changes nothing.
  h.exit(trial, 0);
  CHECK(h.c.state().find(1)->find(trial)->record.status == trial_status::stopped);
  CHECK_FALSE(h.c.end_of(protocol::trial_ended{trial, 0, 0, {}}, "w", h.now).has_value());
  CHECK(refusal({trial, 2, 0.5, {}}, "w") == protocol::errc::trial_ended);
}

TEST_CASE("an observation that would take its study past max_context_names is refused, in flight or not",
          "[core]") {
  harness h;
  h.submit(random_study("m", "max_context_names: 3\n"));
  h.join("w", 1);
  h.settle();
  const auto trial = h.runs.at(0).run.trial;
  const auto admit = [&](std::int64_t iteration, std::vector<std::pair<std::string, double>> context) {
    return h.c.admit({trial, iteration, 0.5, context}, "w", h.now);
  };
  const auto record = [](auto& admitted) { return std::get<storage::observation_record>(admitted); };
  auto first = admit(1, {{"a", 1}, {"b", 2}});
  REQUIRE(std::holds_alternative<storage::observation_record>(first));
  // Not stored yet, a and b count already: c fits, c and d do not.
  auto too_many = admit(2, {{"c", 1}, {"d", 2}});
  REQUIRE(std::holds_alternative<protocol::message>(too_many));
  const auto& refusal = std::get<protocol::error_reply>(std::get<protocol::message>(too_many));
  CHECK(refusal.code == protocol::errc::too_many_metrics);
  CHECK(refusal.message ==
        "study 1 keeps at most 3 context metric names (max_context_names) and has 2; this observation adds 2 more "
        "('c' first)");
  auto second = admit(2, {{"a", 3}, {"c", 1}});
  REQUIRE(std::holds_alternative<storage::observation_record>(second));
  effects out;
  h.c.observed(record(first), out);
  // A failed write gives its names back; a stored one keeps them for good.
  h.c.not_stored(record(second));
  CHECK(std::holds_alternative<storage::observation_record>(admit(3, {{"d", 1}})));
  auto fourth = admit(4, {{"e", 1}});
  CHECK(std::get<protocol::error_reply>(std::get<protocol::message>(fourth)).code == protocol::errc::too_many_metrics);
  CHECK(std::holds_alternative<storage::observation_record>(admit(5, {{"a", 1}, {"b", 1}})));
}

TEST_CASE("a context name that repeats a column of the results table is refused with the name", "[core]") {
  harness h;
  h.submit(random_study("c"));
  h.join("w", 1);
  h.settle();
  const auto trial = h.runs.at(0).run.trial;
  for (const char* name : {"Objective", "Trial-ID", "Status", "Iteration", "x"}) {
    auto admitted = h.c.admit({trial, 1, 0.5, {{"acc", 0.5}, {name, 123}}}, "w", h.now);
    REQUIRE(std::holds_alternative<protocol::message>(admitted));
    const auto& refusal = std::get<protocol::error_reply>(std::get<protocol::message>(admitted));
    CHECK(refusal.code == protocol::errc::invalid_field);
    CHECK(refusal.message.rfind(std::string("context name '") + name + "' is a column", 0) == 0);
  }
  CHECK(std::holds_alternative<storage::observation_record>(h.c.admit({trial, 1, 0.5, {{"objective", 1}}}, "w", h.now)));
}

TEST_CASE("a stopped study finishes its running trials; a killed one stops them now", "[core]") {
  harness h;
  const auto id = h.submit(random_study("k"));
  h.join("w", 2);
  h.settle();
  REQUIRE(h.runs.size() == 2);
  auto [stopped, effects_of_stop] = h.c.change(model::stop_study{id});
  h.run(effects_of_stop);
  REQUIRE(stopped.has_value());
  CHECK(std::get<model::study_summary>(*stopped).state == study_state::stopping);
  CHECK(h.kills.empty());
  h.exit(h.runs[0].run.trial);
  h.settle();
  CHECK(h.runs.size() == 2);  // nothing new starts
  auto [killed, effects_of_kill] = h.c.change(model::kill_study{id});
  h.run(effects_of_kill);
  CHECK(std::get<model::study_summary>(*killed).state == study_state::killed);
  REQUIRE(h.kills.size() == 1);
  CHECK(h.kills[0].kill.now);
  auto [unknown, none] = h.c.change(model::archive_study{9});
  CHECK(unknown.error().code == static_cast<std::uint16_t>(model::study_errc::unknown_study));
  CHECK(none.empty());
}

TEST_CASE("a study without a command runs in the clients that ask for it, and only there", "[core]") {
  harness h;
  h.join("node", 4);
  const auto asked = h.submit(
      "name: asked\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: 3}\n"
      "parameters: {x: {type: continuous, range: [0, 1]}}\nretries: 1\n");
  const auto ran = h.submit(random_study("ran", "max_concurrent: 1\n"));
  h.settle();
  REQUIRE(h.runs.size() == 1);  // the node runs the study with a command, never the other
  CHECK(h.c.state().study_of(h.runs[0].run.trial)->id() == ran);
  // A client bound to the study gets its trials, one slot at a time.
  h.run(h.c.join(protocol::register_worker{"client-a", 1, {}, {}, {}, asked}, false, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 2);
  CHECK(h.runs[1].worker == "client-a");
  const trial_id first = h.runs[1].run.trial;
  CHECK(h.c.state().study_of(first)->id() == asked);
  CHECK(h.running(asked) == 1);
  // The client dies: its trial ends FAILED and is retried by the next client
  // of the study; the node still takes none.
  h.run(h.c.lost("client-a", "silent", h.now));
  h.settle();
  CHECK(h.c.state().study_of(first)->find(first)->record.status == trial_status::failed);
  CHECK(h.runs.size() == 2);
  h.run(h.c.join(protocol::register_worker{"client-b", 1, {}, {}, {}, asked}, false, h.now));
  h.settle();
  REQUIRE(h.runs.size() == 3);
  CHECK(h.runs[2].worker == "client-b");
  CHECK(h.c.state().study_of(h.runs[2].run.trial)->find(h.runs[2].run.trial)->record.retry_of == first);
  // A client of the study with a command takes that study's trials, and no other's.
  h.run(h.c.join(protocol::register_worker{"client-of-ran", 2, {}, {}, {}, ran}, false, h.now));
  h.exit(h.runs[0].run.trial);
  h.settle();
  for (std::size_t i = 3; i < h.runs.size(); ++i)
    CHECK(h.c.state().study_of(h.runs[i].run.trial)->id() == (h.runs[i].worker == "client-b" ? asked : ran));
}

TEST_CASE("a random study's slot takes its next trial while the end is being stored; a model's waits for it", "[core]") {
  const auto ending = [](harness& h, trial_id id, int code) {
    const auto* s = h.c.state().study_of(id);
    auto e = h.c.ending_of(protocol::trial_ended{id, code, 0, {}}, s->find(id)->record.worker, h.now);
    REQUIRE(std::holds_alternative<end_trial>(e));
    return std::get<end_trial>(e);
  };
  SECTION("random: asked for at once; the ending trial still counts as running until stored") {
    harness h;
    const auto id = h.submit(random_study("blind", "max_concurrent: 2\n"));
    h.join("w", 1);
    h.settle();
    REQUIRE(h.runs.size() == 1);
    const auto first = h.runs[0].run.trial;
    const auto end = ending(h, first, 0);
    h.run(h.c.ending(end, h.now));
    REQUIRE(h.asks.size() == 1);
    h.settle();
    REQUIRE(h.runs.size() == 2);
    CHECK(h.running(id) == 2);  // the first is RUNNING until its end is stored
    h.run(h.c.ended(end, h.now));
    CHECK(h.running(id) == 1);
    CHECK(h.c.state().find(id)->find(first)->record.status == trial_status::completed);
    CHECK(h.c.workers().free_slots() == 0);
  }
  SECTION("random at max_concurrent: the slot waits, as the limit still counts the ending trial") {
    harness h;
    h.submit(random_study("capped", "max_concurrent: 1\n"));
    h.join("w", 2);
    h.settle();
    REQUIRE(h.runs.size() == 1);
    const auto end = ending(h, h.runs[0].run.trial, 0);
    CHECK(h.c.ending(end, h.now).empty());
  }
  SECTION("a failed trial may be owed a retry: its slot waits for the stored end") {
    harness h;
    h.submit(random_study("retried", "retries: 1\n"));
    h.join("w", 1);
    h.settle();
    const auto end = ending(h, h.runs[0].run.trial, 1);
    CHECK(h.c.ending(end, h.now).empty());
    h.run(h.c.ended(end, h.now));
    REQUIRE(h.runs.size() == 2);
    CHECK(h.runs[1].run.parameters == h.runs[0].run.parameters);  // the retry comes first
  }
  SECTION("bayesian and repeat: the next suggestion may depend on the end, so it waits for it") {
    for (const std::string algorithm : {"{name: bayesian, max_trials: 10}", "{name: random, max_trials: 10, repeat: {times: 2}}"}) {
      harness h;
      h.submit("name: m\ncommand: run\nobjective: {goal: minimize}\nalgorithm: " + algorithm +
               "\nparameters: {x: {type: continuous, range: [0, 1]}}\n");
      h.join("w", 1);
      h.settle();
      REQUIRE(h.runs.size() == 1);
      const auto end = ending(h, h.runs[0].run.trial, 0);
      CHECK(h.c.ending(end, h.now).empty());
    }
  }
}
