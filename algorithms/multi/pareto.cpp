#include "algorithms/multi/pareto.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace summit::algorithms {

namespace {

constexpr double infinite = std::numeric_limits<double>::infinity();

bool usable(const std::optional<double>& v) { return v && !std::isnan(*v); }

/// The point's violation, +∞ when one of its m objectives is missing or NaN.
double total_violation(const scored_point& p, std::size_t m) {
  if (p.objectives.size() < m) return infinite;
  for (std::size_t i = 0; i < m; ++i)
    if (!usable(p.objectives[i])) return infinite;
  return std::isnan(p.violation) ? infinite : p.violation;
}

/// a better than b in objective i, as its goal says.
bool better(double a, double b, goal g) { return g == goal::minimize ? a < b : a > b; }

}  // namespace

double violation_of(const constraint_bound& bound, std::optional<double> value) {
  if (!usable(value)) return infinite;
  double passed = 0;
  if (bound.min && *value < *bound.min) passed += *bound.min - *value;
  if (bound.max && *value > *bound.max) passed += *value - *bound.max;
  return passed;
}

std::optional<double> slack_of(const constraint_bound& bound, std::optional<double> value) {
  if (!usable(value)) return std::nullopt;
  double slack = -infinite;
  if (bound.min) slack = std::max(slack, *bound.min - *value);
  if (bound.max) slack = std::max(slack, *value - *bound.max);
  return slack;
}

bool dominates(const scored_point& a, const scored_point& b, const std::vector<goal>& goals) {
  const double va = total_violation(a, goals.size()), vb = total_violation(b, goals.size());
  if (va > 0 || vb > 0) return va < vb;  // a feasible one beats an infeasible one; else the smaller violation
  bool strictly = false;
  for (std::size_t i = 0; i < goals.size(); ++i) {
    const double x = *a.objectives[i], y = *b.objectives[i];
    if (better(y, x, goals[i])) return false;
    if (better(x, y, goals[i])) strictly = true;
  }
  return strictly;
}

std::vector<std::vector<std::size_t>> non_dominated_fronts(const std::vector<scored_point>& points,
                                                           const std::vector<goal>& goals) {
  const std::size_t n = points.size();
  std::vector<std::vector<std::size_t>> dominated(n);  // the points each one dominates
  std::vector<std::size_t> dominators(n, 0);           // how many dominate each one
  std::vector<std::vector<std::size_t>> fronts(1);
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t q = p + 1; q < n; ++q) {
      if (dominates(points[p], points[q], goals)) {
        dominated[p].push_back(q);
        ++dominators[q];
      } else if (dominates(points[q], points[p], goals)) {
        dominated[q].push_back(p);
        ++dominators[p];
      }
    }
  }
  for (std::size_t p = 0; p < n; ++p)
    if (dominators[p] == 0) fronts[0].push_back(p);
  while (!fronts.back().empty()) {
    std::vector<std::size_t> next;
    for (std::size_t p : fronts.back())
      for (std::size_t q : dominated[p])
        if (--dominators[q] == 0) next.push_back(q);
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(next));
  }
  fronts.pop_back();
  return fronts;
}

std::vector<double> crowding_distances(const std::vector<scored_point>& points, const std::vector<std::size_t>& front) {
  const std::size_t n = front.size();
  std::vector<double> distance(n, 0);
  if (n == 0) return distance;
  const std::size_t m = points[front[0]].objectives.size();
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < m; ++i) {
    const auto value = [&](std::size_t k) {
      const auto& v = points[front[k]].objectives[i];
      return usable(v) ? *v : infinite;
    };
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return value(a) < value(b); });
    distance[order.front()] = distance[order.back()] = infinite;
    const double range = value(order.back()) - value(order.front());
    if (!(range > 0) || std::isinf(range)) continue;  // all equal here, or a missing value: no spread to measure
    for (std::size_t k = 1; k + 1 < n; ++k)
      distance[order[k]] += (value(order[k + 1]) - value(order[k - 1])) / range;
  }
  return distance;
}

namespace {

/// The feasible points in lexicographic order, each objective as its goal
/// ranks it: no point dominates an earlier one, so a front is found by
/// comparing each point only with the front so far.
std::vector<std::size_t> feasible_in_order(const std::vector<scored_point>& points, const std::vector<goal>& goals) {
  std::vector<std::size_t> order;
  for (std::size_t p = 0; p < points.size(); ++p)
    if (total_violation(points[p], goals.size()) == 0) order.push_back(p);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (std::size_t i = 0; i < goals.size(); ++i) {
      const double x = *points[a].objectives[i], y = *points[b].objectives[i];
      if (better(x, y, goals[i])) return true;
      if (better(y, x, goals[i])) return false;
    }
    return a < b;
  });
  return order;
}

/// Takes the first front out of `order` (which stays in its order).
std::vector<std::size_t> peel_front(std::vector<std::size_t>& order, const std::vector<scored_point>& points,
                                    const std::vector<goal>& goals) {
  std::vector<std::size_t> front, rest;
  for (std::size_t p : order) {
    const bool dominated =
        std::any_of(front.begin(), front.end(), [&](std::size_t q) { return dominates(points[q], points[p], goals); });
    (dominated ? rest : front).push_back(p);
  }
  order = std::move(rest);
  std::sort(front.begin(), front.end());
  return front;
}

}  // namespace

std::vector<std::vector<std::size_t>> leading_fronts(const std::vector<scored_point>& points,
                                                     const std::vector<goal>& goals, std::size_t count) {
  std::vector<std::vector<std::size_t>> fronts;
  std::size_t taken = 0;
  auto order = feasible_in_order(points, goals);
  while (!order.empty() && taken < count) {
    fronts.push_back(peel_front(order, points, goals));
    taken += fronts.back().size();
  }
  if (taken >= count || !order.empty()) return fronts;
  std::vector<std::pair<double, std::size_t>> infeasible;
  for (std::size_t p = 0; p < points.size(); ++p)
    if (const double v = total_violation(points[p], goals.size()); v > 0) infeasible.emplace_back(v, p);
  std::sort(infeasible.begin(), infeasible.end());
  for (std::size_t i = 0; i < infeasible.size() && taken < count;) {
    std::vector<std::size_t> front;
    for (const double v = infeasible[i].first; i < infeasible.size() && infeasible[i].first == v; ++i)
      front.push_back(infeasible[i].second);
    taken += front.size();
    fronts.push_back(std::move(front));
  }
  return fronts;
}

std::vector<std::size_t> pareto_front(const std::vector<scored_point>& points, const std::vector<goal>& goals) {
  auto order = feasible_in_order(points, goals);
  return peel_front(order, points, goals);
}

}  // namespace summit::algorithms
