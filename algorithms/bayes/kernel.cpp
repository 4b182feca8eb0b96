#include "algorithms/bayes/kernel.hpp"

#include <cmath>

namespace summit::algorithms::bayes {

namespace {

const double sqrt5 = std::sqrt(5.0);

/// s² · 5/3 (1 + √5 r) exp(-√5 r): the factor shared by every derivative.
double shared(double variance, double r) { return variance * 5.0 / 3.0 * (1 + sqrt5 * r) * std::exp(-sqrt5 * r); }

Eigen::ArrayXXd matern(double variance, const Eigen::MatrixXd& r2) {
  const Eigen::ArrayXXd r = r2.array().max(0.0).sqrt();
  return variance * (1 + sqrt5 * r + 5.0 / 3.0 * r.square()) * (-sqrt5 * r).exp();
}

}  // namespace

double matern52::variance() const { return std::exp(log_variance); }

double matern52::operator()(const Eigen::Ref<const Eigen::VectorXd>& x,
                            const Eigen::Ref<const Eigen::VectorXd>& y) const {
  double r2 = 0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double d = delta(i, x[i], y[i]);
    r2 += d * d * std::exp(-2 * log_lengths[i]);
  }
  const double r = std::sqrt(r2);
  return variance() * (1 + sqrt5 * r + 5.0 / 3.0 * r * r) * std::exp(-sqrt5 * r);
}

Eigen::MatrixXd matern52::squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const {
  // Numeric dimensions: r² = |a|² + |b|² - 2 a·b over the scaled
  // coordinates, clamped at 0 against rounding; categorical ones add 1/ℓ²
  // where the values differ.
  Eigen::ArrayXd inv = (-log_lengths).array().exp();
  for (Eigen::Index i = 0; i < inv.size(); ++i)
    if (is_categorical(i)) inv[i] = 0;
  const Eigen::MatrixXd as = a * inv.matrix().asDiagonal();
  const Eigen::MatrixXd bs = b * inv.matrix().asDiagonal();
  Eigen::MatrixXd r2 = (-2.0 * as * bs.transpose()).colwise() + as.rowwise().squaredNorm();
  r2.rowwise() += bs.rowwise().squaredNorm().transpose();
  r2 = r2.array().max(0.0).matrix();
  for (Eigen::Index c = 0; c < a.cols(); ++c) {
    if (!is_categorical(c)) continue;
    const double weight = std::exp(-2 * log_lengths[c]);
    for (Eigen::Index j = 0; j < b.rows(); ++j)
      r2.col(j).array() += (a.col(c).array() != b(j, c)).cast<double>() * weight;
  }
  return r2;
}

Eigen::MatrixXd matern52::matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const {
  return matern(variance(), squared_distances(a, b)).matrix();
}

Eigen::MatrixXd matern52::gradient(const Eigen::MatrixXd& x, int p) const {
  const auto n = x.rows();
  const Eigen::MatrixXd r2 = squared_distances(x, x);
  if (p == dimensions()) return matern(variance(), r2).matrix();
  const double inv2 = std::exp(-2 * log_lengths[p]);
  Eigen::MatrixXd g(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) {
      const double d = delta(p, x(i, p), x(j, p));
      g(i, j) = g(j, i) = shared(variance(), std::sqrt(std::max(r2(i, j), 0.0))) * d * d * inv2;
    }
  return g;
}

Eigen::VectorXd matern52::weighted_gradients(const Eigen::MatrixXd& x, const Eigen::MatrixXd& a) const {
  const int d = dimensions();
  const Eigen::ArrayXXd r = squared_distances(x, x).array().max(0.0).sqrt();
  const Eigen::ArrayXXd e = (-sqrt5 * r).exp();
  const Eigen::MatrixXd w = (a.array() * (variance() * 5.0 / 3.0) * (1 + sqrt5 * r) * e).matrix();
  const Eigen::VectorXd row_sums = w.rowwise().sum();
  const Eigen::MatrixXd wx = w * x;
  Eigen::VectorXd out(d + 1);
  for (Eigen::Index p = 0; p < d; ++p) {
    const double inv2 = std::exp(-2 * log_lengths[p]);
    if (!is_categorical(p)) {
      const double quadratic = x.col(p).dot(wx.col(p));
      out[p] = 2 * (x.col(p).array().square().matrix().dot(row_sums) - quadratic) * inv2;
      continue;
    }
    double differing = 0;
    for (Eigen::Index j = 0; j < x.rows(); ++j)
      differing += (x.col(p).array() != x(j, p)).select(w.col(j).array(), 0.0).sum();
    out[p] = differing * inv2;
  }
  // ∂K/∂log s² = K.
  out[d] = (a.array() * variance() * (1 + sqrt5 * r + 5.0 / 3.0 * r.square()) * e).sum();
  return out;
}

Eigen::MatrixXd matern52::gradient_x(const Eigen::VectorXd& x, const Eigen::MatrixXd& points) const {
  Eigen::ArrayXd inv2 = (-2 * log_lengths).array().exp();
  Eigen::MatrixXd g(points.rows(), dimensions());
  for (Eigen::Index j = 0; j < points.rows(); ++j) {
    Eigen::ArrayXd d(dimensions());
    for (Eigen::Index i = 0; i < d.size(); ++i) d[i] = delta(i, x[i], points(j, i));
    const double r = std::sqrt((d.square() * inv2).sum());
    Eigen::ArrayXd row = -shared(variance(), r) * d * inv2;
    for (Eigen::Index i = 0; i < d.size(); ++i)
      if (is_categorical(i)) row[i] = 0;  // a value is chosen, not moved
    g.row(j) = row.matrix().transpose();
  }
  return g;
}

}  // namespace summit::algorithms::bayes
