#include <sstream>

#include <catch2/catch.hpp>

#include "../model/helpers.hpp"
#include "coordinator/study_reads.hpp"
#include "views/results.hpp"
#include "views/study_json.hpp"

using namespace summit;
using namespace summit::model;
using coordinator::read;

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

/// The answer's JSON document, as --json prints it.
views::json document(const registry& r, const study_command& c) {
  auto answer = read(r, c);
  if (!answer) FAIL(answer.error().message);
  return views::to_json(*answer);
}

std::string refusal(const registry& r, const study_command& c) {
  auto answer = read(r, c);
  REQUIRE_FALSE(answer.has_value());
  return answer.error().message;
}

}  // namespace

TEST_CASE("list hides archived studies unless asked", "[reads]") {
  auto r = two_studies();
  CHECK(document(r, list_studies{false}).size() == 1);
  auto all = document(r, list_studies{true});
  REQUIRE(all.size() == 2);
  CHECK(all[1]["archived"] == true);
  CHECK(all[0]["best"]["trial"] == 1);
  CHECK(all[0]["counts"]["COMPLETED"] == 1);
}

TEST_CASE("show lists every trial with its value", "[reads]") {
  auto r = two_studies();
  auto j = document(r, show_study{1});
  REQUIRE(j["trials"].size() == 1);
  CHECK(j["trials"][0]["objective"] == 0.3);
  CHECK(j["trials"][0]["last_iteration"] == 2);
  CHECK(j["trials"][0]["parameters"]["x"] == 0.5);
}

TEST_CASE("best names the metric, and says when nothing completed", "[reads]") {
  auto r = two_studies();
  auto best = document(r, show_best{1});
  CHECK(best["id"] == 1);
  CHECK(best["metric"] == "loss");
  CHECK(refusal(r, show_best{2}) == "study 2 has no completed trial yet");
  CHECK(read(r, show_best{2}).error().code == static_cast<std::uint16_t>(study_errc::no_completed_trial));
}

TEST_CASE("metrics gives the objective's or a context metric's series", "[reads]") {
  auto r = two_studies();
  auto objective = document(r, show_metrics{1, ""});
  CHECK(objective["metric"] == "loss");
  CHECK(objective["names"] == views::json({"loss", "acc"}));
  CHECK(objective["series"][0]["points"] == views::json({{1, 0.4}, {2, 0.3}}));
  auto acc = document(r, show_metrics{1, "acc"});
  CHECK(acc["series"][0]["points"] == views::json({{1, 0.7}, {2, 0.8}}));
  CHECK(refusal(r, show_metrics{1, "f1"}) == "study 1 has no metric 'f1'");
}

TEST_CASE("export gives the results table, in csv or json and nothing else", "[reads]") {
  auto r = two_studies();
  auto table = std::get<results_table>(*read(r, export_results{1}));
  CHECK(views::to_csv(table).rfind("Trial-ID,Status", 0) == 0);
  std::ostringstream refused;
  CHECK(views::write_table(refused, table, "xml")->message == "--format must be csv or json, got 'xml'");
  CHECK(refused.str().empty());
}

TEST_CASE("importance ranks the parameter that drives the objective, or says why it cannot yet", "[reads]") {
  auto r = two_studies();
  const auto early = document(r, show_importance{1, 0.1});
  CHECK(early["note"] == "importance needs at least 10 COMPLETED trials with a value; the study has 1");
  CHECK(early["parameters"].empty());
  auto spec = test::spec_from(
      "name: i\ncommand: run\nobjective: {metric: loss, goal: maximize}\nalgorithm: {name: random}\n"
      "parameters:\n  x: {type: continuous, range: [0, 1]}\n  y: {type: continuous, range: [0, 1]}\n");
  r.put_study(study_record{3, spec, study_state::finished, false, "/", 0});
  for (trial_id id = 10; id < 110; ++id) {
    trial_record t;
    t.id = id;
    t.study = 3;
    const double x = static_cast<double>(id % 10) / 10, y = static_cast<double>(id % 7) / 7;
    t.parameters = {{"x", x}, {"y", y}};
    r.put_trial(t);
    r.add_observation(id, 1, x, {});
    t.status = id % 5 ? trial_status::completed : trial_status::failed;  // FAILED ones are left out
    t.ended_ms = static_cast<std::int64_t>(id);
    r.put_trial(t);
  }
  const auto j = document(r, show_importance{3, 0.1});
  CHECK(j["metric"] == "loss");
  CHECK(j["trials"] == 80);
  CHECK(j["parameters"][0]["name"] == "x");
  CHECK(j["parameters"][1]["name"] == "y");
  CHECK(j["parameters"][0]["importance"].get<double>() > 0.8);
  CHECK_FALSE(j.contains("note"));
  CHECK(document(r, show_study{3})["trials"][0]["ended_ms"] == 10);
}

TEST_CASE("a study that does not exist and a command that changes something are refused, each with its code",
          "[reads]") {
  auto r = two_studies();
  for (const study_command& c : {study_command{show_study{9}}, study_command{show_best{9}},
                                 study_command{show_metrics{9, ""}}, study_command{export_results{9}}}) {
    CHECK(refusal(r, c) == "no study 9");
    CHECK(read(r, c).error().code == static_cast<std::uint16_t>(study_errc::unknown_study));
  }
  CHECK(refusal(r, stop_study{1}) == "study stop needs a running coordinator; --data only reads");
  CHECK(read(r, archive_study{1}).error().code == static_cast<std::uint16_t>(study_errc::read_only));
}
