#include "algorithms/search/local_search.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "algorithms/space/random.hpp"

namespace summit::algorithms {

namespace {

/// What the history holds about one configuration.
struct evaluation {
  std::int64_t created = 0;  ///< runs started (retries not counted)
  bool running = false;
  std::size_t completed = 0;
  double sum = 0;

  std::optional<double> mean() const {
    if (completed == 0) return std::nullopt;
    return sum / static_cast<double>(completed);
  }
};

}  // namespace

local_search::local_search(search_space space, local_search_config config)
    : space_(std::move(space)), config_(std::move(config)) {}

std::vector<params> local_search::neighbours(const params& centre, std::size_t step) const {
  std::vector<params> out;
  random_engine rng(derive_seed(config_.seed, step));
  for (const auto& p : space_.parameters()) {
    const auto held = centre.find(p.name);
    if (held == centre.end()) continue;  // inactive here
    const value& v = held->second;
    std::vector<value> moves;
    if (p.is_numeric()) {
      for (double f : config_.perturbation_factors) moves.push_back(scaled(p, v, f, p.low, p.high));
    } else if (p.type == parameter_type::ordinal) {
      const auto at = static_cast<std::size_t>(std::find(p.values.begin(), p.values.end(), v) - p.values.begin());
      if (at > 0) moves.push_back(p.values[at - 1]);
      if (at + 1 < p.values.size()) moves.push_back(p.values[at + 1]);
    } else if (p.values.size() > 1) {
      std::vector<value> others;
      for (const auto& c : p.values)
        if (c != v) others.push_back(c);
      moves.push_back(others[rng.below(others.size())]);
    }
    for (auto& m : moves) {
      if (m == v) continue;
      params n = centre;
      n[p.name] = std::move(m);
      n = space_.conform(std::move(n), rng);
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
    }
  }
  return out;
}

suggestion local_search::suggest(const history& h) {
  std::map<params, evaluation> seen;
  for (const auto& t : h.trials) {
    auto& e = seen[t.parameters];
    if (t.origin != trial_origin::retry) ++e.created;
    if (t.status == trial_status::running) e.running = true;
    if (t.status == trial_status::completed && t.objective) {
      ++e.completed;
      e.sum += *t.objective;
    }
  }
  const auto evaluated = [&](const params& p) {
    auto it = seen.find(p);
    return it != seen.end() && it->second.created >= config_.repeat_trials && !it->second.running;
  };
  const auto runs_left = [&](const params& p) {
    auto it = seen.find(p);
    return it == seen.end() || it->second.created < config_.repeat_trials;
  };

  params centre = config_.seed_configuration;
  for (std::size_t step = 0;; ++step) {
    if (runs_left(centre)) return suggestion::run(centre);
    if (!evaluated(centre)) return suggestion::wait();
    const auto centre_value = seen[centre].mean();
    const auto around = neighbours(centre, step);
    const params* best = nullptr;
    std::optional<double> best_value = centre_value;
    for (const auto& n : around) {
      if (!evaluated(n)) continue;
      const auto v = seen[n].mean();
      if (v && (!best_value || better(h.direction, *v, *best_value))) {
        best = &n;
        best_value = v;
      }
    }
    if (best) {
      centre = *best;
      continue;
    }
    for (const auto& n : around)
      if (runs_left(n)) return suggestion::run(n);
    for (const auto& n : around)
      if (!evaluated(n)) return suggestion::wait();
    return suggestion::done();
  }
}

}  // namespace summit::algorithms
