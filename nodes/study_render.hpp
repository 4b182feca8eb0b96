#pragma once
// Text for people from the answers to the study commands.

#include <string>

#include "model/commands/study_replies.hpp"

namespace summit::nodes {

/// What `summit study ...` prints without --json: a table of studies, a
/// study with its trials, the best trial, a metric's points, or a study's
/// state after stop, kill or archive.
std::string render(const model::study_reply& reply);

}  // namespace summit::nodes
