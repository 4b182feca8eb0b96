#include <catch2/catch.hpp>

#include "actors/transport/observation_relay.hpp"
#include "protocol/codec.hpp"

using namespace summit;
using namespace summit::actors;

namespace {

struct posted {
  std::vector<std::string> envelope;
  protocol::message msg;
};

/// A relay whose two sockets are lists the test reads.
struct relayed {
  std::vector<std::string> log;
  std::shared_ptr<trial_passes> passes =
      std::make_shared<trial_passes>([this](const std::string& line) { log.push_back(line); });
  std::vector<posted> to_trials, to_coordinator;
  observation_relay relay{passes, collect(to_trials), collect(to_coordinator)};

  static observation_relay::post_fn collect(std::vector<posted>& into) {
    return [&into](std::vector<std::string> envelope, std::string frame) {
      auto decoded = protocol::decode(frame);
      REQUIRE(decoded);
      into.push_back({std::move(envelope), std::move(*decoded)});
    };
  }
};

bridge_request observed(const std::string& asker, trial_id trial, std::int64_t iteration, const std::string& token) {
  protocol::observation o;
  o.trial = trial;
  o.iteration = iteration;
  o.objective = 0.5;
  o.token = token;
  return {{asker, ""}, o};
}

bridge_request from_coordinator(protocol::message m) { return {{}, std::move(m)}; }

const protocol::observations& batch_in(const posted& p) { return std::get<protocol::observations>(p.msg); }

}  // namespace

TEST_CASE("a trial's observations go on as one frame, without its token", "[transport][relay]") {
  relayed r;
  r.passes->admit(1, "secret-1");
  r.passes->admit(2, "secret-2");
  r.relay.connected();
  std::vector<bridge_request> ready{observed("a", 1, 0, "secret-1"), {{"b", ""}, protocol::trial_request{2, "secret-2"}},
                                    observed("c", 2, 7, "secret-2")};
  r.relay.from_trials(ready);
  REQUIRE(ready.size() == 1);  // the parameters request is the worker node's
  CHECK(std::holds_alternative<protocol::trial_request>(ready[0].msg));
  REQUIRE(r.to_coordinator.size() == 1);
  const auto& batch = batch_in(r.to_coordinator[0]);
  REQUIRE(batch.items.size() == 2);
  CHECK(batch.items[0].trial == 1);
  CHECK(batch.items[1].iteration == 7);
  CHECK(batch.items[0].token.empty());
  CHECK(batch.items[1].token.empty());
  CHECK(r.to_trials.empty());
  CHECK(r.relay.unanswered() == 2);
  CHECK(r.relay.last_sent() > observation_relay::clock::time_point{});
}

TEST_CASE("an observation without its trial's token is refused and goes nowhere", "[transport][relay]") {
  relayed r;
  r.passes->admit(1, "secret-1");
  r.relay.connected();
  std::vector<bridge_request> ready{observed("a", 1, 0, "guess"), observed("b", 9, 0, "secret-1"),
                                    observed("c", 1, 0, "")};
  r.relay.from_trials(ready);
  CHECK(ready.empty());
  CHECK(r.to_coordinator.empty());
  REQUIRE(r.to_trials.size() == 3);
  CHECK(std::get<protocol::error_reply>(r.to_trials[0].msg).code == protocol::errc::wrong_token);
  CHECK(std::get<protocol::error_reply>(r.to_trials[1].msg).code == protocol::errc::unknown_trial);
  CHECK(std::get<protocol::error_reply>(r.to_trials[2].msg).code == protocol::errc::wrong_token);
  CHECK(r.to_trials[0].envelope == std::vector<std::string>{"a", ""});
  CHECK(r.log.size() == 2);  // a wrong token and no token; an unknown trial is not logged
  r.passes->forget(1);
  std::vector<bridge_request> late{observed("d", 1, 1, "secret-1")};
  r.relay.from_trials(late);
  CHECK(std::get<protocol::error_reply>(r.to_trials.back().msg).code == protocol::errc::unknown_trial);
  CHECK(r.relay.unanswered() == 0);
}

