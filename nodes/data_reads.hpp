#pragma once
// Answers to study commands from a data directory, without a coordinator:
// `summit study ... --data DIR` and `summit dashboard --data DIR`. Each
// answer opens the log read-only (safe while `summit run` writes it) and
// replays only what the command reads: one study's records for a command
// about one study, everything for a list. Commands that change something
// are refused (study_errc::read_only).

#include <string>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"

namespace summit::nodes {

expected<model::study_reply> read_data_dir(const std::string& data_dir, const model::study_command& command);

}  // namespace summit::nodes
