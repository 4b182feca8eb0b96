#pragma once
// A study request (protocol::study_request: list, show, metrics, stop-trial,
// ...) asked of a coordinator actor in this process, answered with the same
// JSON document the command line gets over the socket. The dashboard uses it.

#include <chrono>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

/// The answer, or the coordinator's refusal (code: its errc), or
/// errc::unavailable when it did not answer within `timeout`.
expected<nlohmann::ordered_json> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                           const protocol::study_request& request,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace summit::actors
