#include "dashboard/api.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <vector>

#include "model/commands/study_errors.hpp"
#include "protocol/messages.hpp"
#include "views/study_json.hpp"

namespace summit::dashboard {

namespace {

response error(int status, const std::string& message) {
  return {status, views::json{{"error", message}}.dump()};
}

int status_of(std::uint16_t code) {
  switch (code) {
    case static_cast<std::uint16_t>(model::study_errc::unknown_study): return 404;
    case static_cast<std::uint16_t>(model::study_errc::no_completed_trial): return 409;  // not yet
    case static_cast<std::uint16_t>(protocol::errc::unavailable): return 503;
    default: return 400;
  }
}

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');)
    if (!part.empty()) out.push_back(part);
  return out;
}

/// A positive id of at most 18 digits (below 2^63), or nothing.
std::optional<std::uint64_t> id_of(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  const auto id = std::stoull(text);
  if (id == 0) return std::nullopt;
  return id;
}

response forward(const ask_function& ask, const model::study_command& command) {
  auto answer = ask(command);
  if (!answer) return error(status_of(answer.error().code), answer.error().message);
  return {200, views::to_json(*answer).dump()};
}

}  // namespace

response handle_api(const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const ask_function& ask) {
  const auto parts = segments(path);
  if (parts.size() < 2 || parts[0] != "api" || parts[1] != "studies") return error(404, "no such API: " + path);
  if (parts.size() == 2) {
    if (method != "GET") return error(405, "GET " + path);
    return forward(ask, model::list_studies{true});
  }
  const auto study = id_of(parts[2]);
  if (!study) return error(400, "not a study id: '" + parts[2] + "'");
  if (parts.size() == 3) {
    if (method != "GET") return error(405, "GET " + path);
    return forward(ask, model::show_study{*study});
  }
  if (parts.size() == 4 && parts[3] == "best") {
    if (method != "GET") return error(405, "GET " + path);
    return forward(ask, model::show_best{*study});
  }
  if (parts.size() == 4 && parts[3] == "metrics") {
    if (method != "GET") return error(405, "GET " + path);
    const auto name = query.find("name");
    return forward(ask, model::show_metrics{*study, name == query.end() ? std::string() : name->second});
  }
  if (parts.size() == 4 && parts[3] == "importance") {
    if (method != "GET") return error(405, "GET " + path);
    double quantile = 0.1;
    if (const auto q = query.find("quantile"); q != query.end()) {
      char* end = nullptr;
      quantile = std::strtod(q->second.c_str(), &end);
      if (q->second.empty() || *end != '\0' || !(quantile > 0 && quantile <= 1))
        return error(400, "quantile must be a number in (0, 1], got '" + q->second + "'");
    }
    return forward(ask, model::show_importance{*study, quantile});
  }
  if (parts.size() == 6 && parts[3] == "trials" && parts[5] == "stop") {
    if (method != "POST") return error(405, "POST " + path);
    const auto trial = id_of(parts[4]);
    if (!trial) return error(400, "not a trial id: '" + parts[4] + "'");
    return forward(ask, model::stop_trial{*study, *trial});
  }
  return error(404, "no such API: " + path);
}

}  // namespace summit::dashboard
