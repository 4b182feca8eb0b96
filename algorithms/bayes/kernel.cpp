#include "algorithms/bayes/kernel.hpp"

#include <cmath>

namespace summit::algorithms::bayes {

namespace {

const double sqrt5 = std::sqrt(5.0);

/// s² · 5/3 (1 + √5 r) exp(-√5 r): the factor shared by every derivative.
double shared(double variance, double r) { return variance * 5.0 / 3.0 * (1 + sqrt5 * r) * std::exp(-sqrt5 * r); }

}  // namespace

double matern52::variance() const { return std::exp(log_variance); }

double matern52::operator()(const Eigen::Ref<const Eigen::VectorXd>& x,
                            const Eigen::Ref<const Eigen::VectorXd>& y) const {
  const double r = ((x - y).array() / log_lengths.array().exp()).matrix().norm();
  return variance() * (1 + sqrt5 * r + 5.0 / 3.0 * r * r) * std::exp(-sqrt5 * r);
}

Eigen::MatrixXd matern52::matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const {
  const Eigen::ArrayXd inv = (-log_lengths).array().exp();
  const Eigen::MatrixXd as = a * inv.matrix().asDiagonal();
  const Eigen::MatrixXd bs = b * inv.matrix().asDiagonal();
  // r² = |a|² + |b|² - 2 a·b, clamped at 0 against rounding.
  Eigen::MatrixXd r2 = (-2.0 * as * bs.transpose()).colwise() + as.rowwise().squaredNorm();
  r2.rowwise() += bs.rowwise().squaredNorm().transpose();
  const Eigen::ArrayXXd r = r2.array().max(0.0).sqrt();
  return (variance() * (1 + sqrt5 * r + 5.0 / 3.0 * r.square()) * (-sqrt5 * r).exp()).matrix();
}

Eigen::MatrixXd matern52::gradient(const Eigen::MatrixXd& x, int p) const {
  const auto n = x.rows();
  if (p == dimensions()) return matrix(x, x);
  const double inv2 = std::exp(-2 * log_lengths[p]);
  Eigen::MatrixXd g(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) {
      const double r = ((x.row(i) - x.row(j)).array() / log_lengths.array().exp().transpose()).matrix().norm();
      const double d = x(i, p) - x(j, p);
      g(i, j) = g(j, i) = shared(variance(), r) * d * d * inv2;
    }
  return g;
}

Eigen::MatrixXd matern52::gradient_x(const Eigen::VectorXd& x, const Eigen::MatrixXd& points) const {
  const Eigen::ArrayXd inv2 = (-2 * log_lengths).array().exp();
  Eigen::MatrixXd g(points.rows(), dimensions());
  for (Eigen::Index j = 0; j < points.rows(); ++j) {
    const Eigen::ArrayXd d = x.array() - points.row(j).transpose().array();
    const double r = std::sqrt((d.square() * inv2).sum());
    g.row(j) = (-shared(variance(), r) * d * inv2).matrix().transpose();
  }
  return g;
}

}  // namespace summit::algorithms::bayes
