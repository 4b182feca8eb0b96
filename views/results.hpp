#pragma once
// The results table (model/results/results_table.hpp) as the files and
// `study export` write it.

#include <string>

#include "model/results/results_table.hpp"
#include "views/json.hpp"

namespace summit::views {

/// RFC 4180 CSV with a header line; empty cells stay empty.
std::string to_csv(const model::results_table& t);

/// An array of row objects; empty cells are null.
json to_json(const model::results_table& t);

}  // namespace summit::views
