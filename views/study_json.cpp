#include "views/study_json.hpp"

#include <cmath>

#include "views/results.hpp"

namespace summit::views {

namespace {

/// The search space as the dashboard draws its axes: numeric ranges with
/// their scale, choices and ordinals with their values in order.
json to_json(const std::vector<model::parameter>& space) {
  auto out = json::array();
  for (const auto& p : space) {
    json j;
    j["name"] = p.name;
    j["type"] = std::string(to_string(p.type));
    if (p.is_numeric()) {
      j["scale"] = std::string(to_string(p.scaling));
      j["range"] = {p.low, p.high};
    } else {
      auto values = json::array();
      for (const auto& v : p.values) values.push_back(views::to_json(v));
      j["values"] = std::move(values);
    }
    if (!p.when.empty()) {  // {"optimizer": ["sgd"]}: exists only when every parent holds one of its values
      j["when"] = json::object();
      for (const auto& c : p.when) {
        auto values = json::array();
        for (const auto& v : c.values) values.push_back(views::to_json(v));
        j["when"][c.parent] = std::move(values);
      }
    }
    out.push_back(std::move(j));
  }
  return out;
}

struct document {
  json operator()(const model::study_submitted& s) const { return {{"id", s.id}, {"name", s.name}}; }
  json operator()(const model::study_list& l) const {
    auto out = json::array();
    for (const auto& s : l.studies) out.push_back(views::to_json(s));
    return out;
  }
  json operator()(const model::study_details& d) const {
    auto j = views::to_json(d.summary);
    j["space"] = to_json(d.space);
    auto trials = json::array();
    for (const auto& t : d.trials) trials.push_back(views::to_json(t));
    j["trials"] = std::move(trials);
    return j;
  }
  json operator()(const model::best_trial& b) const {
    auto j = views::to_json(b.trial);
    j["metric"] = b.metric;
    if (b.copies) j["copies"] = views::to_json(*b.copies);
    if (!b.metrics.empty()) {
      j["metrics"] = b.metrics;
      j["front"] = json::array();
      for (const auto& t : b.front) j["front"].push_back(views::to_json(t));
    }
    return j;
  }
  json operator()(const model::metric_series& m) const {
    auto series = json::array();
    for (const auto& one : m.trials) {
      auto points = json::array();
      for (const auto& [iteration, v] : one.points) points.push_back({iteration, v});
      series.push_back({{"trial", one.trial}, {"points", std::move(points)}});
    }
    return {{"metric", m.metric}, {"names", m.names}, {"series", std::move(series)}};
  }
  json operator()(const model::results_table& t) const { return views::to_json(t); }
  json operator()(const model::study_summary& s) const { return views::to_json(s); }
  json operator()(const model::importances& m) const {
    auto parameters = json::array();
    for (const auto& [name, share] : m.parameters) parameters.push_back({{"name", name}, {"importance", share}});
    json j{{"metric", m.metric}, {"quantile", m.quantile}, {"trials", m.trials}, {"top_trials", m.top_trials},
           {"parameters", std::move(parameters)}};
    if (!m.note.empty()) j["note"] = m.note;
    return j;
  }
  json operator()(const model::trial_stopping& t) const {
    return {{"trial", t.trial}, {"status", "RUNNING"}, {"stopping", true}};
  }
};

}  // namespace

json to_json(const model::study_reply& reply) { return std::visit(document{}, reply); }

json to_json(const model::trial_row& t) {
  json j;
  j["id"] = t.id;
  j["status"] = std::string(to_string(t.status));
  j["parameters"] = to_json(t.parameters);
  j["last_iteration"] = t.last_iteration ? json(*t.last_iteration) : json(nullptr);
  j["objective"] = t.objective ? json(*t.objective) : json(nullptr);
  j["origin"] = std::string(to_string(t.origin));
  if (t.origin == trial_origin::retry) j["retry_of"] = t.retry_of;
  if (!t.worker.empty()) j["worker"] = t.worker;
  if (t.ended_ms) j["ended_ms"] = t.ended_ms;
  if (!t.reason.empty()) j["reason"] = t.reason;
  if (!t.objectives.empty()) {
    j["objectives"] = json::array();
    for (const auto& v : t.objectives) j["objectives"].push_back(v && !std::isnan(*v) ? json(*v) : json(nullptr));
  }
  if (t.violation) {  // +∞ (a metric missing) has no JSON number: null
    j["feasible"] = *t.violation == 0;
    j["violation"] = std::isfinite(*t.violation) ? json(*t.violation) : json(nullptr);
  }
  return j;
}

}  // namespace summit::views
