#pragma once
// The dashboard's JSON API, as a pure function of (method, path, query) and
// a way to ask the coordinator, so it is tested without a socket or a
// browser. Every answer is one of the documents `summit study ... --json`
// prints (views/documents.hpp): the page and the command line show
// the same facts.
//
//   GET  /api/studies                      every study, archived ones too
//   GET  /api/studies/ID                   one study with its trials
//   GET  /api/studies/ID/metrics[?name=M]  a metric's series per trial
//   POST /api/studies/ID/trials/T/stop     stop a running trial (STOPPED)

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "model/core/expected.hpp"
#include "protocol/messages.hpp"

namespace summit::dashboard {

/// Sends a study request to the coordinator: its JSON answer, or its
/// refusal (or silence) as an error.
using ask_function = std::function<expected<nlohmann::ordered_json>(const protocol::study_request&)>;

struct response {
  int status = 200;
  std::string body;  ///< JSON; on an error {"error": "..."}
};

response handle_api(const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const ask_function& ask);

}  // namespace summit::dashboard
