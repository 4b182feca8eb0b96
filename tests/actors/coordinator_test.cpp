#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "../storage/temp_dir.hpp"
#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "actors/storage_actor.hpp"
#include "actors/study_reader.hpp"
#include "model/commands/study_errors.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"
#include "storage/load.hpp"
#include "views/results.hpp"
#include "views/study_json.hpp"

using namespace summit;
using namespace summit::actors;
using std::chrono::seconds;

namespace {

const char* study_yaml = R"(name: two
command: run :x:
objective: {goal: minimize}
algorithm: {name: iterate, points: [{x: 1}, {x: 2}]}
parameters: {x: {type: discrete, range: [0, 9]}}
)";

/// A coordinator over a fresh log, with the test as its only worker.
struct fixture {
  test::temp_dir dir;
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor storage;
  caf::actor reader;
  caf::actor coordinator;

  fixture() {
    auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
    REQUIRE(log.has_value());
    std::shared_ptr<storage::store> shared(std::move(*log));
    storage = spawn_storage(sys, shared);
    reader = spawn_study_reader(sys, shared);
    coordinator_options options;
    options.reader = reader;  // as the coordinator and `summit run` have it
    coordinator = spawn_coordinator(sys, model::registry{}, storage, options);
  }

  ~fixture() {
    caf::scoped_actor self{sys};
    self->send_exit(coordinator, caf::exit_reason::user_shutdown);
    self->send_exit(storage, caf::exit_reason::user_shutdown);
  }

  template <class T>
  T ask(caf::scoped_actor& self, caf::message m) {
    std::optional<T> out;
    self->request(coordinator, seconds(10), std::move(m))
        .receive([&](T& v) { out = std::move(v); }, [](caf::error& e) { FAIL(describe(e)); });
    return *out;
  }

  protocol::message observe(caf::scoped_actor& self, trial_id t, std::int64_t it, double v,
                            const std::string& worker = "w") {
    return ask<protocol::message>(
        self, caf::make_message(observe_atom::value, protocol::observation{t, it, v, {}}, worker));
  }

  protocol::run_trial next_run(caf::scoped_actor& self) {
    protocol::run_trial out;
    self->receive([&](run_atom, const protocol::run_trial& r) { out = r; },
                  caf::after(seconds(10)) >> [] { FAIL("no run_trial"); });
    return out;
  }

  /// A study command's answer (or refusal).
  expected<model::study_reply> command(caf::scoped_actor& self, model::study_command c) {
    return ask<expected<model::study_reply>>(self, caf::make_message(study_atom::value, std::move(c)));
  }

  study_id submit(caf::scoped_actor& self, model::study_spec spec, std::string workdir = "/tmp") {
    auto answer = command(self, model::submit_study{std::move(spec), std::move(workdir)});
    REQUIRE(answer.has_value());
    return std::get<model::study_submitted>(*answer).id;
  }

  model::study_summary await_state(caf::scoped_actor& self, study_id id, study_state want) {
    for (int i = 0; i < 500; ++i) {
      auto s = ask<model::study_summary>(self, caf::make_message(summary_atom::value, id));
      if (s.state == want) return s;
      self->receive(caf::after(std::chrono::milliseconds(10)) >> [] {});
    }
    FAIL("study never reached " << to_string(want));
    return {};
  }
};

}  // namespace

