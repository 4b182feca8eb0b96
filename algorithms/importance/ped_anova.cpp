#include "algorithms/importance/ped_anova.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>

namespace summit::algorithms {

namespace {

constexpr std::size_t grid_points = 50;
constexpr std::size_t min_top_trials = 2;
constexpr double prior_weight = 1.0;

/// Where a parameter's values fall: a grid of its own space, and whether
/// the points are categories (no order, no distance) or steps of a line.
struct grid {
  std::size_t size = 0;
  bool categorical = false;
};

grid grid_of(const parameter& p) {
  if (!p.is_numeric()) return {p.values.size(), true};
  if (p.low == p.high) return {1, false};
  if (p.type == parameter_type::discrete) {
    const auto integers = static_cast<std::size_t>(p.high - p.low) + 1;
    return {std::min(integers, grid_points), false};
  }
  return {grid_points, false};
}

constexpr std::uint32_t no_point = UINT32_MAX;

/// A parameter's grid and the way from a value to its point.
class gridded {
 public:
  explicit gridded(const parameter& p) : p_(p), grid_(grid_of(p)) {
    if (grid_.categorical)
      for (std::size_t i = 0; i < p.values.size(); ++i) index_.emplace(p.values[i], static_cast<std::uint32_t>(i));
    one_per_integer_ = p.type == parameter_type::discrete && p.scaling == scale::linear &&
                       static_cast<double>(grid_.size) == p.high - p.low + 1;
  }
  const grid& points() const { return grid_; }

  /// The grid point of a value, or no_point when it is not one of the
  /// parameter's.
  std::uint32_t point_of(const value& v) const {
    if (grid_.categorical) {
      const auto it = index_.find(v);
      return it == index_.end() ? no_point : it->second;
    }
    const auto x = as_number(v);
    if (!x || !std::isfinite(*x)) return no_point;
    const double at = one_per_integer_ ? std::round(*x) - p_.low
                                       : std::round(to_unit(p_, *x) * static_cast<double>(grid_.size - 1));
    return static_cast<std::uint32_t>(std::clamp(at, 0.0, static_cast<double>(grid_.size - 1)));
  }

 private:
  const parameter& p_;
  grid grid_;
  std::map<value, std::uint32_t> index_;
  bool one_per_integer_ = false;
};

/// Every trial's grid point of every parameter (row-major, no_point where a
/// trial has none), walking each trial's parameters once in name order.
std::vector<std::uint32_t> points_of(const std::vector<gridded>& grids, const std::vector<const importance_input*>& trials,
                                     const search_space& space) {
  const std::size_t n_params = grids.size();
  std::vector<std::size_t> by_name(n_params);
  std::iota(by_name.begin(), by_name.end(), 0);
  const auto& ps = space.parameters();
  std::sort(by_name.begin(), by_name.end(), [&](std::size_t a, std::size_t b) { return ps[a].name < ps[b].name; });
  std::vector<std::uint32_t> out(trials.size() * n_params, no_point);
  for (std::size_t t = 0; t < trials.size(); ++t) {
    auto it = trials[t]->parameters->begin();
    const auto end = trials[t]->parameters->end();
    for (const std::size_t k : by_name) {
      while (it != end && it->first < ps[k].name) ++it;
      if (it == end) break;
      if (it->first == ps[k].name) out[t * n_params + k] = grids[k].point_of(it->second);
    }
  }
  return out;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// A Gaussian at mu of width sigma, as the probability of each of n grid
/// points (the mass of the point's cell, truncated to the grid).
void add_kernel(std::vector<double>& pdf, double weight, double mu, double sigma) {
  const auto n = static_cast<double>(pdf.size());
  const double total = normal_cdf((n - 0.5 - mu) / sigma) - normal_cdf((-0.5 - mu) / sigma);
  double below = normal_cdf((-0.5 - mu) / sigma);
  for (std::size_t j = 0; j < pdf.size(); ++j) {
    const double above = normal_cdf((static_cast<double>(j) + 0.5 - mu) / sigma);
    pdf[j] += weight * (above - below) / total;
    below = above;
  }
}

/// Scott's rule on the grid points the counts hold, never narrower than a
/// cell holds most of (90% within ±0.5).
double scott_bandwidth(const std::vector<double>& counts, double n) {
  double mean = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) mean += counts[k] * static_cast<double>(k);
  mean /= n;
  double squares = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) squares += counts[k] * std::pow(static_cast<double>(k) - mean, 2);
  const double sd = std::sqrt(squares / std::max(1.0, n - 1));
  // The quartiles of the values the counts stand for.
  const auto quantile_point = [&](double rank) {
    double seen = 0;
    for (std::size_t k = 0; k < counts.size(); ++k)
      if ((seen += counts[k]) > rank) return static_cast<double>(k);
    return static_cast<double>(counts.size() - 1);
  };
  const double iqr = quantile_point(std::min(n - 1, std::floor(3 * n / 4))) - quantile_point(std::floor(n / 4));
  const double sigma = 1.059 * std::min(iqr / 1.34, sd) * std::pow(n, -0.2);
  return std::max(sigma, 0.5 / 1.64);
}

/// The Parzen estimator of the values counted on the grid, as a pmf.
std::vector<double> parzen(const grid& g, const std::vector<double>& counts) {
  const double n = std::accumulate(counts.begin(), counts.end(), 0.0);
  std::vector<double> pdf(g.size, 0.0);
  const auto size = static_cast<double>(g.size);
  if (g.categorical) {
    // Each trial keeps its own value with weight 1 and spreads the prior's
    // weight over all values; the prior itself is flat.
    for (std::size_t j = 0; j < g.size; ++j)
      pdf[j] = (n * prior_weight / size + counts[j]) / (prior_weight + 1) + prior_weight / size;
  } else {
    const double sigma = scott_bandwidth(counts, n);
    for (std::size_t k = 0; k < g.size; ++k)
      if (counts[k] > 0) add_kernel(pdf, counts[k], static_cast<double>(k), sigma);
    add_kernel(pdf, prior_weight, (size - 1) / 2, size);
  }
  for (double& p : pdf) p /= n + prior_weight;
  return pdf;
}

/// Pearson's divergence of the top trials' density from all trials', for
/// parameter k of the points.
double divergence(const grid& g, const std::vector<std::uint32_t>& points, std::size_t k, std::size_t n_params,
                  const std::vector<bool>& top) {
  if (g.size < 2) return 0;
  std::vector<double> all_counts(g.size, 0.0), top_counts(g.size, 0.0);
  for (std::size_t i = 0; i < top.size(); ++i) {
    const auto at = points[i * n_params + k];
    if (at == no_point) continue;
    all_counts[at] += 1;
    if (top[i]) top_counts[at] += 1;
  }
  const auto local = parzen(g, all_counts), good = parzen(g, top_counts);
  double d = 0;
  for (std::size_t j = 0; j < g.size; ++j) {
    const double l = local[j] + 1e-12, t = good[j] + 1e-12;
    d += l * std::pow(t / l - 1, 2);
  }
  return d;
}

}  // namespace

