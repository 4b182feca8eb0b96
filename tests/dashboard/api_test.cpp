#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dashboard/api.hpp"
#include "model/commands/study_errors.hpp"
#include "protocol/messages.hpp"

using namespace summit;
using namespace summit::dashboard;
using json = nlohmann::ordered_json;

namespace {

/// A coordinator that knows study 1 (running trial 2) and records what it was asked.
struct fake_coordinator {
  std::vector<model::study_command> asked;

  ask_function function() {
    return [this](const model::study_command& c) -> expected<model::study_reply> {
      asked.push_back(c);
      model::study_summary one;
      one.id = 1;
      if (std::holds_alternative<model::list_studies>(c)) return model::study_reply{model::study_list{{one}}};
      if (const auto* show = std::get_if<model::show_study>(&c); show && show->study == 1)
        return model::study_reply{model::study_details{one, {}, {}}};
      if (const auto* m = std::get_if<model::show_metrics>(&c); m && m->study == 1)
        return model::study_reply{model::metric_series{m->metric, {}, {}}};
      if (std::holds_alternative<model::show_importance>(c))
        return model::study_reply{model::importances{"loss", 0.1, 0, 0, {}, "not yet"}};
      if (const auto* stop = std::get_if<model::stop_trial>(&c); stop && stop->study == 1) {
        if (stop->trial != 2)
          return make_error(model::study_errc::wrong_state,
                            "trial " + std::to_string(stop->trial) + " is COMPLETED, not running");
        return model::study_reply{model::trial_stopping{2}};
      }
      return make_error(model::study_errc::unknown_study, "no study 7");
    };
  }
};

json body(const response& r) { return json::parse(r.body); }

}  // namespace

TEST_CASE("the API answers with the coordinator's documents", "[dashboard]") {
  fake_coordinator c;
  auto list = handle_api("GET", "/api/studies", {}, c.function());
  CHECK(list.status == 200);
  REQUIRE(body(list).size() == 1);
  CHECK(body(list)[0]["id"] == 1);
  CHECK(std::get<model::list_studies>(c.asked.back()).archived);  // archived ones too: the page marks them

  auto show = handle_api("GET", "/api/studies/1", {}, c.function());
  CHECK(body(show)["id"] == 1);
  CHECK(std::get<model::show_study>(c.asked.back()).study == 1);

  auto metrics = handle_api("GET", "/api/studies/1/metrics", {{"name", "acc"}}, c.function());
  CHECK(body(metrics)["metric"] == "acc");
  CHECK(std::get<model::show_metrics>(c.asked.back()).metric == "acc");

  auto importance = handle_api("GET", "/api/studies/1/importance", {{"quantile", "0.25"}}, c.function());
  CHECK(importance.status == 200);
  CHECK(std::get<model::show_importance>(c.asked.back()).quantile == 0.25);
  handle_api("GET", "/api/studies/1/importance", {}, c.function());
  CHECK(std::get<model::show_importance>(c.asked.back()).quantile == 0.1);

  auto stop = handle_api("POST", "/api/studies/1/trials/2/stop", {}, c.function());
  CHECK(stop.status == 200);
  CHECK(body(stop)["stopping"] == true);
  CHECK(std::get<model::stop_trial>(c.asked.back()).trial == 2);
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
  for (const char* q : {"0", "1.5", "x", "", "0.1x", "nan"})
    CHECK(handle_api("GET", "/api/studies/1/importance", {{"quantile", q}}, c.function()).status == 400);
  CHECK(status("POST", "/api/studies/1/importance") == 405);
  CHECK(status("POST", "/api/studies/1/trials/3/stop") == 400);
  CHECK(body(handle_api("POST", "/api/studies/1/trials/3/stop", {}, c.function()))["error"] ==
        "trial 3 is COMPLETED, not running");
}

TEST_CASE("a coordinator that does not answer is a 503", "[dashboard]") {
  const ask_function silent = [](const model::study_command&) -> expected<model::study_reply> {
    return make_error("the coordinator did not answer", static_cast<std::uint16_t>(protocol::errc::unavailable));
  };
  CHECK(handle_api("GET", "/api/studies", {}, silent).status == 503);
}
