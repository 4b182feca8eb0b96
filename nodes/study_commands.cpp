#include "nodes/study_commands.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "algorithms/study/results_table.hpp"
#include "algorithms/study/summary.hpp"
#include "nodes/format.hpp"
#include "storage/load.hpp"

namespace summit::nodes {

namespace {

int fail(const std::string& message) {
  std::fprintf(stderr, "summit: %s\n", message.c_str());
  return 1;
}

expected<algorithms::registry> read(const std::string& data_dir) {
  auto log = storage::store::open(data_dir, storage::store::mode::read_only);
  if (!log) return log.error();
  algorithms::registry reg;
  if (auto failed = storage::load(**log, reg)) return *failed;
  return reg;
}

/// Runs f on the study q.id of q.data_dir, or fails naming what is missing.
template <class F>
int with_study(const study_query& q, F f) {
  auto reg = read(q.data_dir);
  if (!reg) return fail(reg.error().message);
  const algorithms::study* s = reg->find(*q.id);
  if (!s) return fail("no study " + std::to_string(*q.id) + " in " + q.data_dir);
  return f(*s);
}

/// s left-aligned in a column of `width`, always followed by some space.
std::string pad(std::string s, std::size_t width) {
  s.append(s.size() + 2 <= width ? width - s.size() : 2, ' ');
  return s;
}

nlohmann::ordered_json trial_json(const algorithms::study& s, const algorithms::trial& t) {
  const auto v = s.value_of(t);
  nlohmann::ordered_json j;
  j["id"] = t.record.id;
  j["status"] = std::string(to_string(t.record.status));
  j["parameters"] = nlohmann::ordered_json(to_json(t.record.parameters));
  j["last_iteration"] = t.observations.empty() ? nlohmann::ordered_json(nullptr)
                                               : nlohmann::ordered_json(t.observations.back().iteration);
  j["objective"] = v ? nlohmann::ordered_json(v->objective) : nlohmann::ordered_json(nullptr);
  j["origin"] = std::string(to_string(t.record.origin));
  if (t.record.origin == trial_origin::retry) j["retry_of"] = t.record.retry_of;
  if (!t.record.reason.empty()) j["reason"] = t.record.reason;
  return j;
}

}  // namespace

int study_list(const study_query& q) {
  auto reg = read(q.data_dir);
  if (!reg) return fail(reg.error().message);
  auto all = nlohmann::ordered_json::array();
  if (!q.json)
    std::printf("%s%s%s%s%s\n", pad("ID", 6).c_str(), pad("NAME", 24).c_str(), pad("STATE", 10).c_str(),
                pad("TRIALS", 26).c_str(), "BEST");
  for (const auto& [id, s] : reg->studies()) {
    if (s.record().archived && !q.all) continue;
    const auto sum = algorithms::summarize(s);
    if (q.json) {
      all.push_back(to_json(sum));
      continue;
    }
    const auto& c = sum.counts;
    const std::string trials = std::to_string(c.completed + c.stopped) + " done, " +
                               std::to_string(c.running) + " running, " + std::to_string(c.failed) + " failed";
    const std::string best = sum.best ? format_number(*sum.best_value) + " (trial " + std::to_string(*sum.best) + ")" : "-";
    std::printf("%s%s%s%s%s\n", pad(std::to_string(id), 6).c_str(), pad(sum.name, 24).c_str(),
                pad(std::string(to_string(sum.state)), 10).c_str(), pad(trials, 26).c_str(), best.c_str());
  }
  if (q.json) std::cout << all.dump(2) << "\n";
  return 0;
}

int study_show(const study_query& q) {
  return with_study(q, [&](const algorithms::study& s) {
    const auto sum = algorithms::summarize(s);
    if (q.json) {
      auto j = to_json(sum);
      auto trials = nlohmann::ordered_json::array();
      for (const auto& t : s.trials()) trials.push_back(trial_json(s, t));
      j["trials"] = std::move(trials);
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    std::printf("study %llu '%s': %s, %s %s\n", static_cast<unsigned long long>(sum.id), sum.name.c_str(),
                std::string(to_string(sum.state)).c_str(), std::string(to_string(sum.direction)).c_str(),
                sum.metric.c_str());
    std::printf("%s\n", progress_line(sum).c_str());
    std::printf("\n%s%s%s%s%s\n", pad("TRIAL", 7).c_str(), pad("STATUS", 11).c_str(), pad("ITER", 6).c_str(),
                pad("OBJECTIVE", 13).c_str(), "PARAMETERS");
    for (const auto& t : s.trials()) {
      const auto v = s.value_of(t);
      const std::string iter = t.observations.empty() ? "-" : std::to_string(t.observations.back().iteration);
      std::string params = format_params(t.record.parameters);
      if (!t.record.reason.empty()) params += "  (" + t.record.reason + ")";
      std::printf("%s%s%s%s%s\n", pad(std::to_string(t.record.id), 7).c_str(),
                  pad(std::string(to_string(t.record.status)), 11).c_str(), pad(iter, 6).c_str(),
                  pad(v ? format_number(v->objective) : "-", 13).c_str(), params.c_str());
    }
    return 0;
  });
}

int study_best(const study_query& q) {
  return with_study(q, [&](const algorithms::study& s) {
    const algorithms::trial* best = s.best_trial();
    if (!best) return fail("study " + std::to_string(s.id()) + " has no completed trial yet");
    if (q.json) {
      std::cout << trial_json(s, *best).dump(2) << "\n";
      return 0;
    }
    std::printf("trial %llu: %s = %s\n%s\n", static_cast<unsigned long long>(best->record.id),
                s.spec().objective.metric.c_str(), format_number(s.value_of(*best)->objective).c_str(),
                format_params(best->record.parameters).c_str());
    return 0;
  });
}

int study_export(const study_query& q) {
  if (q.format != "csv" && q.format != "json") return fail("--format must be csv or json, got '" + q.format + "'");
  return with_study(q, [&](const algorithms::study& s) {
    const auto table = algorithms::make_results_table(s);
    const std::string text = q.format == "csv" ? to_csv(table) : to_json(table).dump(2) + "\n";
    if (q.output.empty()) {
      std::cout << text;
      return 0;
    }
    std::ofstream out(q.output);
    out << text;
    if (!out) return fail("cannot write " + q.output);
    return 0;
  });
}

}  // namespace summit::nodes
