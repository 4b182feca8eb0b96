#pragma once
// The dashboard's JSON API, as a pure function of (method, path, query) and
// a way to ask the coordinator, so it is tested without a socket or a
// browser. Every answer is one of the documents `summit study ... --json`
// prints (views/study_json.hpp): the page and the command line show the
// same facts.
//
//   GET  /api/studies                      every study, archived ones too
//   GET  /api/studies/ID                   one study with its trials
//   GET  /api/studies/ID/metrics[?name=M]  a metric's series per trial
//   GET  /api/studies/ID/importance[?quantile=Q]  which parameters mattered
//   POST /api/studies/ID/trials/T/stop     stop a running trial (STOPPED)
//
// A refusal is {"error": "..."} with a status from its code: 404 for an
// unknown study, 503 when the coordinator did not answer, 400 otherwise (a
// malformed id, an unknown metric or trial, a trial that is not running).

#include <functional>
#include <map>
#include <string>

#include "model/commands/study_commands.hpp"
#include "model/commands/study_replies.hpp"
#include "model/core/expected.hpp"

namespace summit::dashboard {

/// Sends a study command to the coordinator: its answer, or its refusal
/// (or silence) as an error with its code.
using ask_function = std::function<expected<model::study_reply>(const model::study_command&)>;

struct response {
  int status = 200;
  std::string body;  ///< JSON; on an error {"error": "..."}
};

response handle_api(const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const ask_function& ask);

}  // namespace summit::dashboard
