#include "algorithms/bayes/scalarized.hpp"

#include <algorithm>
#include <cmath>

namespace summit::algorithms::bayes {

namespace {

constexpr double rho = 0.05;
// Monte Carlo samples of the joint posterior per point: BoTorch's default
// for qParEGO is 128 too; fewer made the hypervolume on DTLZ2 noisier.
constexpr Eigen::Index draws = 128;
constexpr double kappa = 2.0;  // as acquisition's lcb
// The scalarization's origin, this fraction of each objective's range below
// its least value: a trial holding every least value (ZDT's x1 = 0 end,
// say) would otherwise score 0 under every weight, a best nothing can
// improve on, and the search would stop spreading along the front. 0.1
// measured best of 0, 0.01, 0.05, 0.1 and 0.3 over ZDT1/2, DTLZ2 and
// Binh-Korn (0.3 loses a quarter of DTLZ2's hypervolume).
constexpr double utopia_margin = 0.1;

}  // namespace

chebyshev chebyshev::over(const Eigen::MatrixXd& values, Eigen::VectorXd weights) {
  const Eigen::VectorXd min = values.colwise().minCoeff().transpose();
  const Eigen::VectorXd range = values.colwise().maxCoeff().transpose() - min;
  return {std::move(weights), min - utopia_margin * range, range};
}

double chebyshev::with_gradient(const Eigen::VectorXd& f, Eigen::VectorXd& df) const {
  df = Eigen::VectorXd::Zero(f.size());
  double worst = -INFINITY, sum = 0;
  Eigen::Index at = 0;
  for (Eigen::Index k = 0; k < f.size(); ++k) {
    if (range[k] <= 0) continue;  // an objective every trial shares tells nothing apart
    const double scale = weights[k] / range[k];
    const double term = scale * (f[k] - low[k]);
    if (term > worst) worst = term, at = k;
    sum += term;
    df[k] = rho * scale;
  }
  if (worst == -INFINITY) return 0;
  df[at] += weights[at] / range[at];
  return worst + rho * sum;
}

double chebyshev::operator()(const Eigen::VectorXd& f) const {
  Eigen::VectorXd ignored;
  return with_gradient(f, ignored);
}

Eigen::VectorXd chebyshev::of_rows(const Eigen::MatrixXd& values) const {
  Eigen::VectorXd out(values.rows());
  for (Eigen::Index i = 0; i < values.rows(); ++i) out[i] = (*this)(Eigen::VectorXd(values.row(i).transpose()));
  return out;
}

Eigen::VectorXd simplex_weights(Eigen::Index m, random_engine& rng) {
  Eigen::VectorXd w(m);
  for (Eigen::Index k = 0; k < m; ++k) w[k] = -std::log(std::max(rng.uniform(), 1e-300));
  return w / w.sum();
}

scalarized::scalarized(const std::vector<gp>& models, const Eigen::MatrixXd& values, const std::vector<bool>& feasible,
                       acquisition_kind kind, random_engine& rng)
    : models_(models), kind_(kind) {
  const auto m = static_cast<Eigen::Index>(models.size());
  Eigen::MatrixXd standardized(values.rows(), m);
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    for (Eigen::Index k = 0; k < m; ++k) standardized(i, k) = models[static_cast<std::size_t>(k)].standardize(values(i, k));
  s_ = chebyshev::over(standardized, simplex_weights(m, rng));
  data_scores_ = s_.of_rows(standardized);
  for (Eigen::Index i = 0; i < values.rows(); ++i)
    if (feasible[static_cast<std::size_t>(i)]) {
      best_ = improving_ ? std::min(best_, data_scores_[i]) : data_scores_[i];
      improving_ = true;
    }
  draws_.resize(draws, m);
  for (Eigen::Index n = 0; n < draws; ++n)
    for (Eigen::Index k = 0; k < m; ++k) draws_(n, k) = rng.normal();
}

Eigen::VectorXd scalarized::values(const Eigen::MatrixXd& points) const {
  const auto m = static_cast<Eigen::Index>(models_.size());
  Eigen::MatrixXd mean(points.rows(), m), sd(points.rows(), m);
  for (Eigen::Index k = 0; k < m; ++k) {
    Eigen::VectorXd mu, variance;
    models_[static_cast<std::size_t>(k)].predict(points, mu, variance);
    mean.col(k) = mu;
    sd.col(k) = variance.cwiseMax(0).cwiseSqrt().cwiseMax(min_sd);
  }
  Eigen::VectorXd out(points.rows());
  Eigen::VectorXd f(m);
  for (Eigen::Index i = 0; i < points.rows(); ++i) {
    if (kind_ == acquisition_kind::lcb) {
      out[i] = -s_(Eigen::VectorXd((mean.row(i) - kappa * sd.row(i)).transpose()));
      continue;
    }
    double total = 0;
    for (Eigen::Index n = 0; n < draws; ++n) {
      f = (mean.row(i) + sd.row(i).cwiseProduct(draws_.row(n))).transpose();
      const double gain = best_ - s_(f);
      total += kind_ == acquisition_kind::pi ? (gain > 0 ? 1.0 : 0.0) : std::max(gain, 0.0);
    }
    out[i] = total / static_cast<double>(draws);
  }
  return out;
}

double scalarized::value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const {
  const auto m = static_cast<Eigen::Index>(models_.size());
  std::vector<prediction> at;
  Eigen::VectorXd mean(m), sd(m);
  for (Eigen::Index k = 0; k < m; ++k) {
    at.emplace_back(models_[static_cast<std::size_t>(k)], x);
    mean[k] = at.back().mean;
    sd[k] = at.back().sd;
  }
  gradient = Eigen::VectorXd::Zero(x.size());
  Eigen::VectorXd df;
  // ∂s/∂x = Σ_k ∂s/∂f_k (∂μ_k + z_k ∂σ_k)
  const auto chain = [&](const Eigen::VectorXd& z, double weight) {
    for (Eigen::Index k = 0; k < m; ++k)
      if (df[k] != 0) gradient += weight * df[k] * (at[static_cast<std::size_t>(k)].dmean + z[k] * at[static_cast<std::size_t>(k)].dsd);
  };
  if (kind_ == acquisition_kind::lcb) {
    const double value = -s_.with_gradient(mean - kappa * sd, df);
    chain(Eigen::VectorXd::Constant(m, -kappa), -1.0);
    return value;
  }
  double total = 0;
  for (Eigen::Index n = 0; n < draws; ++n) {
    const Eigen::VectorXd z = draws_.row(n).transpose();
    const double gain = best_ - s_.with_gradient(mean + sd.cwiseProduct(z), df);
    if (gain <= 0) continue;
    if (kind_ == acquisition_kind::pi) {
      total += 1;  // a step function: flat wherever it is defined
      continue;
    }
    total += gain;
    chain(z, -1.0 / static_cast<double>(draws));
  }
  return total / static_cast<double>(draws);
}

}  // namespace summit::algorithms::bayes
