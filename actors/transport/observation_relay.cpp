#include "actors/transport/observation_relay.hpp"

#include <algorithm>

#include "protocol/codec.hpp"

namespace summit::actors {

namespace {

// Comfortably under the protocol's 1,024 entries per list.
constexpr std::size_t max_batch = 512;

// A trial that keeps asking while the coordinator is away must not pile up
// askers: the oldest (whose socket the client has long closed) is answered
// "away" and dropped.
constexpr std::size_t max_askers = 4;

/// Whether a refusal from the coordinator answers one observation, rather
/// than the link itself (not_registered: register again) or a frame.
bool answers_an_observation(const protocol::error_reply& e) {
  return e.trial != 0 && e.code != protocol::errc::not_registered;
}

}  // namespace

observation_relay::observation_relay(std::shared_ptr<trial_passes> passes, post_fn to_trials, post_fn to_coordinator)
    : passes_(std::move(passes)), to_trials_(std::move(to_trials)), to_coordinator_(std::move(to_coordinator)) {}

void observation_relay::from_trials(std::vector<bridge_request>& ready) {
  std::vector<bridge_request> others;
  std::vector<protocol::observation> batch;
  outbox replies;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& req : ready) {
      auto* obs = std::get_if<protocol::observation>(&req.msg);
      if (!obs) {
        others.push_back(std::move(req));
        continue;
      }
      if (auto refused = passes_->refusal(obs->trial, obs->token)) {
        replies.emplace_back(std::move(req.envelope), protocol::encode(*refused));
        continue;
      }
      obs->token.clear();  // the trial's secret stays on this machine
      auto& w = waiting_[{obs->trial, obs->iteration}];
      if (w.askers.size() >= max_askers) {
        replies.emplace_back(std::move(w.askers.front()),
                             protocol::encode(protocol::error_reply{protocol::errc::unavailable,
                                                                    "the coordinator is away; retry", obs->trial,
                                                                    obs->iteration}));
        w.askers.erase(w.askers.begin());
      }
      w.askers.push_back(std::move(req.envelope));
      w.observation = *obs;
      if (connected_) batch.push_back(std::move(*obs));
    }
  }
  ready = std::move(others);
  for (auto& [to, frame] : replies) to_trials_(std::move(to), std::move(frame));
  send(batch);
}

void observation_relay::from_coordinator(std::vector<bridge_request>& ready) {
  if (ready.empty()) return;
  last_heard_ = clock::now().time_since_epoch().count();
  std::vector<bridge_request> others;
  outbox replies;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& req : ready) {
      if (auto* a = std::get_if<protocol::ack>(&req.msg)) {
        answer({a->trial, a->iteration}, req.msg, replies);
        continue;
      }
      if (auto* e = std::get_if<protocol::error_reply>(&req.msg); e && answers_an_observation(*e)) {
        answer({e->trial, e->iteration}, req.msg, replies);
        continue;
      }
      if (auto* answers = std::get_if<protocol::replies>(&req.msg)) {
        protocol::replies rest;
        for (const auto& item : answers->items) {
          if (const auto* a = std::get_if<protocol::ack>(&item))
            answer({a->trial, a->iteration}, protocol::message{*a}, replies);
          else if (const auto* e = std::get_if<protocol::error_reply>(&item); answers_an_observation(*e))
            answer({e->trial, e->iteration}, protocol::message{*e}, replies);
          else
            rest.items.push_back(item);
        }
        if (rest.items.empty()) continue;
        req.msg = std::move(rest);
      }
      others.push_back(std::move(req));
    }
  }
  ready = std::move(others);
  for (auto& [to, frame] : replies) to_trials_(std::move(to), std::move(frame));
}

void observation_relay::answer(const key& k, const protocol::message& m, outbox& replies) {
  const auto it = waiting_.find(k);
  if (it == waiting_.end()) return;  // answered already: a resend's second answer
  const auto frame = protocol::encode(m);
  for (auto& asker : it->second.askers) replies.emplace_back(std::move(asker), frame);
  waiting_.erase(it);
}

void observation_relay::connected() {
  std::vector<protocol::observation> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connected_ = true;
    for (const auto& [k, w] : waiting_) batch.push_back(w.observation);
  }
  send(batch);
}

void observation_relay::disconnected() {
  std::lock_guard<std::mutex> lock(mutex_);
  connected_ = false;
}

std::size_t observation_relay::unanswered() {
  std::lock_guard<std::mutex> lock(mutex_);
  return waiting_.size();
}

void observation_relay::send(const std::vector<protocol::observation>& batch) {
  if (batch.empty()) return;
  for (std::size_t at = 0; at < batch.size(); at += max_batch) {
    const auto end = std::min(batch.size(), at + max_batch);
    to_coordinator_({}, protocol::encode(protocol::observations{{batch.begin() + static_cast<long>(at),
                                                                 batch.begin() + static_cast<long>(end)}}));
  }
  last_sent_ = clock::now().time_since_epoch().count();
}

}  // namespace summit::actors
