#include "actors/node_gateway.hpp"

#include <map>

#include "actors/atoms.hpp"
#include "actors/coordinator.hpp"
#include "protocol/codec.hpp"
#include "protocol/study_messages.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;

/// What a study's suggester holds as its algorithm process.
caf::behavior remote_algorithm(caf::event_based_actor*, std::shared_ptr<socket_bridge> bridge,
                               std::vector<std::string> envelope) {
  return {
      [=](suggest_atom, const protocol::suggest& s) { bridge->post(envelope, protocol::encode(s)); },
  };
}

struct peer {
  std::string name;
  bool worker = false;  ///< registered as a worker or client (the coordinator posts to it directly)
  study_id serves = 0;  ///< an algorithm process's study
  std::vector<std::string> envelope;
  caf::actor proxy;     ///< an algorithm process's, for its study's suggester
  clock::time_point last_heard;
};

struct gateway_state {
  gateway_config config;
  std::map<std::string, peer> workers;  ///< by routing id
  /// By routing id, the requests the coordinator has not answered yet (kept
  /// apart from `workers`: they outlive a peer dropped for silence). With
  /// none, a worker's end of a trial cannot pass anything of its own and
  /// goes urgent.
  std::map<std::string, std::uint32_t> unanswered;
};

void send_to(gateway_state& st, const std::vector<std::string>& envelope, const protocol::message& m) {
  st.config.bridge->post(envelope, protocol::encode(m));
}

protocol::message not_registered() {
  return protocol::error_reply{protocol::errc::not_registered, "register first", 0, -1};
}

protocol::message refused(std::string why, protocol::errc code = protocol::errc::algorithm_refused) {
  return protocol::error_reply{code, std::move(why), 0, -1};
}

protocol::message refused(const summit::error& e) {
  return refused(e.message, static_cast<protocol::errc>(e.code));
}

void from_algorithm(caf::stateful_actor<gateway_state>* self, const bridge_request& req, const peer& p) {
  auto& st = self->state;
  const auto envelope = req.envelope;
  if (const auto* answer = std::get_if<protocol::suggestions>(&req.msg)) {
    if (answer->study != p.serves)
      return send_to(st, envelope, refused("this process serves study " + std::to_string(p.serves)));
    self->request(st.config.coordinator, caf::infinite, suggest_atom::value, *answer, p.proxy)
        .then([=](const summit::status& refusal) {
          if (refusal) send_to(self->state, envelope, refused(*refusal));
        });
  } else if (!std::holds_alternative<protocol::heartbeat>(req.msg)) {
    send_to(st, envelope, protocol::error_reply{protocol::errc::unknown_kind,
                                                std::string(protocol::to_string(protocol::kind_of(req.msg))) +
                                                    " is not a request an algorithm process can send", 0, -1});
  }
}

/// An algorithm process offers to serve a study (algorithm `external`).
void serve(caf::stateful_actor<gateway_state>* self, const bridge_request& req, const protocol::serve_algorithm& s) {
  auto& st = self->state;
  const std::string id = req.envelope.front();
  auto& p = st.workers[id];
  if (p.worker)  // it was a worker until now: its trials are lost
    self->send(st.config.coordinator, lost_atom::value, p.name, std::string("now serves an algorithm"));
  p.worker = false;
  if (p.proxy && p.serves != s.study) self->send_exit(p.proxy, caf::exit_reason::user_shutdown);
  if (!p.proxy || p.serves != s.study) p.proxy = self->spawn(remote_algorithm, st.config.bridge, req.envelope);
  p.name = s.name;
  p.serves = s.study;
  p.envelope = req.envelope;
  p.last_heard = clock::now();
  const auto envelope = req.envelope;
  const auto proxy = p.proxy;
  self->request(st.config.coordinator, caf::infinite, serve_atom::value, s, proxy)
      .then([=](const summit::status& refusal) {
        auto& state = self->state;
        if (!refusal) {
          const auto& c = state.config;
          return send_to(state, envelope,
                         protocol::registered{static_cast<std::uint32_t>(c.heartbeat.count()),
                                              static_cast<std::uint32_t>(c.timeout.count())});
        }
        if (auto it = state.workers.find(id); it != state.workers.end() && it->second.proxy == proxy) {
          self->send_exit(proxy, caf::exit_reason::user_shutdown);
          state.workers.erase(it);
        }
        send_to(state, envelope, refused(*refusal));
      });
}

/// The peer's request is answered: it counts no more.
void answered(gateway_state& st, const std::string& id) {
  if (auto it = st.unanswered.find(id); it != st.unanswered.end() && --it->second == 0) st.unanswered.erase(it);
}

