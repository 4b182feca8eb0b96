#pragma once
// Drives an algorithm by hand: each suggestion becomes a running trial of the
// history, which the test then completes, fails or stops as it likes.

#include <catch2/catch.hpp>

#include "algorithms/search/algorithm.hpp"

namespace summit::test {

/// Adds the algorithm's suggestion as a running trial and returns it; the
/// reference lasts until the next trial is added.
inline algorithms::trial_summary& start(algorithms::history& h, algorithms::algorithm& a) {
  auto s = a.suggest(h);
  REQUIRE(s.what == algorithms::suggestion::kind::run);
  h.trials.push_back({h.trials.size() + 1, s.parameters, trial_status::running, s.origin, std::nullopt, -1});
  return h.trials.back();
}

/// A string parameter of the trial (a checkpoint path, a lineage).
inline std::string text(const algorithms::trial_summary& t, const char* name) {
  return std::get<std::string>(t.parameters.at(name));
}

inline void complete(algorithms::trial_summary& t, double objective) {
  t.status = trial_status::completed;
  t.objective = objective;
}

}  // namespace summit::test
