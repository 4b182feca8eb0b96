#pragma once
// A study command asked of a coordinator actor in this process (the
// dashboard, `summit run`), answered as the command line gets it over the
// socket.

#include <chrono>

#include <caf/all.hpp>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"

namespace summit::actors {

/// The answer, or the coordinator's refusal (its study_errc), or
/// protocol::errc::unavailable when it did not answer within `timeout`.
expected<model::study_reply> ask_study(caf::actor_system& sys, const caf::actor& coordinator,
                                       const model::study_command& command,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace summit::actors
