#pragma once
// The answers to the study commands that only read: list, show, best,
// metrics and export. One function for every place that answers them: the
// coordinator, a data directory read without one (`--data`), and through
// the coordinator the dashboard.

#include "model/commands/study_commands.hpp"
#include "model/commands/study_errors.hpp"
#include "model/commands/study_replies.hpp"
#include "model/state/registry.hpp"

namespace summit::coordinator {

/// The answer from the state, or a refusal with its study_errc: an unknown
/// study, trial or metric, no completed trial yet, or (read_only) a command
/// that changes something.
expected<model::study_reply> read(const model::registry& state, const model::study_command& command);

/// The study's summary, with the trials its algorithm plans.
model::study_summary summary_of(const model::study& s);

}  // namespace summit::coordinator
