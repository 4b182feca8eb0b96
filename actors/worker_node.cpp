#include "actors/worker_node.hpp"

#include <map>

#include "actors/atoms.hpp"
#include "actors/execution/batch_trial_runner.hpp"
#include "actors/execution/trial_runner.hpp"
#include "actors/transport/trial_token.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

struct running_trial {
  caf::actor runner;
  protocol::run_trial run;
  std::string resource;
  std::string token;  ///< SUMMIT_TRIAL_TOKEN: every request for this trial carries it
};

struct worker_state {
  worker_config config;
  std::map<trial_id, running_trial> trials;
  std::vector<std::string> free_resources;
  bool shutting_down = false;
  std::vector<caf::response_promise> shutdown_replies;
  std::uint64_t idle_since = 0;  ///< which idle spell a timer belongs to: a trial starting ends it
  /// Observations to relay with the next flush, with the envelope each is answered to.
  std::vector<std::pair<std::vector<std::string>, protocol::observation>> outgoing;
  bool flush_scheduled = false;
};

// Comfortably under the protocol's 1,024 entries per list.
constexpr std::size_t max_relayed_batch = 512;

/// With --idle-exit, a node without trials sets a timer; a trial that
/// starts before it fires makes it stale.
void start_idle_timer(caf::stateful_actor<worker_state>* self) {
  auto& st = self->state;
  if (st.config.idle_exit.count() == 0 || !st.trials.empty()) return;
  self->delayed_send(self, st.config.idle_exit, tick_atom::value, ++st.idle_since);
}

void reply(worker_state& st, const bridge_request& req, const protocol::message& m) {
  st.config.bridge->post(req.envelope, protocol::encode(m));
}

protocol::message refuse(protocol::errc code, std::string text) {
  return protocol::error_reply{code, std::move(text)};
}

/// The running trial a request names, when it carries that trial's token;
/// else the refusal is sent and it is null.
running_trial* authorized(worker_state& st, const bridge_request& req, trial_id trial, const std::string& token) {
  if (auto refused = st.config.passes->refusal(trial, token)) {
    reply(st, req, *refused);
    return nullptr;
  }
  auto it = st.trials.find(trial);
  return it == st.trials.end() ? nullptr : &it->second;
}

void from_trial(caf::stateful_actor<worker_state>* self, const bridge_request& req) {
  auto& st = self->state;
  if (auto* ask = std::get_if<protocol::trial_request>(&req.msg)) {
    const auto* t = authorized(st, req, ask->trial, ask->token);
    if (!t) return;
    return reply(st, req, protocol::trial_info{ask->trial, t->run.study, t->run.parameters});
  }
  // Only in `summit run`: a worker process's relay takes its observations
  // before they reach this actor (observation_relay.hpp).
  if (auto* obs = std::get_if<protocol::observation>(&req.msg)) {
    if (!authorized(st, req, obs->trial, obs->token)) return;
    protocol::observation relayed = *obs;
    relayed.token.clear();  // the trial's secret stays on this machine
    st.outgoing.emplace_back(req.envelope, std::move(relayed));
    if (!st.flush_scheduled) {
      st.flush_scheduled = true;
      self->send(self, flush_atom::value);
    }
    return;
  }
  reply(st, req, refuse(protocol::errc::unknown_kind,
                        std::string(protocol::to_string(protocol::kind_of(req.msg))) +
                            " is not a request a trial can send"));
}

/// Relays what the trials reported since the last flush as one batch (the
/// flush message queues behind what came meanwhile): one request to the
/// coordinator and one synced write for all of them.
void flush(caf::stateful_actor<worker_state>* self) {
  auto& st = self->state;
  st.flush_scheduled = false;
  auto queued = std::move(st.outgoing);
  st.outgoing.clear();
  for (std::size_t at = 0; at < queued.size(); at += max_relayed_batch) {
    const auto end = std::min(queued.size(), at + max_relayed_batch);
    protocol::observations batch;
    std::vector<std::vector<std::string>> envelopes;
    for (auto i = at; i < end; ++i) {
      batch.items.push_back(std::move(queued[i].second));
      envelopes.push_back(std::move(queued[i].first));
    }
    // No timeout: each would put two events (set, cancel) on CAF's clock
    // thread. A trial's client sends again on a fresh socket after 5 s
    // unanswered.
    self->request(st.config.coordinator, caf::infinite, observe_atom::value, std::move(batch), st.config.name)
        .then(
            [self, envelopes](const protocol::replies& answers) {
              for (std::size_t i = 0; i < envelopes.size() && i < answers.items.size(); ++i)
                self->state.config.bridge->post(
                    envelopes[i], protocol::encode(std::visit([](const auto& a) { return protocol::message{a}; },
                                                              answers.items[i])));
            },
            [self, envelopes](const caf::error&) {
              const auto away = protocol::encode(refuse(protocol::errc::unavailable, "the coordinator did not answer; retry"));
              for (const auto& envelope : envelopes) self->state.config.bridge->post(envelope, away);
            });
  }
}