TEST_CASE("the coordinator runs a study through its whole trial lifecycle", "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 2, {}, {}, {}},
             caf::actor_cast<caf::actor>(self));
  self->receive([](bool) {}, caf::after(seconds(5)) >> [] { FAIL("not registered"); });
  const auto id = f.submit(self, test::spec_from(study_yaml));
  CHECK(id == 1);

  const auto first = f.next_run(self);
  const auto second = f.next_run(self);
  CHECK(first.parameters.at("x") == value{std::int64_t{1}});
  CHECK(second.parameters.at("x") == value{std::int64_t{2}});
  CHECK(first.command == "run :x:");
  CHECK(first.workdir == "/tmp");

  SECTION("an observation is acknowledged once stored, and again when resent") {
    auto ack = f.observe(self, first.trial, 1, 0.5);
    REQUIRE(std::holds_alternative<protocol::ack>(ack));
    CHECK_FALSE(std::get<protocol::ack>(ack).stop);
    CHECK(std::holds_alternative<protocol::ack>(f.observe(self, first.trial, 1, 0.5)));
  }

  SECTION("observations for unknown trials or from another worker are refused") {
    auto unknown = f.observe(self, 999, 1, 0.5);
    REQUIRE(std::holds_alternative<protocol::error_reply>(unknown));
    CHECK(std::get<protocol::error_reply>(unknown).code == protocol::errc::unknown_trial);
    auto foreign = f.observe(self, first.trial, 1, 0.5, "intruder");
    REQUIRE(std::holds_alternative<protocol::error_reply>(foreign));
    CHECK(std::get<protocol::error_reply>(foreign).message ==
          "trial " + std::to_string(first.trial) + " does not run on worker intruder");
  }

  SECTION("an observation without an objective or the metric in its context is refused") {
    auto reply = f.ask<protocol::message>(
        self, caf::make_message(observe_atom::value, protocol::observation{first.trial, 1, std::nullopt, {{"acc", 1.0}}},
                                std::string("w")));
    REQUIRE(std::holds_alternative<protocol::error_reply>(reply));
    CHECK(std::get<protocol::error_reply>(reply).code == protocol::errc::no_objective);
    auto from_context = f.ask<protocol::message>(
        self, caf::make_message(observe_atom::value,
                                protocol::observation{first.trial, 2, std::nullopt, {{"objective", 0.25}}},
                                std::string("w")));
    CHECK(std::holds_alternative<protocol::ack>(from_context));
  }

  SECTION("a stop sends kill_trial, sets the flag in the next ack, and ends STOPPED") {
    self->send(f.coordinator, stop_atom::value, second.trial, std::string("test"));
    self->receive([&](kill_atom, const protocol::kill_trial& k) { CHECK(k.trial == second.trial); },
                  caf::after(seconds(5)) >> [] { FAIL("no kill_trial"); });
    auto ack = f.observe(self, second.trial, 3, 9.0);
    REQUIRE(std::holds_alternative<protocol::ack>(ack));
    CHECK(std::get<protocol::ack>(ack).stop);

    f.observe(self, first.trial, 1, 0.5);
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{first.trial, 0, 0, {}}, std::string("w"));
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{second.trial, -1, 15, {}}, std::string("w"));
    auto s = f.await_state(self, id, study_state::finished);
    CHECK(s.counts.completed == 1);
    CHECK(s.counts.stopped == 1);
    CHECK(s.best == std::optional<trial_id>(first.trial));
    CHECK(s.best_value == std::optional<double>(0.5));
  }

  SECTION("a failed trial is retried with the same parameters when retries allow") {
    // retries is 0 in this study: the failure is final and the study finishes.
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{first.trial, 3, 0, {}}, std::string("w"));
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{second.trial, 0, 0, {}}, std::string("w"));
    auto s = f.await_state(self, id, study_state::finished);
    CHECK(s.counts.failed == 1);
    CHECK(s.counts.completed == 1);
  }
}

TEST_CASE("a failed trial is re-run with its parameters, up to retries", "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 1, {}, {}, {}},
             caf::actor_cast<caf::actor>(self));
  self->receive([](bool) {});
  auto spec = test::spec_from(std::string(study_yaml) + "retries: 1\n");
  const auto id = f.submit(self, spec);
  auto run = f.next_run(self);
  self->send(f.coordinator, ended_atom::value, protocol::trial_ended{run.trial, 1, 0, {}}, std::string("w"));
  auto retry = f.next_run(self);
  CHECK(retry.parameters == run.parameters);
  CHECK(retry.trial != run.trial);
  self->send(f.coordinator, ended_atom::value, protocol::trial_ended{retry.trial, 1, 0, {}}, std::string("w"));
  auto next = f.next_run(self);  // no second retry: the next point
  CHECK(next.parameters.at("x") == value{std::int64_t{2}});
  self->send(f.coordinator, ended_atom::value, protocol::trial_ended{next.trial, 0, 0, {}}, std::string("w"));
  auto s = f.await_state(self, id, study_state::finished);
  CHECK(s.counts.failed == 2);
  CHECK(s.counts.completed == 1);
}

