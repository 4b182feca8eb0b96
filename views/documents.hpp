#pragma once
// What the `summit study` read commands show, as JSON documents. The same
// functions answer on the coordinator and on a data directory read
// directly, and the command line renders its text from these documents, so
// both ways give the same facts.

#include <string>

#include "model/core/expected.hpp"
#include "model/state/registry.hpp"
#include "views/json.hpp"

namespace summit::views {

/// An array of study summaries (see summary.hpp); archived ones only when asked.
json list_view(const model::registry& r, bool include_archived);

/// The study's summary with "space" (each parameter: name, type, and scale
/// and range, or values) and a "trials" array: id, status, parameters,
/// last_iteration, objective, origin, retry_of, reason.
json show_view(const model::study& s);

/// The best trial (as in show_view's trials), or an error when no trial
/// has completed.
expected<json> best_view(const model::study& s);

/// The series of one metric — the objective when `metric` is empty or the
/// study's objective metric, else a context metric — per trial:
/// {"metric", "names": [every metric], "series": [{"trial", "points": [[iteration, value]...]}]}.
expected<json> metrics_view(const model::study& s, const std::string& metric);

/// The results table as csv or json text.
expected<std::string> export_view(const model::study& s, const std::string& format);

}  // namespace summit::views
