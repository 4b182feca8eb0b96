#pragma once
// The study file (PRODUCT.md §2): YAML, or JSON, validated strictly before
// anything runs. Refused, with the file, line, key path and reason:
// unknown keys, wrong types, a range with min > max, a log or reverse_log
// scale over a range that is not positive, an empty or repeated choice,
// duplicate names, placeholders that name no parameter, an unknown algorithm
// or stopping rule, enqueued or iterated points outside the space.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/spec/study_spec.hpp"

namespace summit::model {

/// A new study is held to today's rules; a stored one (the log's canonical
/// text) is read as it was accepted, so that an older log always replays.
enum class study_origin : std::uint8_t { new_study, stored };

/// text is the whole document; source names it in errors (a path, or
/// "<stored study 3>").
expected<study_spec> parse_study(std::string_view text, const std::string& source,
                                 study_origin origin = study_origin::new_study);

/// Reads and parses a file; an unreadable file is an error naming it.
expected<study_spec> load_study_file(const std::string& path);

/// The canonical form of a spec, which the log stores: one line of JSON,
/// keys in a fixed order. parse_study(canonical_text(s)) gives s back, and
/// two specs are the same study exactly when their canonical texts are equal.
std::string canonical_text(const study_spec& s);

/// The `:name:` placeholders of a command, in order of appearance.
std::vector<std::string> placeholders(std::string_view command);

}  // namespace summit::model