expected<importance_result> ped_anova(const search_space& space, const std::vector<importance_input>& trials,
                                      goal direction, double quantile) {
  if (!(quantile > 0 && quantile <= 1)) return make_error("the quantile must be in (0, 1]");
  std::vector<const importance_input*> valued;
  for (const auto& t : trials)
    if (std::isfinite(t.objective)) valued.push_back(&t);
  const std::size_t n = valued.size();
  if (n < importance_min_trials)
    return make_error("importance needs at least " + std::to_string(importance_min_trials) +
                      " COMPLETED trials with a value; the study has " + std::to_string(n));
  // Smaller is better from here on.
  const double sign = direction == goal::maximize ? -1 : 1;
  std::vector<double> loss(n);
  for (std::size_t i = 0; i < n; ++i) loss[i] = sign * valued[i]->objective;
  std::vector<double> sorted = loss;
  std::sort(sorted.begin(), sorted.end());
  const auto at_quantile = static_cast<std::size_t>(std::max(0.0, std::ceil(quantile * static_cast<double>(n)) - 1));
  const double cutoff = std::max(sorted[min_top_trials - 1], sorted[at_quantile]);
  std::vector<bool> top(n);
  std::size_t top_count = 0;
  for (std::size_t i = 0; i < n; ++i) top_count += (top[i] = loss[i] <= cutoff);
  if (top_count == n)
    return make_error("all " + std::to_string(n) + " trials are as good as the best " +
                      std::to_string(static_cast<int>(std::round(quantile * 100))) +
                      "%: nothing tells the parameters apart");

  importance_result result;
  result.trials = n;
  result.top_trials = top_count;
  std::vector<gridded> grids;
  for (const auto& p : space.parameters()) grids.emplace_back(p);
  const auto points = points_of(grids, valued, space);
  double sum = 0;
  for (std::size_t k = 0; k < grids.size(); ++k) {
    result.parameters.push_back({space.parameters()[k].name, divergence(grids[k].points(), points, k, grids.size(), top)});
    sum += result.parameters.back().importance;
  }
  for (auto& p : result.parameters) p.importance = sum > 0 ? p.importance / sum : 0;
  std::stable_sort(result.parameters.begin(), result.parameters.end(),
                   [](const parameter_importance& a, const parameter_importance& b) { return a.importance > b.importance; });
  return result;
}

}  // namespace summit::algorithms
