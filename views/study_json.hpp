#pragma once
// The answers to the study commands (model/commands/study_replies.hpp) as
// the JSON documents `summit study ... --json` prints and the dashboard's
// API serves: both show the same facts, made here.

#include "model/commands/study_replies.hpp"
#include "views/json.hpp"

namespace summit::views {

/// submit: {"id", "name"}; list: an array of study summaries (json.hpp);
/// show: the summary with "space" (each parameter: name, type, and scale and
/// range, or values) and "trials" (id, status, parameters, last_iteration,
/// objective, origin, retry_of, worker, reason); best: that trial with
/// "metric"; metrics: {"metric", "names", "series": [{"trial", "points":
/// [[iteration, value]...]}]}; export: the results table's rows
/// (results.hpp); stop, kill, archive: the summary; stop-trial: {"trial",
/// "status": "RUNNING", "stopping": true}.
json to_json(const model::study_reply& reply);

json to_json(const model::trial_row& t);

}  // namespace summit::views
