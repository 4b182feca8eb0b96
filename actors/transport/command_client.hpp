#pragma once
// The command line's side of the coordinator's socket: sends a request and
// waits for its answer, at most `timeout`. A coordinator that does not
// answer is an error naming its address, not a hang.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "actors/transport/socket_security.hpp"
#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::actors {

/// One connection for requests in turn (an export's pages): connected at
/// the first, kept for the next. After an error (no answer in time, a
/// failed handshake) it is not asked again.
class coordinator_session {
 public:
  coordinator_session(std::string endpoint, std::chrono::milliseconds timeout,
                      std::optional<curve_client> curve = std::nullopt);
  ~coordinator_session();
  coordinator_session(const coordinator_session&) = delete;
  coordinator_session& operator=(const coordinator_session&) = delete;

  /// The answer, whatever its kind (decoded with protocol's limits for
  /// answers: a coordinator may send a large study).
  expected<protocol::message> ask(const protocol::message& request);
  /// A study command's answer, or the coordinator's refusal with its code.
  /// source names a submitted study in the coordinator's messages.
  expected<model::study_reply> ask(const model::study_command& command, const std::string& source = "submitted study");

 private:
  struct connection;
  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  std::optional<curve_client> curve_;
  std::unique_ptr<connection> connection_;
};

// One request on a connection of its own.

/// A failed CURVE handshake is an error at once, not after the timeout.
expected<protocol::message> ask_coordinator(const std::string& endpoint, const protocol::message& request,
                                            std::chrono::milliseconds timeout,
                                            const std::optional<curve_client>& curve = std::nullopt);

expected<model::study_reply> ask_coordinator(const std::string& endpoint, const model::study_command& command,
                                             std::chrono::milliseconds timeout,
                                             const std::optional<curve_client>& curve = std::nullopt,
                                             const std::string& source = "submitted study");

}  // namespace summit::actors
