#pragma once
// Which trials may speak to a worker, each with its own token
// (SUMMIT_TRIAL_TOKEN). The worker node admits and forgets them; the thread
// that relays observations (observation_relay.hpp) checks them too, hence
// the lock.

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "actors/transport/quiet_log.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

class trial_passes {
 public:
  /// log: where a wrong token is reported (at most once in 30 s per line).
  explicit trial_passes(std::function<void(const std::string&)> log) : log_(std::move(log)) {}

  void admit(trial_id trial, std::string token);
  void forget(trial_id trial);

  /// Nothing when `token` is the running trial's; else the refusal to
  /// answer with. An unknown trial and a wrong token are told apart:
  /// neither gives anything away.
  std::optional<protocol::error_reply> refusal(trial_id trial, const std::string& token);

 private:
  std::mutex mutex_;
  std::unordered_map<trial_id, std::string> tokens_;
  std::function<void(const std::string&)> log_;
  quiet_log refusals_;  ///< a process that keeps guessing tokens must not flood the log
};

}  // namespace summit::actors
