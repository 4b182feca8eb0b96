#include "algorithms/importance/ped_anova.hpp"

#include <algorithm>
#include <cmath>
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

/// The grid point of a trial's value, or nothing when it has none there.
std::optional<std::size_t> point_of(const parameter& p, const grid& g, const params& values) {
  const auto it = values.find(p.name);
  if (it == values.end()) return std::nullopt;
  if (g.categorical) {
    const auto at = std::find(p.values.begin(), p.values.end(), it->second);
    if (at == p.values.end()) return std::nullopt;
    return static_cast<std::size_t>(at - p.values.begin());
  }
  const auto x = as_number(it->second);
  if (!x || !std::isfinite(*x)) return std::nullopt;
  const bool one_per_integer = p.type == parameter_type::discrete && p.scaling == scale::linear &&
                               static_cast<double>(g.size) == p.high - p.low + 1;
  const double at = one_per_integer ? std::round(*x) - p.low
                                    : std::round(to_unit(p, *x) * static_cast<double>(g.size - 1));
  return static_cast<std::size_t>(std::clamp(at, 0.0, static_cast<double>(g.size - 1)));
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

/// Pearson's divergence of the top trials' density from all trials'.
double divergence(const parameter& p, const std::vector<const importance_input*>& all,
                  const std::vector<bool>& top) {
  const grid g = grid_of(p);
  if (g.size < 2) return 0;
  std::vector<double> all_counts(g.size, 0.0), top_counts(g.size, 0.0);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto at = point_of(p, g, all[i]->parameters);
    if (!at) continue;
    all_counts[*at] += 1;
    if (top[i]) top_counts[*at] += 1;
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
  double sum = 0;
  for (const auto& p : space.parameters()) {
    result.parameters.push_back({p.name, divergence(p, valued, top)});
    sum += result.parameters.back().importance;
  }
  for (auto& p : result.parameters) p.importance = sum > 0 ? p.importance / sum : 0;
  std::stable_sort(result.parameters.begin(), result.parameters.end(),
                   [](const parameter_importance& a, const parameter_importance& b) { return a.importance > b.importance; });
  return result;
}

}  // namespace summit::algorithms
