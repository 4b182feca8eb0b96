#pragma once
// The command line's side of the coordinator's socket: sends one
// study_request and waits for its reply, at most `timeout`. A coordinator
// that does not answer is an error naming its address, not a hang.

#include <chrono>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "actors/transport/socket_security.hpp"
#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

/// The reply's JSON document, or the coordinator's refusal as an error. A
/// failed CURVE handshake is an error at once, not after the timeout.
expected<nlohmann::ordered_json> ask_coordinator(const std::string& endpoint,
                                                 const protocol::study_request& request,
                                                 std::chrono::milliseconds timeout,
                                                 const std::optional<curve_client>& curve = std::nullopt);

}  // namespace summit::actors