TEST_CASE("the coordinator's answers reach every asker once; the link's own refusals are left", "[transport][relay]") {
  relayed r;
  r.passes->admit(1, "t");
  r.relay.connected();
  std::vector<bridge_request> ready{observed("a", 1, 0, "t"), observed("b", 1, 1, "t"), observed("c", 1, 2, "t")};
  r.relay.from_trials(ready);
  // The same observation asked again from a new socket waits beside the first.
  std::vector<bridge_request> again{observed("a2", 1, 0, "t")};
  r.relay.from_trials(again);
  CHECK(r.to_coordinator.size() == 2);  // sent again: the coordinator stores it once

  std::vector<bridge_request> answers{from_coordinator(protocol::replies{
      {protocol::ack{1, 0, true},
       protocol::error_reply{protocol::errc::trial_ended, "ended", 1, 1},
       protocol::error_reply{protocol::errc::not_registered, "who?"}}})};
  r.relay.from_coordinator(answers);
  REQUIRE(answers.size() == 1);  // not_registered is the link's
  const auto& rest = std::get<protocol::replies>(answers[0].msg);
  REQUIRE(rest.items.size() == 1);
  CHECK(std::get<protocol::error_reply>(rest.items[0]).code == protocol::errc::not_registered);
  REQUIRE(r.to_trials.size() == 3);
  CHECK(r.to_trials[0].envelope == std::vector<std::string>{"a", ""});
  CHECK(r.to_trials[1].envelope == std::vector<std::string>{"a2", ""});
  CHECK(std::get<protocol::ack>(r.to_trials[1].msg).stop);
  CHECK(r.to_trials[2].envelope == std::vector<std::string>{"b", ""});
  CHECK(std::get<protocol::error_reply>(r.to_trials[2].msg).code == protocol::errc::trial_ended);

  // A lone ack, a second answer to what was answered, and other traffic.
  std::vector<bridge_request> more{from_coordinator(protocol::ack{1, 2, false}), from_coordinator(protocol::ack{1, 0, false}),
                                   from_coordinator(protocol::heartbeat{})};
  r.relay.from_coordinator(more);
  REQUIRE(more.size() == 1);
  CHECK(std::holds_alternative<protocol::heartbeat>(more[0].msg));
  CHECK(r.to_trials.size() == 4);
  CHECK(r.relay.unanswered() == 0);
  CHECK(r.relay.last_heard() > observation_relay::clock::time_point{});
}

TEST_CASE("while the coordinator is away observations wait, then all go again", "[transport][relay]") {
  relayed r;
  r.passes->admit(1, "t");
  std::vector<bridge_request> ready{observed("a", 1, 0, "t"), observed("b", 1, 1, "t")};
  r.relay.from_trials(ready);  // never connected yet
  CHECK(r.to_coordinator.empty());
  r.relay.connected();
  REQUIRE(r.to_coordinator.size() == 1);
  CHECK(batch_in(r.to_coordinator[0]).items.size() == 2);
  r.relay.disconnected();
  std::vector<bridge_request> during{observed("c", 1, 2, "t")};
  r.relay.from_trials(during);
  CHECK(r.to_coordinator.size() == 1);
  r.relay.connected();  // registered again: everything unanswered
  REQUIRE(r.to_coordinator.size() == 2);
  CHECK(batch_in(r.to_coordinator[1]).items.size() == 3);
}

TEST_CASE("a trial that keeps asking while the coordinator is away waits in at most four places", "[transport][relay]") {
  relayed r;
  r.passes->admit(1, "t");
  for (int i = 0; i < 6; ++i) {
    std::vector<bridge_request> ready{observed("socket-" + std::to_string(i), 1, 0, "t")};
    r.relay.from_trials(ready);
  }
  REQUIRE(r.to_trials.size() == 2);  // the two oldest, told to retry
  CHECK(r.to_trials[0].envelope[0] == "socket-0");
  CHECK(r.to_trials[1].envelope[0] == "socket-1");
  CHECK(std::get<protocol::error_reply>(r.to_trials[0].msg).code == protocol::errc::unavailable);
  r.relay.connected();
  std::vector<bridge_request> answer{from_coordinator(protocol::ack{1, 0, false})};
  r.relay.from_coordinator(answer);
  CHECK(r.to_trials.size() == 6);
}

TEST_CASE("a batch past the protocol's list limit goes as several frames", "[transport][relay]") {
  relayed r;
  r.relay.connected();
  std::vector<bridge_request> ready;
  for (trial_id t = 1; t <= 1100; ++t) {
    r.passes->admit(t, "t" + std::to_string(t));
    ready.push_back(observed("a", t, 0, "t" + std::to_string(t)));
  }
  r.relay.from_trials(ready);
  REQUIRE(r.to_coordinator.size() == 3);
  CHECK(batch_in(r.to_coordinator[0]).items.size() == 512);
  CHECK(batch_in(r.to_coordinator[2]).items.size() == 76);
}
