#include "actors/coordinator_link.hpp"

#include <map>
#include <set>

#include "actors/atoms.hpp"
#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

using clock = std::chrono::steady_clock;
using key = std::pair<trial_id, std::int64_t>;

/// The answer to one relayed batch, delivered once every item has one.
struct batch_answer {
  caf::response_promise promise;
  protocol::replies replies;
  std::size_t missing = 0;

  void fill(std::size_t at, const protocol::message& m) {
    if (auto* a = std::get_if<protocol::ack>(&m)) replies.items[at] = *a;
    else if (auto* e = std::get_if<protocol::error_reply>(&m)) replies.items[at] = *e;
    if (--missing == 0) promise.deliver(std::move(replies));
  }
};

struct pending_observation {
  protocol::observation observation;
  /// Where each time the trial asked waits: a batch and its place in it.
  std::vector<std::pair<std::shared_ptr<batch_answer>, std::size_t>> replies;
};

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
  std::map<key, pending_observation> observations;
  std::vector<protocol::observation> outgoing;  ///< to send with the next flush
  bool flush_scheduled = false;
};

// Comfortably under the protocol's 1,024 entries per list.
constexpr std::size_t max_batch = 512;

// A trial that keeps asking while the coordinator is away must not pile up
// promises: the oldest (whose socket the client has long closed) is answered
// "away" and dropped.
constexpr std::size_t max_replies_per_observation = 4;

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

/// Queues observations for one frame: what the trials reported while the
/// previous ones were on their way leaves together (the flush message
/// queues behind them, as in the storage actor's group commit).
void queue(caf::stateful_actor<link_state>* self, const protocol::observation& o) {
  auto& st = self->state;
  st.outgoing.push_back(o);
  if (st.flush_scheduled) return;
  st.flush_scheduled = true;
  self->send(self, flush_atom::value);
}

void flush(link_state& st) {
  st.flush_scheduled = false;
  if (!st.connected) {
    st.outgoing.clear();  // all of them are resent after registering again
    return;
  }
  for (std::size_t at = 0; at < st.outgoing.size(); at += max_batch) {
    const auto end = std::min(st.outgoing.size(), at + max_batch);
    send(st, protocol::observations{{st.outgoing.begin() + static_cast<long>(at),
                                     st.outgoing.begin() + static_cast<long>(end)}});
  }
  st.outgoing.clear();
}

void answer(link_state& st, const key& k, const protocol::message& m) {
  auto it = st.observations.find(k);
  if (it == st.observations.end()) return;
  for (auto& [batch, at] : it->second.replies) batch->fill(at, m);
  st.observations.erase(it);
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
    for (const auto& [k, p] : st.observations) queue(self, p.observation);
  } else if (auto* run = std::get_if<protocol::run_trial>(&m)) {
    st.running.insert(run->trial);
    self->send(st.worker, run_atom::value, *run);
  } else if (auto* kill = std::get_if<protocol::kill_trial>(&m)) {
    self->send(st.worker, kill_atom::value, *kill);
  } else if (auto* ack = std::get_if<protocol::ack>(&m)) {
    answer(st, {ack->trial, ack->iteration}, m);
  } else if (auto* answers = std::get_if<protocol::replies>(&m)) {
    for (const auto& item : answers->items)
      std::visit([&](const auto& a) { from_coordinator(self, protocol::message{a}); }, item);
  } else if (auto* done = std::get_if<protocol::ended_ack>(&m)) {
    st.ends.erase(done->trial);
  } else if (auto* e = std::get_if<protocol::error_reply>(&m)) {
    if (e->code == protocol::errc::not_registered) {
      // The coordinator restarted and does not know us yet.
      st.connected = false;
      register_now(st);
    } else if (e->trial != 0) {
      answer(st, {e->trial, e->iteration}, m);
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
      [=](observe_atom, protocol::observations& batch, const std::string&) -> caf::result<protocol::replies> {
        auto& st = self->state;
        if (batch.items.empty()) return protocol::replies{};
        auto answer = std::make_shared<batch_answer>();
        answer->promise = self->make_response_promise();
        answer->replies.items.resize(batch.items.size());
        answer->missing = batch.items.size();
        for (std::size_t at = 0; at < batch.items.size(); ++at) {
          auto& o = batch.items[at];
          auto& p = st.observations[{o.trial, o.iteration}];
          if (p.replies.size() >= max_replies_per_observation) {
            // Answered, so that the asker forgets it too (it waits without a timeout).
            auto [oldest, place] = p.replies.front();
            p.replies.erase(p.replies.begin());
            oldest->fill(place, protocol::error_reply{protocol::errc::unavailable, "the coordinator is away; retry",
                                                      o.trial, o.iteration});
          }
          p.replies.emplace_back(answer, at);
          if (st.connected) queue(self, o);
          p.observation = std::move(o);
        }
        return answer->promise;
      },
      [=](ended_atom, const protocol::trial_ended& e, const std::string&) {
        auto& st = self->state;
        st.running.erase(e.trial);
        st.ends[e.trial] = e;
        if (st.connected) send(st, e);
      },
      [=](flush_atom) { flush(self->state); },
      [=](bridge_atom, const bridge_request& req) { from_coordinator(self, req.msg); },
      [=](tick_atom) {
        auto& st = self->state;
        const auto now = clock::now();
        if (st.connected && now - st.last_heard > st.config.timeout) {
          st.connected = false;
          st.config.log("the coordinator at " + st.config.bridge->endpoint() +
                        " is not answering; trials carry on, their observations wait");
        }
        if (!st.connected) {
          if (now >= st.next_attempt) register_now(st);
        } else if (now - st.last_sent >= st.config.heartbeat) {
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
