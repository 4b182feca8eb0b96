#pragma once
// Between the study commands and answers (model/commands/) and the messages
// that carry them: the same types, but for a submit, which travels as text
// and is parsed where it arrives.

#include <optional>
#include <string>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_errors.hpp"
#include "model/commands/study_replies.hpp"
#include "protocol/messages.hpp"

namespace summit::protocol {

/// A submit carries its spec's canonical text, named `source` in messages.
message to_message(const model::study_command& c, const std::string& source = "submitted study");

/// The study command a message carries, if it carries one. A submit's text
/// is parsed: a study that does not parse is refused with
/// model::study_errc::invalid_study and the parser's message.
std::optional<expected<model::study_command>> study_command_of(const message& m);

message to_message(const model::study_reply& r);

/// A refusal as an error frame (internal when the error has no code).
message to_message(const summit::error& e);

/// The frame of a study's results (kind results), as
/// encode(to_message(make_results_table(s))) would give it, without the
/// table in memory.
std::string encode_results(const model::study& s);

/// A page of a study's results: `s` holds the page's trials only, under the
/// columns of the whole study's metrics (model::make_results_page).
struct results_page {
  const std::vector<std::string>& metric_names;
  trial_id next_after = 0;  ///< the last trial in the page when more follow
  std::uint64_t snapshot = 0;
};
std::string encode_results(const model::study& s, const results_page& page);

/// The answer a message carries, if it is one.
std::optional<model::study_reply> study_reply_of(const message& m);

}  // namespace summit::protocol
