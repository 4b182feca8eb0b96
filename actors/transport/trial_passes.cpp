#include "actors/transport/trial_passes.hpp"

#include "actors/transport/trial_token.hpp"

namespace summit::actors {

void trial_passes::admit(trial_id trial, std::string token) {
  std::lock_guard<std::mutex> lock(mutex_);
  tokens_[trial] = std::move(token);
}

void trial_passes::forget(trial_id trial) {
  std::lock_guard<std::mutex> lock(mutex_);
  tokens_.erase(trial);
}

std::optional<protocol::error_reply> trial_passes::refusal(trial_id trial, const std::string& token) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = tokens_.find(trial);
  if (it == tokens_.end())
    return protocol::error_reply{protocol::errc::unknown_trial,
                                 "trial " + std::to_string(trial) + " is not running on this worker"};
  if (same_token(token, it->second)) return std::nullopt;
  const std::string which = token.empty() ? "no" : "a wrong";
  refusals_(log_, "refused a request for trial " + std::to_string(trial) + ": " + which + " SUMMIT_TRIAL_TOKEN");
  return protocol::error_reply{protocol::errc::wrong_token, "trial " + std::to_string(trial) + ": " +
                                                                (token.empty() ? "no" : "wrong") + " SUMMIT_TRIAL_TOKEN"};
}

}  // namespace summit::actors
