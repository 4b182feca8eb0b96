#pragma once
// The coordinator core driven as its actor drives it, for the core's tests.

#include <catch2/catch.hpp>

#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "../model/helpers.hpp"
#include "algorithms/search/make_algorithm.hpp"
#include "algorithms/search/study_history.hpp"
#include "coordinator/core.hpp"

namespace summit::test {

/// Carries out the core's effects as the actor would over a log that never
/// fails: stores at once, then applies. Suggestion requests wait in a queue
/// until answer() (the suggester is another actor), each answered from the
/// history it was asked with, as the suggester does.
struct harness {
  coordinator::core c;
  std::int64_t now = 1000;
  std::map<study_id, std::unique_ptr<algorithms::algorithm>> algorithms;
  std::map<study_id, std::shared_ptr<algorithms::external_feed>> feeds;
  std::map<study_id, algorithms::history_mirror> histories;  ///< each suggester's copy
  std::deque<coordinator::ask_suggestions> asks;
  std::vector<coordinator::send_run> runs;
  std::vector<coordinator::send_kill> kills;
  std::vector<coordinator::send_over> overs;
  std::vector<model::trial_record> ends;
  std::vector<std::string> notes;

  explicit harness(model::registry state = {}, coordinator::core_options options = {}) : c(std::move(state), options) {}

  void run(coordinator::effects e) {
    for (auto& one : e) std::visit([this](auto& x) { carry_out(x); }, one);
  }

  void carry_out(coordinator::send_run& e) { runs.push_back(e); }
  void carry_out(coordinator::send_kill& e) { kills.push_back(e); }
  void carry_out(coordinator::send_over& e) { overs.push_back(e); }
  void carry_out(coordinator::ask_suggestions& e) { asks.push_back(e); }
  void carry_out(coordinator::create_trial& e) { run(c.created(e.record, now)); }
  void carry_out(coordinator::end_trial& e) {
    ends.push_back(e.record);
    run(c.ended(e, now));
  }
  void carry_out(coordinator::write&) {}
  void carry_out(coordinator::start_study& e) {
    auto& feed = feeds[e.study];  // what an `external` study's process sent
    feed = std::make_shared<algorithms::external_feed>();
    algorithms[e.study] =
        algorithms::make_algorithm(c.state().find(e.study)->spec(), algorithms::algorithm_context("checkpoints", feed));
  }
  void carry_out(coordinator::rule_observes&) {}
  void carry_out(coordinator::rule_ends&) {}
  void carry_out(coordinator::note& e) { notes.push_back(e.line); }

  /// The oldest suggestion request, answered.
  void answer() {
    REQUIRE_FALSE(asks.empty());
    auto ask = asks.front();
    asks.pop_front();
    auto& history = histories[ask.study].apply(std::move(ask.history));
    const auto known = history.trials.size();
    std::vector<algorithms::suggestion> out;
    for (std::size_t i = 0; i < ask.count; ++i) {
      out.push_back(algorithms.at(ask.study)->suggest(history));
      if (out.back().what != algorithms::suggestion::kind::run) break;
      history.trials.push_back({0, out.back().parameters, trial_status::running, out.back().origin, std::nullopt, -1});
    }
    history.trials.resize(known);
    run(c.suggested(ask.study, out, now));
  }

  void settle() {
    while (!asks.empty()) answer();
  }

  study_id submit(const std::string& yaml) {
    auto record = c.new_study(spec_from(yaml), "/w", now, 7);
    run(c.submitted(record, now));
    return record.id;
  }

  void join(const std::string& worker, std::uint32_t slots, std::vector<trial_id> running = {}, bool again = false) {
    run(c.join(protocol::register_worker{worker, slots, {}, std::move(running), {}}, again, now));
  }

  /// An asking client of one study registers (ask and tell).
  void join_client(const std::string& name, study_id study, std::uint32_t slots, std::vector<trial_id> running = {},
                   std::vector<protocol::trial_ended> ended = {}, bool again = false) {
    run(c.join(protocol::register_worker{name, slots, {}, std::move(running), std::move(ended), study}, again, now));
  }

  /// The trial's process exits.
  void exit(trial_id id, int code = 0) {
    const auto* s = c.state().study_of(id);
    REQUIRE(s);
    auto record = c.end_of(protocol::trial_ended{id, code, 0, {}}, s->find(id)->record.worker, now);
    REQUIRE(record);
    ends.push_back(*record);
    run(c.ended(*record, now));
  }

  std::size_t running(study_id id) const { return c.state().find(id)->counts().running; }

  std::size_t running_on(const std::string& worker) const {
    const auto* w = c.workers().find(worker);
    return w ? w->running.size() : 0;
  }
};

inline std::string random_study(const std::string& name, const std::string& extra = "") {
  return "name: " + name +
         "\ncommand: run :x:\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: 100}\n"
         "parameters: {x: {type: continuous, range: [0, 1]}}\n" +
         extra;
}

}  // namespace summit::test
