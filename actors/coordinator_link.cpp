#include "actors/coordinator_link.hpp"

#include <map>
#include <set>

#include "actors/atoms.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;

struct link_state {
  link_config config;
  caf::actor worker;
  protocol::register_worker identity;
  bool connected = false;
  clock::time_point last_heard{};
  clock::time_point last_sent{};
  clock::time_point next_attempt{};
  std::chrono::milliseconds backoff{250};
  std::set<trial_id> running;
  std::map<trial_id, protocol::trial_ended> ends;  ///< not yet acknowledged
};

void send(link_state& st, const protocol::message& m) {
  st.config.bridge->post({}, protocol::encode(m));
  st.last_sent = clock::now();
}

void register_now(link_state& st) {
  auto hello = st.identity;
  hello.running.assign(st.running.begin(), st.running.end());
  for (const auto& [id, e] : st.ends) hello.ended.push_back(e);
  send(st, hello);
  st.next_attempt = clock::now() + st.backoff;
  st.backoff = std::min(st.backoff * 2, std::chrono::milliseconds(5000));
}

void lost(link_state& st) {
  st.connected = false;
  st.config.relay->disconnected();
}

void from_coordinator(caf::stateful_actor<link_state>* self, const protocol::message& m) {
  auto& st = self->state;
  st.last_heard = clock::now();
  if (auto* r = std::get_if<protocol::registered>(&m)) {
    if (!st.connected) st.config.log("connected to the coordinator at " + st.config.bridge->endpoint());
    st.connected = true;
    st.backoff = std::chrono::milliseconds(250);
    st.config.heartbeat = std::chrono::milliseconds(r->heartbeat_ms);
    st.config.timeout = std::chrono::milliseconds(r->timeout_ms);
    for (const auto& [id, e] : st.ends) send(st, e);
    st.config.relay->connected();
  } else if (auto* run = std::get_if<protocol::run_trial>(&m)) {
    st.running.insert(run->trial);
    self->send(st.worker, run_atom::value, *run);
  } else if (auto* kill = std::get_if<protocol::kill_trial>(&m)) {
    self->send(st.worker, kill_atom::value, *kill);
  } else if (auto* answers = std::get_if<protocol::replies>(&m)) {
    // What the relay left: refusals of the link itself.
    for (const auto& item : answers->items)
      std::visit([&](const auto& a) { from_coordinator(self, protocol::message{a}); }, item);
  } else if (auto* done = std::get_if<protocol::ended_ack>(&m)) {
    st.ends.erase(done->trial);
  } else if (auto* e = std::get_if<protocol::error_reply>(&m)) {
    if (e->code == protocol::errc::not_registered) {
      // The coordinator restarted and does not know us yet.
      lost(st);
      register_now(st);
    } else {
      st.config.log("the coordinator refused a frame: " + e->message);
    }
  }
}

caf::behavior coordinator_link(caf::stateful_actor<link_state>* self, link_config config) {
  self->state.config = std::move(config);
  return {
      [=](register_atom, const protocol::register_worker& w, const caf::actor& worker) {
        auto& st = self->state;
        st.identity = w;
        st.worker = worker;
        register_now(st);
        self->send(self, tick_atom::value);
        return true;
      },
      [=](ended_atom, const protocol::trial_ended& e, const std::string&) {
        auto& st = self->state;
        st.running.erase(e.trial);
        st.ends[e.trial] = e;
        if (st.connected) send(st, e);
      },
      [=](bridge_atom, const bridge_request& req) { from_coordinator(self, req.msg); },
      [=](tick_atom) {
        auto& st = self->state;
        const auto now = clock::now();
        // The relay's frames count: under load they are all there is.
        const auto heard = std::max(st.last_heard, st.config.relay->last_heard());
        const auto sent = std::max(st.last_sent, st.config.relay->last_sent());
        if (st.connected && now - heard > st.config.timeout) {
          lost(st);
          st.config.log("the coordinator at " + st.config.bridge->endpoint() +
                        " is not answering; trials carry on, their observations wait");
        }
        if (!st.connected) {
          if (now >= st.next_attempt) register_now(st);
        } else if (now - sent >= st.config.heartbeat) {
          send(st, protocol::heartbeat{});
        }
        self->delayed_send(self, std::min(st.config.heartbeat, std::chrono::milliseconds(250)), tick_atom::value);
      },
  };
}

}  // namespace

caf::actor spawn_coordinator_link(caf::actor_system& sys, link_config config) {
  return sys.spawn(coordinator_link, std::move(config));
}

}  // namespace summit::actors
