#pragma once
// Human-readable renderings shared by `summit run` and the `study` commands.

#include <string>
#include <string_view>

#include "model/commands/study_replies.hpp"
#include "model/results/summary.hpp"
#include "nodes/printable.hpp"

namespace summit::nodes {

/// "12/40 trials done · 3 running · 1 failed · best val_loss 0.0712 (trial 7)"
std::string progress_line(const model::study_summary& s);

/// Where the best value comes from: "trial 7", or for a repeated
/// configuration "mean of 3 copies: trials 1, 4, 7".
std::string best_source(trial_id best, const std::optional<model::copies_summary>& copies);

/// How a configuration's copies spread: "sd 0.1, 1.1 to 1.3".
std::string spread_text(const model::copies_summary& c);

/// "lr=0.001 units=64 act=relu"
std::string format_params(const params& p);

/// A number for people: up to 6 significant digits.
std::string format_number(double x);

/// A share of 1 with three decimals: "0.712".
std::string format_share(double share);

/// The `most` most important parameters: "x 0.712, lr 0.201, act 0.050".
std::string top_importances(const model::importances& m, std::size_t most);

}  // namespace summit::nodes
