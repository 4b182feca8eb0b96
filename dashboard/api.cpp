#include "dashboard/api.hpp"

#include <cstdint>
#include <optional>
#include <sstream>
#include <vector>

namespace summit::dashboard {

namespace {

response error(int status, const std::string& message) {
  return {status, nlohmann::ordered_json{{"error", message}}.dump()};
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

response forward(const ask_function& ask, protocol::study_request request) {
  auto answer = ask(request);
  if (!answer) {
    const auto& message = answer.error().message;
    // The coordinator names a missing study "no study N"; anything it did
    // not answer at all is the server's problem, not the page's.
    if (message.rfind("no study ", 0) == 0) return error(404, message);
    if (answer.error().code == static_cast<std::uint16_t>(protocol::errc::unavailable)) return error(503, message);
    return error(400, message);
  }
  return {200, answer->dump()};
}

}  // namespace

response handle_api(const std::string& method, const std::string& path,
                    const std::map<std::string, std::string>& query, const ask_function& ask) {
  const auto parts = segments(path);
  if (parts.size() < 2 || parts[0] != "api" || parts[1] != "studies") return error(404, "no such API: " + path);
  if (parts.size() == 2) {
    if (method != "GET") return error(405, "GET " + path);
    return forward(ask, {"list", 0, {{"all", "true"}}});
  }
  const auto study = id_of(parts[2]);
  if (!study) return error(400, "not a study id: '" + parts[2] + "'");
  if (parts.size() == 3) {
    if (method != "GET") return error(405, "GET " + path);
    return forward(ask, {"show", *study, {}});
  }
  if (parts.size() == 4 && parts[3] == "metrics") {
    if (method != "GET") return error(405, "GET " + path);
    std::map<std::string, std::string> args;
    if (auto name = query.find("name"); name != query.end()) args["name"] = name->second;
    return forward(ask, {"metrics", *study, std::move(args)});
  }
  if (parts.size() == 6 && parts[3] == "trials" && parts[5] == "stop") {
    if (method != "POST") return error(405, "POST " + path);
    const auto trial = id_of(parts[4]);
    if (!trial) return error(400, "not a trial id: '" + parts[4] + "'");
    return forward(ask, {"stop-trial", *study, {{"trial", std::to_string(*trial)}}});
  }
  return error(404, "no such API: " + path);
}

}  // namespace summit::dashboard
