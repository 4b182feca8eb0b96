#pragma once
// The JSON form of the model's values, for everything Summit prints or
// serves as JSON (`--json`, the dashboard's API, SUMMIT_PARAMS). JSON is
// made here, where it is printed, and nowhere below this layer.

#include <string>

#include <nlohmann/json.hpp>

#include "model/core/value.hpp"
#include "model/results/summary.hpp"

namespace summit::views {

using json = nlohmann::ordered_json;

json to_json(const value& v);
/// An object in name order.
json to_json(const params& p);

/// {"id", "name", "state", "archived", "counts": {"RUNNING", "COMPLETED",
/// "FAILED", "STOPPED"}, "planned", "metric", "goal", "best": {"trial",
/// "objective", "parameters"} or null, "observations"}.
json to_json(const model::study_summary& s);
/// {"trials": [...], "aggregate": "mean", "value", "min", "max", "stddev"}
json to_json(const model::copies_summary& c);

}  // namespace summit::views