caf::behavior worker_node(caf::stateful_actor<worker_state>* self, worker_config config) {
  auto& st = self->state;
  st.config = std::move(config);
  if (!st.config.passes) st.config.passes = std::make_shared<trial_passes>(st.config.log);
  st.free_resources = st.config.resources;
  self->send(st.config.coordinator, register_atom::value,
             protocol::register_worker{st.config.name, st.config.slots, st.config.resources, {}, {}},
             caf::actor_cast<caf::actor>(self));
  start_idle_timer(self);
  return {
      [=](bool) {},  // the coordinator's answer to register
      [=](const protocol::message&) {},  // its answer to a trial's end (ended_ack: stored)
      [=](run_atom, const protocol::run_trial& run) {
        auto& s = self->state;
        if (s.shutting_down) return;
        running_trial t{caf::actor{}, run, "", new_trial_token()};
        if (!s.free_resources.empty()) {
          t.resource = s.free_resources.front();
          s.free_resources.erase(s.free_resources.begin());
        }
        trial_context ctx = s.config.context;
        ctx.endpoint = s.config.trial_endpoint.empty() ? s.config.bridge->endpoint() : s.config.trial_endpoint;
        ctx.resource = t.resource;
        ctx.token = t.token;
        runner_config rc{run, ctx, trial_log_path(s.config.log_dir, run.study, run.trial), s.config.kill_grace,
                         caf::actor_cast<caf::actor>(self)};
        t.runner = s.config.scheduler ? spawn_batch_trial_runner(self->system(), std::move(rc), s.config.scheduler)
                                      : spawn_trial_runner(self->system(), std::move(rc));
        self->link_to(t.runner);
        s.config.passes->admit(run.trial, t.token);
        s.trials[run.trial] = std::move(t);
        ++s.idle_since;
      },
      [=](kill_atom, const protocol::kill_trial& k) {
        auto it = self->state.trials.find(k.trial);
        if (it != self->state.trials.end()) self->send(it->second.runner, kill_atom::value, k.now);
      },
      [=](flush_atom) { flush(self); },
      [=](ended_atom, const protocol::trial_ended& e) {
        auto& s = self->state;
        if (!s.outgoing.empty()) flush(self);  // the trial's last observations go before its end
        auto it = s.trials.find(e.trial);
        if (it == s.trials.end()) return;
        if (!it->second.resource.empty()) s.free_resources.push_back(it->second.resource);
        s.config.passes->forget(e.trial);
        s.trials.erase(it);
        if (!s.shutting_down) {
          self->send(s.config.coordinator, ended_atom::value, e, s.config.name);
          start_idle_timer(self);
        } else if (s.trials.empty()) {
          for (auto& r : s.shutdown_replies) r.deliver(true);
          s.shutdown_replies.clear();
        }
      },
      [=](bridge_atom, const bridge_request& req) { from_trial(self, req); },
      [=](bridge_atom, const std::vector<bridge_request>& ready) {
        for (const auto& req : ready) from_trial(self, req);
      },
      [=](tick_atom, std::uint64_t idle_since) {
        auto& s = self->state;
        if (idle_since == s.idle_since && s.trials.empty() && !s.shutting_down) s.config.on_idle();
      },
      [=](shutdown_atom) -> caf::result<bool> {
        auto& s = self->state;
        s.shutting_down = true;
        if (s.trials.empty()) return true;
        for (auto& [id, t] : s.trials) self->send(t.runner, shutdown_atom::value);
        s.shutdown_replies.push_back(self->make_response_promise());
        return s.shutdown_replies.back();
      },
  };
}

}  // namespace

std::string trial_log_path(const std::string& log_dir, study_id study, trial_id trial) {
  return log_dir + "/study-" + std::to_string(study) + "/trial-" + std::to_string(trial) + ".log";
}

caf::actor spawn_worker_node(caf::actor_system& sys, worker_config config) {
  return sys.spawn(worker_node, std::move(config));
}

}  // namespace summit::actors
