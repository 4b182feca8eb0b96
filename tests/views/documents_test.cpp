#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "views/documents.hpp"

using namespace summit;
using namespace summit::model;
using namespace summit::views;

namespace {

registry two_studies() {
  registry r;
  auto spec = test::spec_from(
      "name: v\ncommand: run\nobjective: {metric: loss, goal: minimize}\nalgorithm: {name: random}\n"
      "parameters: {x: {type: continuous, range: [0, 1]}}\n");
  r.put_study(study_record{1, spec, study_state::running, false, "/", 0});
  r.put_study(study_record{2, spec, study_state::finished, true, "/", 0});
  trial_record t;
  t.id = 1;
  t.study = 1;
  t.parameters = {{"x", 0.5}};
  r.put_trial(t);
  r.add_observation(1, 1, 0.4, {{"acc", 0.7}});
  r.add_observation(1, 2, 0.3, {{"acc", 0.8}});
  t.status = trial_status::completed;
  r.put_trial(t);
  return r;
}

}  // namespace

TEST_CASE("list_view hides archived studies unless asked", "[views]") {
  auto r = two_studies();
  CHECK(list_view(r, false).size() == 1);
  auto all = list_view(r, true);
  REQUIRE(all.size() == 2);
  CHECK(all[1]["archived"] == true);
  CHECK(all[0]["best"]["trial"] == 1);
  CHECK(all[0]["counts"]["COMPLETED"] == 1);
}

TEST_CASE("show_view lists every trial with its value", "[views]") {
  auto r = two_studies();
  auto j = show_view(*r.find(1));
  REQUIRE(j["trials"].size() == 1);
  CHECK(j["trials"][0]["objective"] == 0.3);
  CHECK(j["trials"][0]["last_iteration"] == 2);
  CHECK(j["trials"][0]["parameters"]["x"] == 0.5);
}

TEST_CASE("best_view names the metric, and says when nothing completed", "[views]") {
  auto r = two_studies();
  auto best = best_view(*r.find(1));
  REQUIRE(best.has_value());
  CHECK((*best)["id"] == 1);
  CHECK((*best)["metric"] == "loss");
  CHECK(best_view(*r.find(2)).error().message == "study 2 has no completed trial yet");
}

TEST_CASE("metrics_view gives the objective's or a context metric's series", "[views]") {
  auto r = two_studies();
  auto objective = metrics_view(*r.find(1), "");
  REQUIRE(objective.has_value());
  CHECK((*objective)["metric"] == "loss");
  CHECK((*objective)["names"] == nlohmann::ordered_json({"loss", "acc"}));
  CHECK((*objective)["series"][0]["points"] == nlohmann::ordered_json({{1, 0.4}, {2, 0.3}}));
  auto acc = metrics_view(*r.find(1), "acc");
  CHECK((*acc)["series"][0]["points"] == nlohmann::ordered_json({{1, 0.7}, {2, 0.8}}));
  CHECK(metrics_view(*r.find(1), "f1").error().message == "study 1 has no metric 'f1'");
}

TEST_CASE("export_view refuses an unknown format", "[views]") {
  auto r = two_studies();
  CHECK(export_view(*r.find(1), "csv")->rfind("Trial-ID,Status", 0) == 0);
  CHECK(export_view(*r.find(1), "xml").error().message == "--format must be csv or json, got 'xml'");
}