TEST_CASE("a restarted coordinator interrupts the trials its log shows running and re-runs them",
          "[actors]") {
  test::temp_dir dir;
  {
    auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
    REQUIRE(log.has_value());
    model::trial_record t;
    t.id = 1;
    t.study = 1;
    t.parameters = {{"x", std::int64_t{1}}};
    t.worker = "w";
    REQUIRE_FALSE((*log)->commit(storage::batch{
        model::study_record{1, test::spec_from(study_yaml), study_state::running, false, "/tmp", 0}, t}));
  }
  auto log = storage::store::open(dir.str(), storage::store::mode::read_write);
  model::registry reg;
  REQUIRE_FALSE(storage::load(**log, reg));
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto storage = spawn_storage(sys, std::move(*log));
  coordinator_options only_when_asked;
  only_when_asked.resume_all = false;
  auto coordinator = spawn_coordinator(sys, std::move(reg), storage, only_when_asked);
  caf::scoped_actor self{sys};
  self->send(coordinator, register_atom::value, protocol::register_worker{"w", 1, {}, {}, {}},
             caf::actor_cast<caf::actor>(self));
  protocol::run_trial rerun;
  self->receive([](bool) {});
  self->receive([](run_atom, const protocol::run_trial&) { FAIL("ran before it was resumed"); },
                caf::after(std::chrono::milliseconds(300)) >> [] {});
  self->send(coordinator, resume_atom::value, study_id{1});
  self->receive([](bool resumed) { CHECK(resumed); });
  self->receive([&](run_atom, const protocol::run_trial& r) { rerun = r; },
                caf::after(seconds(10)) >> [] { FAIL("the interrupted trial was not re-run"); });
  CHECK(rerun.trial == 2);
  CHECK(rerun.parameters.at("x") == value{std::int64_t{1}});
  self->send_exit(coordinator, caf::exit_reason::user_shutdown);
  self->send_exit(storage, caf::exit_reason::user_shutdown);
}

TEST_CASE("study commands submit, stop, kill and archive through the coordinator", "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 2, {}, {}, {}},
             caf::actor_cast<caf::actor>(self));
  self->receive([](bool) {});
  const auto document = [&](model::study_command c) {
    auto answer = f.command(self, std::move(c));
    if (!answer) FAIL(answer.error().message);
    return views::to_json(*answer);
  };

  // A study file is parsed where it arrives over the wire, and refused there.
  auto refused = protocol::study_command_of(protocol::submit_request{"name: x", "bad.yaml", "/w"});
  REQUIRE(refused.has_value());
  REQUIRE_FALSE(refused->has_value());
  CHECK(refused->error().message == "bad.yaml:1: parameters: missing");
  CHECK(refused->error().code == static_cast<std::uint16_t>(model::study_errc::invalid_study));

  auto submitted = document(model::submit_study{test::spec_from(study_yaml), "/w"});
  CHECK(submitted["id"] == 1);
  const auto first = f.next_run(self);
  f.next_run(self);

  SECTION("stop lets running trials finish, then the study is STOPPED") {
    CHECK(document(model::stop_study{1})["state"] == "STOPPING");
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{first.trial, 0, 0, {}}, std::string("w"));
    self->send(f.coordinator, ended_atom::value, protocol::trial_ended{first.trial + 1, 0, 0, {}}, std::string("w"));
    f.await_state(self, 1, study_state::stopped);
  }

  SECTION("kill stops running trials at once") {
    CHECK(document(model::kill_study{1})["state"] == "KILLED");
    int kills = 0;
    for (int i = 0; i < 2; ++i)
      self->receive([&](kill_atom, const protocol::kill_trial& k) { kills += k.now ? 1 : 0; },
                    caf::after(seconds(5)) >> [] { FAIL("no kill_trial"); });
    CHECK(kills == 2);
  }

  SECTION("archive hides the study from list") {
    CHECK(document(model::archive_study{1})["archived"] == true);
    CHECK(document(model::list_studies{false}).empty());
    CHECK(document(model::list_studies{true}).size() == 1);
  }

  SECTION("read commands answer with the views") {
    CHECK(document(model::show_study{1})["trials"].size() == 2);
    auto missing = f.command(self, model::show_study{9});
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message == "no study 9");
    CHECK(missing.error().code == static_cast<std::uint16_t>(model::study_errc::unknown_study));
    // Export is the study reader's, from the log: the same table, and for a
    // client the same frame, packed a row at a time.
    auto table = f.command(self, model::export_results{1});
    REQUIRE(table.has_value());
    CHECK(views::to_csv(std::get<model::results_table>(*table)).rfind("Trial-ID", 0) == 0);
    std::string frame;
    self->request(f.reader, seconds(10), frame_atom::value, model::export_results{1})
        .receive([&](std::string& v) { frame = std::move(v); }, [](caf::error& e) { FAIL(describe(e)); });
    CHECK(frame == protocol::encode(protocol::to_message(*table)));
    auto no_study = f.command(self, model::export_results{9});
    REQUIRE_FALSE(no_study.has_value());
    CHECK(no_study.error().code == static_cast<std::uint16_t>(model::study_errc::unknown_study));
  }

  SECTION("a user's stop of a trial that is not running, or not there, is refused") {
    auto unknown = f.command(self, model::stop_trial{1, 99});
    REQUIRE_FALSE(unknown.has_value());
    CHECK(unknown.error().code == static_cast<std::uint16_t>(model::study_errc::unknown_trial));
    CHECK(document(model::stop_trial{1, first.trial})["stopping"] == true);
  }
}

