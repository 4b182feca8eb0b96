#include <catch2/catch.hpp>

#include "dashboard/api.hpp"

using namespace summit;
using namespace summit::dashboard;
using json = nlohmann::ordered_json;

namespace {

/// A coordinator that knows study 1 (running trial 2) and records what it was asked.
struct fake_coordinator {
  std::vector<protocol::study_request> asked;

  ask_function function() {
    return [this](const protocol::study_request& r) -> expected<json> {
      asked.push_back(r);
      if (r.command == "list") return json::array({json{{"id", 1}}});
      if (r.study != 1) return make_error("no study " + std::to_string(r.study), 5);
      if (r.command == "stop-trial" && r.args.at("trial") != "2")
        return make_error("trial " + r.args.at("trial") + " is COMPLETED, not running", 5);
      return json{{"command", r.command}, {"study", r.study}};
    };
  }
};

json body(const response& r) { return json::parse(r.body); }

}  // namespace

TEST_CASE("the API answers with the coordinator's documents", "[dashboard]") {
  fake_coordinator c;
  auto list = handle_api("GET", "/api/studies", {}, c.function());
  CHECK(list.status == 200);
  CHECK(body(list) == json::array({json{{"id", 1}}}));
  CHECK(c.asked.back().args.at("all") == "true");  // archived ones too: the page marks them

  auto show = handle_api("GET", "/api/studies/1", {}, c.function());
  CHECK(body(show)["command"] == "show");

  auto metrics = handle_api("GET", "/api/studies/1/metrics", {{"name", "acc"}}, c.function());
  CHECK(body(metrics)["command"] == "metrics");
  CHECK(c.asked.back().args.at("name") == "acc");

  auto stop = handle_api("POST", "/api/studies/1/trials/2/stop", {}, c.function());
  CHECK(stop.status == 200);
  CHECK(c.asked.back().command == "stop-trial");
  CHECK(c.asked.back().args.at("trial") == "2");
}

TEST_CASE("the API refuses what it cannot answer, with a reason and a status", "[dashboard]") {
  fake_coordinator c;
  const auto status = [&](const std::string& method, const std::string& path) {
    return handle_api(method, path, {}, c.function()).status;
  };
  CHECK(status("GET", "/api/studies/7") == 404);
  CHECK(body(handle_api("GET", "/api/studies/7", {}, c.function()))["error"] == "no study 7");
  CHECK(status("GET", "/api/studies/abc") == 400);
  CHECK(status("GET", "/api/studies/0") == 400);
  CHECK(status("GET", "/api/studies/-1") == 400);
  CHECK(status("GET", "/api/studies/99999999999999999999") == 400);
  CHECK(status("GET", "/api/nothing") == 404);
  CHECK(status("GET", "/api/studies/1/trials/2") == 404);
  CHECK(status("POST", "/api/studies") == 405);
  CHECK(status("DELETE", "/api/studies/1") == 405);
  CHECK(status("GET", "/api/studies/1/trials/2/stop") == 405);
  CHECK(status("POST", "/api/studies/1/trials/x/stop") == 400);
  CHECK(status("POST", "/api/studies/1/trials/3/stop") == 400);
  CHECK(body(handle_api("POST", "/api/studies/1/trials/3/stop", {}, c.function()))["error"] ==
        "trial 3 is COMPLETED, not running");
}

TEST_CASE("a coordinator that does not answer is a 503", "[dashboard]") {
  const ask_function silent = [](const protocol::study_request&) -> expected<json> {
    return make_error("the coordinator did not answer", static_cast<std::uint16_t>(protocol::errc::unavailable));
  };
  CHECK(handle_api("GET", "/api/studies", {}, silent).status == 503);
}
