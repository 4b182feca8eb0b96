#pragma once
// How a trial's command and environment are made from its parameters
// (PRODUCT.md §3). Pure functions; the trial runner uses them.

#include <string>
#include <string_view>
#include <vector>

#include "model/core/value.hpp"
#include "model/spec/command_line.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

// The command line itself is the model's (model/spec/command_line.hpp).
using model::shell_quote;
using model::substitute;

struct trial_context {
  std::string endpoint;           ///< SUMMIT_ENDPOINT
  std::string resource;           ///< SUMMIT_RESOURCE, empty if none
  std::string python_client_dir;  ///< prepended to PYTHONPATH when not empty
  std::string summit_bin_dir;     ///< prepended to PATH, so `summit report` works
  std::string token;              ///< SUMMIT_TRIAL_TOKEN, the trial's own secret
  std::string worker_key;         ///< SUMMIT_WORKER_KEY when the trial socket uses CURVE
};

/// The trial's environment: `inherited` (NAME=value entries) with Summit's
/// variables set over it: SUMMIT_TRIAL_ID, SUMMIT_STUDY_ID, SUMMIT_ENDPOINT,
/// SUMMIT_TRIAL_TOKEN, SUMMIT_PARAMS (a JSON object), SUMMIT_RESOURCE,
/// SUMMIT_PARAM_<name>, and SUMMIT_WORKER_KEY when the worker has one.
std::vector<std::string> trial_environment(const protocol::run_trial& run, const trial_context& ctx,
                                           const std::vector<std::string>& inherited);

}  // namespace summit::actors