TEST_CASE("a batch of observations is answered in order, stored with one write", "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 1, {}, {}, {}},
             caf::actor_cast<caf::actor>(self));
  self->receive([](bool) {});
  f.submit(self, test::spec_from(study_yaml));
  const auto run = f.next_run(self);
  f.observe(self, run.trial, 1, 0.5);
  protocol::observations batch{{protocol::observation{run.trial, 2, 0.4, {}},
                                protocol::observation{run.trial, 1, 0.5, {}},  // a resend
                                protocol::observation{999, 1, 0.1, {}},
                                protocol::observation{run.trial, 3, std::nullopt, {}}}};
  auto answers = f.ask<protocol::replies>(self, caf::make_message(observe_atom::value, batch, std::string("w")));
  REQUIRE(answers.items.size() == 4);
  CHECK(std::get<protocol::ack>(answers.items[0]).iteration == 2);
  CHECK(std::get<protocol::ack>(answers.items[1]).iteration == 1);
  const auto& unknown = std::get<protocol::error_reply>(answers.items[2]);
  CHECK(unknown.code == protocol::errc::unknown_trial);
  CHECK(unknown.trial == 999);
  CHECK(std::get<protocol::error_reply>(answers.items[3]).code == protocol::errc::no_objective);
  auto s = f.ask<model::study_summary>(self, caf::make_message(summary_atom::value, study_id{1}));
  CHECK(s.observations == 2);
}

TEST_CASE("a worker registering again over its connection keeps the trials on their way to it", "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  const auto me = caf::actor_cast<caf::actor>(self);
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 2, {}, {}, {}}, me, false);
  self->receive([](bool) {});
  const auto id = f.submit(self, test::spec_from(study_yaml));
  const auto first = f.next_run(self);
  f.next_run(self);
  // Written before the run_trials arrived: it lists nothing.
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 2, {}, {}, {}}, me, true);
  self->receive([](bool) {});
  CHECK(f.ask<model::study_summary>(self, caf::make_message(summary_atom::value, id)).counts.running == 2);
  CHECK(std::holds_alternative<protocol::ack>(f.observe(self, first.trial, 1, 0.5)));

  SECTION("but a new process of it has lost them") {
    self->send(f.coordinator, register_atom::value, protocol::register_worker{"w", 2, {}, {}, {}}, me, false);
    self->receive([](bool) {});
    auto s = f.ask<model::study_summary>(self, caf::make_message(summary_atom::value, id));
    for (int i = 0; i < 500 && s.counts.failed < 2; ++i) {
      self->receive(caf::after(std::chrono::milliseconds(10)) >> [] {});
      s = f.ask<model::study_summary>(self, caf::make_message(summary_atom::value, id));
    }
    CHECK(s.counts.failed == 2);
  }
}

TEST_CASE("a client asks for a trial and ends it with its last observation: both in the log, the trial whole",
          "[actors]") {
  fixture f;
  caf::scoped_actor self{f.sys};
  const auto id = f.submit(self, test::spec_from(study_yaml));
  self->send(f.coordinator, register_atom::value, protocol::register_worker{"c", 0, {}, {}, {}, id},
             caf::actor_cast<caf::actor>(self), false);
  self->receive([](bool) {});
  self->send(f.coordinator, ask_atom::value, std::uint32_t{1}, std::string("c"));
  const auto run = f.next_run(self);
  const auto end = [&](std::vector<std::pair<std::string, double>> context) {
    protocol::trial_ended e{run.trial, 0, 0, {}};
    e.last = protocol::observation{run.trial, 0, 0.5, std::move(context)};
    return f.ask<protocol::message>(self, caf::make_message(ended_atom::value, e, std::string("c")));
  };
  // A metric named as a parameter: refused, nothing stored, the trial runs on.
  const auto refused = end({{"x", 1.0}});
  REQUIRE(std::holds_alternative<protocol::error_reply>(refused));
  CHECK(std::get<protocol::error_reply>(refused).trial == run.trial);
  CHECK(f.ask<model::study_summary>(self, caf::make_message(summary_atom::value, id)).counts.running == 1);
  CHECK(std::holds_alternative<protocol::ended_ack>(end({{"latency_ms", 2.0}})));
  // What the study reader reads from the log: the trial with its parameters and its value.
  auto table = f.command(self, model::export_results{id});
  REQUIRE(table.has_value());
  const auto csv = views::to_csv(std::get<model::results_table>(*table));
  INFO(csv);
  CHECK(csv.find(std::to_string(run.trial) + ",COMPLETED,0,0.5,") != std::string::npos);
  CHECK(csv.find("," + std::to_string(std::get<std::int64_t>(run.parameters.at("x")))) != std::string::npos);
}
