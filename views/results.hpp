#pragma once
// The results table (model/results/results_table.hpp) as the files and
// `study export` write it.

#include <string>
#include <string_view>

#include "model/core/expected.hpp"
#include "model/results/results_table.hpp"
#include "views/json.hpp"

namespace summit::views {

/// RFC 4180 CSV with a header line; empty cells stay empty.
std::string to_csv(const model::results_table& t);

/// An array of row objects; empty cells are null.
json to_json(const model::results_table& t);

/// The table as `format` (csv, or json: to_json's array, indented, with a
/// final newline), or an error naming a format that is neither.
expected<std::string> to_text(const model::results_table& t, std::string_view format);

}  // namespace summit::views
