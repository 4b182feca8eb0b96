#pragma once
// What the `summit study` read commands show, as JSON documents. The same
// functions answer on the coordinator and on a data directory read
// directly, and the command line renders its text from these documents, so
// both ways give the same facts.

#include <string>

#include <nlohmann/json.hpp>

#include "algorithms/core/expected.hpp"
#include "algorithms/study/registry.hpp"

namespace summit::algorithms {

/// An array of study summaries (see summary.hpp); archived ones only when asked.
nlohmann::ordered_json list_view(const registry& r, bool include_archived);

/// The study's summary with "space" (each parameter: name, type, and scale
/// and range, or values) and a "trials" array: id, status, parameters,
/// last_iteration, objective, origin, retry_of, reason.
nlohmann::ordered_json show_view(const study& s);

/// The best trial (as in show_view's trials), or an error when no trial
/// has completed.
expected<nlohmann::ordered_json> best_view(const study& s);

/// The series of one metric — the objective when `metric` is empty or the
/// study's objective metric, else a context metric — per trial:
/// {"metric", "names": [every metric], "series": [{"trial", "points": [[iteration, value]...]}]}.
expected<nlohmann::ordered_json> metrics_view(const study& s, const std::string& metric);

/// The results table as csv or json text.
expected<std::string> export_view(const study& s, const std::string& format);

}  // namespace summit::algorithms
