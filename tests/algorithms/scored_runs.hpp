#pragma once
// Runs an algorithm on a problem of several objectives and constraints, one
// trial after another, and judges the history by its hypervolume: what the
// multi-objective tests share.

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "algorithms/search/algorithm.hpp"

namespace summit::test {

/// What a trial reports: its objectives, and per constraint how far it is
/// past the bound (negative inside; empty: not reported).
struct outcome {
  std::vector<std::optional<double>> objectives;
  std::vector<std::optional<double>> slacks = {};
};

/// n trials in sequence, each completed with f's outcome.
inline algorithms::history drive_scored(algorithms::algorithm& alg, const std::function<outcome(const params&)>& f,
                                        std::size_t n, std::vector<goal> goals) {
  algorithms::history h;
  h.direction = goals[0];
  h.goals = std::move(goals);
  for (std::size_t i = 0; i < n; ++i) {
    auto s = alg.suggest(h);
    REQUIRE(s.what == algorithms::suggestion::kind::run);
    auto o = f(s.parameters);
    double violation = 0;
    for (const auto& slack : o.slacks) violation += slack ? std::max(0.0, *slack) : std::numeric_limits<double>::infinity();
    h.trials.push_back({i + 1, s.parameters, trial_status::completed, s.origin, o.objectives[0], 1, o.objectives,
                        violation, o.slacks});
  }
  return h;
}

/// ZDT1 (a convex front), or ZDT2 (concave), on the parameters x1..xn of [0, 1].
inline outcome zdt(const params& p, int n, bool concave = false) {
  const auto x = [&](int i) { return std::get<double>(p.at("x" + std::to_string(i))); };
  double g = 0;
  for (int i = 2; i <= n; ++i) g += x(i);
  g = 1 + 9 * g / (n - 1);
  const double ratio = x(1) / g;
  return {{x(1), g * (1 - (concave ? ratio * ratio : std::sqrt(ratio)))}};
}

/// The area points dominate in two minimized objectives, up to (r1, r2).
inline double area_below(std::vector<std::pair<double, double>> points, double r1, double r2) {
  std::sort(points.begin(), points.end());
  double area = 0, ceiling = r2;
  for (const auto& [a, b] : points)
    if (a < r1 && b < ceiling) {
      area += (r1 - a) * (ceiling - b);
      ceiling = b;
    }
  return area;
}

/// The area the feasible trials dominate in two minimized objectives, up to (r1, r2).
inline double hypervolume_2d(const algorithms::history& h, double r1, double r2) {
  std::vector<std::pair<double, double>> points;
  for (const auto& t : h.trials)
    if (t.violation == 0) points.emplace_back(*t.objectives[0], *t.objectives[1]);
  return area_below(std::move(points), r1, r2);
}

/// The volume the feasible trials dominate in three minimized objectives, up
/// to r in each: slices between successive values of the third.
inline double hypervolume_3d(const algorithms::history& h, double r) {
  std::vector<std::vector<double>> points;
  for (const auto& t : h.trials)
    if (t.violation == 0 && *t.objectives[2] < r) points.push_back({*t.objectives[0], *t.objectives[1], *t.objectives[2]});
  std::vector<double> levels;
  for (const auto& p : points) levels.push_back(p[2]);
  std::sort(levels.begin(), levels.end());
  levels.push_back(r);
  double volume = 0;
  for (std::size_t i = 0; i + 1 < levels.size(); ++i) {
    std::vector<std::pair<double, double>> below;
    for (const auto& p : points)
      if (p[2] <= levels[i]) below.emplace_back(p[0], p[1]);
    volume += area_below(std::move(below), r, r) * (levels[i + 1] - levels[i]);
  }
  return volume;
}

}  // namespace summit::test
