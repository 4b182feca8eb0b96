#pragma once
// The command line's side of the coordinator's socket: sends one request
// and waits for its answer, at most `timeout`. A coordinator that does not
// answer is an error naming its address, not a hang.

#include <chrono>
#include <optional>
#include <string>

#include "actors/transport/socket_security.hpp"
#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

/// The answer, whatever its kind (decoded with protocol's limits for
/// answers: a coordinator may send a large study). A failed CURVE handshake
/// is an error at once, not after the timeout.
expected<protocol::message> ask_coordinator(const std::string& endpoint, const protocol::message& request,
                                            std::chrono::milliseconds timeout,
                                            const std::optional<curve_client>& curve = std::nullopt);

/// A study command's answer, or the coordinator's refusal with its code.
/// source names a submitted study in the coordinator's messages.
expected<model::study_reply> ask_coordinator(const std::string& endpoint, const model::study_command& command,
                                             std::chrono::milliseconds timeout,
                                             const std::optional<curve_client>& curve = std::nullopt,
                                             const std::string& source = "submitted study");

}  // namespace summit::actors
