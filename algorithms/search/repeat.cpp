#include "algorithms/search/repeat.hpp"

#include <algorithm>

namespace summit::algorithms {

namespace {

struct group {
  trial_summary inner;  ///< what the inner algorithm sees
  std::int64_t created = 0;
  std::vector<double> values;
  bool running = false, stopped = false;
};

}  // namespace

repeat::repeat(std::unique_ptr<algorithm> inner, repeat_config config)
    : inner_(std::move(inner)), config_(config) {}

std::optional<std::size_t> repeat::planned_trials() const {
  auto n = inner_->planned_trials();
  if (!n) return std::nullopt;
  return *n * static_cast<std::size_t>(config_.times);
}

suggestion repeat::suggest(const history& h) {
  // A trial belongs to the newest configuration with its parameters: a new
  // configuration starts with each non-retry trial once the last has all its copies.
  std::vector<group> groups;
  for (const auto& t : h.trials) {
    group* g = nullptr;
    for (auto it = groups.rbegin(); it != groups.rend(); ++it)
      if (it->inner.parameters == t.parameters &&
          (t.origin == trial_origin::retry || it->created < config_.times)) {
        g = &*it;
        break;
      }
    if (!g) {
      groups.push_back({t, 0, {}, false, false});
      g = &groups.back();
    }
    if (t.origin != trial_origin::retry) ++g->created;
    if (t.status == trial_status::running) g->running = true;
    if (t.status == trial_status::stopped) g->stopped = true;
    if (t.status == trial_status::completed && t.objective) g->values.push_back(*t.objective);
    g->inner.last_iteration = std::max(g->inner.last_iteration, t.last_iteration);
  }
  history inner;
  inner.direction = h.direction;
  bool any_running = false;
  for (auto& g : groups) {
    any_running = any_running || g.running || g.created < config_.times;
    auto& s = g.inner;
    s.objective.reset();
    if (g.running || g.created < config_.times) {
      s.status = trial_status::running;
    } else if (!g.values.empty()) {
      s.status = trial_status::completed;
      s.objective = model::aggregate_copies(g.values, config_.aggregate, h.direction);
    } else {
      s.status = g.stopped ? trial_status::stopped : trial_status::failed;
    }
    inner.trials.push_back(s);
  }
  if (!groups.empty() && groups.back().created < config_.times)
    return suggestion::run(groups.back().inner.parameters, groups.back().inner.origin);
  if (config_.wait && any_running) return suggestion::wait();
  return inner_->suggest(inner);
}

}  // namespace summit::algorithms