void from_worker(caf::stateful_actor<gateway_state>* self, const bridge_request& req, peer& w) {
  auto& st = self->state;
  const auto envelope = req.envelope;
  const std::string id = envelope.front();
  const std::string name = w.name;
  if (auto* obs = std::get_if<protocol::observation>(&req.msg)) {
    const auto trial = obs->trial;
    const auto iteration = obs->iteration;
    ++st.unanswered[id];
    self->request(st.config.coordinator, caf::infinite, observe_atom::value, *obs, name)
        .then([=](protocol::message& answer) {
          answered(self->state, id);
          if (auto* e = std::get_if<protocol::error_reply>(&answer)) {
            e->trial = trial;
            e->iteration = iteration;
          }
          send_to(self->state, envelope, answer);
        });
  } else if (auto* batch = std::get_if<protocol::observations>(&req.msg)) {
    ++st.unanswered[id];
    self->request(st.config.coordinator, caf::infinite, observe_atom::value, *batch, name)
        .then([=](const protocol::replies& answers) {
          answered(self->state, id);
          send_to(self->state, envelope, answers);
        });
  } else if (auto* ended = std::get_if<protocol::trial_ended>(&req.msg)) {
    // Under load the coordinator's mailbox holds thousands of others'
    // observations; an end that waits behind them holds its slot's next
    // trial back. Urgent only when nothing of this peer's is still queued
    // there: its observations of the trial must be applied first.
    const auto forward = [&](auto request) {
      ++st.unanswered[id];
      request.then([=](const protocol::message& answer) {
        answered(self->state, id);
        send_to(self->state, envelope, answer);
      });
    };
    if (!st.unanswered.count(id))
      forward(self->request<caf::message_priority::high>(st.config.coordinator, caf::infinite, ended_atom::value,
                                                         *ended, name));
    else
      forward(self->request(st.config.coordinator, caf::infinite, ended_atom::value, *ended, name));
  } else if (auto* ask = std::get_if<protocol::ask_trials>(&req.msg)) {
    self->send(st.config.coordinator, ask_atom::value, ask->count, name);
  } else if (!std::holds_alternative<protocol::heartbeat>(req.msg)) {
    send_to(st, envelope, protocol::error_reply{protocol::errc::unknown_kind,
                                                std::string(protocol::to_string(protocol::kind_of(req.msg))) +
                                                    " is not a request a worker can send", 0, -1});
  }
}

void join(caf::stateful_actor<gateway_state>* self, const bridge_request& req,
          const protocol::register_worker& w) {
  auto& st = self->state;
  const std::string& id = req.envelope.front();
  // A name that registers from a new connection replaces the old one.
  for (auto it = st.workers.begin(); it != st.workers.end();)
    it = it->second.name == w.name && it->first != id ? st.workers.erase(it) : std::next(it);
  const bool again = st.workers.count(id) > 0;  // the same process registering again
  auto& p = st.workers[id];
  if (p.serves) {  // it served a study's algorithm until now
    self->send_exit(p.proxy, caf::exit_reason::user_shutdown);
    p = peer{};
  }
  p.name = w.name;
  p.worker = true;
  p.last_heard = clock::now();
  p.envelope = req.envelope;
  const auto envelope = req.envelope;
  // Straight to the socket: an actor in between would wait for a thread
  // behind the coordinator's and this gateway's mailboxes under load.
  const remote_outlet outlet = [bridge = st.config.bridge, envelope](const protocol::message& m) {
    bridge->post(envelope, protocol::encode(m));
  };
  ++st.unanswered[id];
  self->request(st.config.coordinator, caf::infinite, register_atom::value, w, outlet, again)
      .then([=, id = id](bool) {
        answered(self->state, id);
        const auto& c = self->state.config;
        send_to(self->state, envelope,
                protocol::registered{static_cast<std::uint32_t>(c.heartbeat.count()),
                                     static_cast<std::uint32_t>(c.timeout.count())});
      });
}

caf::behavior node_gateway(caf::stateful_actor<gateway_state>* self, gateway_config config) {
  self->state.config = std::move(config);
  self->send(self, tick_atom::value);
  return {
      [=](bridge_atom, const bridge_request& req) {
        auto& st = self->state;
        if (auto command = protocol::study_command_of(req.msg)) {
          const auto envelope = req.envelope;
          if (!*command) return send_to(st, envelope, protocol::to_message(command->error()));
          if (const auto* e = std::get_if<model::export_results>(&**command); e && st.config.reader) {
            self->request(st.config.reader, caf::infinite, frame_atom::value, *e)
                .then([=](std::string& frame) { self->state.config.bridge->post(envelope, std::move(frame)); });
            return;
          }
          self->request(st.config.coordinator, caf::infinite, study_atom::value, std::move(**command))
              .then([=](const expected<model::study_reply>& answer) {
                send_to(self->state, envelope,
                        answer ? protocol::to_message(*answer) : protocol::to_message(answer.error()));
              });
          return;
        }
        if (auto* w = std::get_if<protocol::register_worker>(&req.msg)) return join(self, req, *w);
        if (auto* s = std::get_if<protocol::serve_algorithm>(&req.msg)) return serve(self, req, *s);
        auto it = st.workers.find(req.envelope.front());
        if (it == st.workers.end()) return send_to(st, req.envelope, not_registered());
        it->second.last_heard = clock::now();
        if (it->second.serves) return from_algorithm(self, req, it->second);
        from_worker(self, req, it->second);
      },
      [=](tick_atom) {
        auto& st = self->state;
        const auto now = clock::now();
        for (auto it = st.workers.begin(); it != st.workers.end();) {
          if (now - it->second.last_heard > st.config.timeout) {
            // An algorithm process's suggester sees its proxy go.
            if (!it->second.serves)
              self->send(st.config.coordinator, lost_atom::value, it->second.name,
                       "missed heartbeats for " + std::to_string(st.config.timeout.count() / 1000.0).substr(0, 3) + " s");
            if (it->second.proxy) self->send_exit(it->second.proxy, caf::exit_reason::user_shutdown);
            it = st.workers.erase(it);
            continue;
          }
          send_to(st, it->second.envelope, protocol::heartbeat{});
          ++it;
        }
        self->delayed_send(self, st.config.heartbeat, tick_atom::value);
      },
  };
}

}  // namespace

caf::actor spawn_node_gateway(caf::actor_system& sys, gateway_config config) {
  return sys.spawn(node_gateway, std::move(config));
}

}  // namespace summit::actors
