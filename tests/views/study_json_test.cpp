#include <catch2/catch.hpp>

#include "views/study_json.hpp"

using namespace summit;
using namespace summit::model;
using views::json;

namespace {

study_summary summary() {
  study_summary s;
  s.id = 3;
  s.name = "mlp";
  s.state = study_state::stopping;
  s.counts.completed = 2;
  s.counts.running = 1;
  s.planned = 20;
  s.metric = "loss";
  s.best = 7;
  s.best_value = 0.25;
  s.best_parameters = {{"lr", 0.01}, {"act", std::string("relu")}};
  s.observations = 12;
  return s;
}

}  // namespace

TEST_CASE("a summary's document has every field, in order", "[views]") {
  const auto j = views::to_json(study_reply{summary()});
  std::vector<std::string> keys;
  for (const auto& [key, v] : j.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"id", "name", "state", "archived", "counts", "planned", "metric", "goal",
                                         "best", "observations"});
  CHECK(j["state"] == "STOPPING");
  CHECK(j["counts"] == json{{"RUNNING", 1}, {"COMPLETED", 2}, {"FAILED", 0}, {"STOPPED", 0}});
  CHECK(j["best"] == json{{"trial", 7}, {"objective", 0.25}, {"parameters", {{"act", "relu"}, {"lr", 0.01}}}});
  auto none = summary();
  none.best.reset();
  none.planned.reset();
  CHECK(views::to_json(study_reply{none})["best"].is_null());
  CHECK(views::to_json(study_reply{none})["planned"].is_null());
  auto waiting = summary();
  waiting.waiting = "its algorithm process (algorithm external): none is connected";
  CHECK(views::to_json(study_reply{waiting})["waiting"] == waiting.waiting);  // only when it waits
}

TEST_CASE("a trial shows retry_of, worker and reason only when it has them", "[views]") {
  trial_row t;
  t.id = 4;
  t.status = trial_status::failed;
  t.parameters = {{"x", std::int64_t{2}}};
  auto j = views::to_json(t);
  CHECK(j["last_iteration"].is_null());
  CHECK(j["objective"].is_null());
  CHECK(j["origin"] == "algorithm");
  CHECK_FALSE(j.contains("retry_of"));
  CHECK_FALSE(j.contains("worker"));
  CHECK_FALSE(j.contains("reason"));
  t.origin = trial_origin::retry;
  t.retry_of = 2;
  t.worker = "gpu-1";
  t.reason = "exit code 3";
  t.last_iteration = 5;
  t.objective = 0.5;
  j = views::to_json(t);
  CHECK(j["retry_of"] == 2);
  CHECK(j["worker"] == "gpu-1");
  CHECK(j["reason"] == "exit code 3");
  CHECK(j["last_iteration"] == 5);
}

TEST_CASE("the other answers have the documents the dashboard reads", "[views]") {
  CHECK(views::to_json(study_reply{study_submitted{3, "mlp"}}) == json{{"id", 3}, {"name", "mlp"}});
  CHECK(views::to_json(study_reply{trial_stopping{9}}) ==
        json{{"trial", 9}, {"status", "RUNNING"}, {"stopping", true}});
  metric_series m{"acc", {"loss", "acc"}, {{4, {{1, 0.5}, {2, 0.75}}}}};
  CHECK(views::to_json(study_reply{m}) ==
        json{{"metric", "acc"}, {"names", {"loss", "acc"}}, {"series", {{{"trial", 4}, {"points", {{1, 0.5}, {2, 0.75}}}}}}});
  study_details d{summary(), {}, {}};
  algorithms::parameter lr;
  lr.name = "lr";
  lr.scaling = algorithms::scale::log;
  lr.low = 0.001;
  lr.high = 0.1;
  d.space.push_back(lr);
  const auto show = views::to_json(study_reply{d});
  CHECK(show["space"] == json::array({{{"name", "lr"}, {"type", "continuous"}, {"scale", "log"}, {"range", {0.001, 0.1}}}}));
  CHECK(show["trials"] == json::array());
}
