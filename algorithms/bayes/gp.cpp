#include "algorithms/bayes/gp.hpp"

#include <cmath>

namespace summit::algorithms::bayes {

namespace {

constexpr double log_2pi = 1.8378770664093453;

bool finite(const Eigen::MatrixXd& m) { return m.allFinite(); }

/// The lower Cholesky factor of k + jitter·I, growing the jitter (relative
/// to the mean diagonal) until the factorization succeeds.
expected<std::pair<Eigen::MatrixXd, double>> cholesky(const Eigen::MatrixXd& k) {
  const double scale = std::max(1e-12, k.diagonal().mean());
  for (double jitter : {0.0, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2}) {
    Eigen::MatrixXd kj = k;
    kj.diagonal().array() += jitter * scale;
    Eigen::LLT<Eigen::MatrixXd> llt(kj);
    if (llt.info() == Eigen::Success) {
      Eigen::MatrixXd l = llt.matrixL();
      if (finite(l)) return std::make_pair(std::move(l), jitter * scale);
    }
  }
  return make_error("covariance matrix is not positive definite, even with jitter");
}

}  // namespace

Eigen::VectorXd gp_parameters::pack() const {
  const int d = kernel.dimensions();
  Eigen::VectorXd theta(d + 3);
  theta.head(d) = kernel.log_lengths;
  theta[d] = kernel.log_variance;
  theta[d + 1] = log_noise;
  theta[d + 2] = mean;
  return theta;
}

gp_parameters gp_parameters::unpack(const Eigen::VectorXd& theta, const std::vector<bool>& categorical) {
  const auto d = theta.size() - 3;
  gp_parameters p;
  p.kernel.categorical = categorical;
  p.kernel.log_lengths = theta.head(d);
  p.kernel.log_variance = theta[d];
  p.log_noise = theta[d + 1];
  p.mean = theta[d + 2];
  return p;
}

expected<gp> gp::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const gp_parameters& p) {
  gp g;
  g.p_ = p;
  g.x_ = x;
  g.standardize_outputs(y);
  if (auto failed = g.factorize()) return *failed;
  if (auto failed = g.solve_weights()) return *failed;
  return g;
}

expected<gp> gp::grown(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const {
  gp g = *this;
  if (auto failed = g.append_points(x)) return *failed;
  g.standardize_outputs(y);
  if (auto failed = g.solve_weights()) return *failed;
  return g;
}

status gp::extend(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized) {
  if (x.rows() == 0) return std::nullopt;
  if (auto failed = append_points(x)) return failed;
  y_.conservativeResize(x_.rows());
  y_.tail(x.rows()) = y_standardized;
  return solve_weights();
}

void gp::standardize_outputs(const Eigen::VectorXd& y) {
  const auto n = static_cast<double>(y.size());
  y_mean_ = y.size() ? y.mean() : 0.0;
  const double sd = y.size() > 1 ? std::sqrt((y.array() - y_mean_).square().sum() / (n - 1)) : 0.0;
  y_scale_ = sd > 1e-12 && std::isfinite(sd) ? sd : 1.0;
  y_ = (y.array() - y_mean_) / y_scale_;
}

status gp::factorize() {
  Eigen::MatrixXd k = p_.kernel.matrix(x_, x_);
  k.diagonal().array() += std::exp(p_.log_noise);
  auto l = cholesky(k);
  if (!l) return l.error();
  l_ = std::move(l->first);
  jitter_ = l->second;
  return std::nullopt;
}

// The factor of [[K, k12], [k12ᵀ, k22]] is [[L, 0], [Bᵀ, C]] with
// B = L⁻¹ k12 and C the factor of k22 - Bᵀ B; the jitter K got, k22 gets too.
status gp::append_points(const Eigen::MatrixXd& x) {
  if (x.rows() == 0) return std::nullopt;
  const auto n = x_.rows(), m = x.rows();
  const Eigen::MatrixXd k12 = p_.kernel.matrix(x_, x);
  Eigen::MatrixXd k22 = p_.kernel.matrix(x, x);
  k22.diagonal().array() += std::exp(p_.log_noise) + jitter_;
  const Eigen::MatrixXd b = l_.triangularView<Eigen::Lower>().solve(k12);
  auto c = cholesky(k22 - b.transpose() * b);
  if (!c) return c.error();
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(n + m, n + m);
  l.topLeftCorner(n, n) = l_;
  l.bottomLeftCorner(m, n) = b.transpose();
  l.bottomRightCorner(m, m) = c->first;
  l_ = std::move(l);
  x_.conservativeResize(n + m, Eigen::NoChange);
  x_.bottomRows(m) = x;
  return std::nullopt;
}

status gp::solve_weights() {
  alpha_ = l_.transpose().triangularView<Eigen::Upper>().solve(
      l_.triangularView<Eigen::Lower>().solve((y_.array() - p_.mean).matrix()));
  if (!alpha_.allFinite()) return make_error("the Gaussian process gave non-finite weights");
  return std::nullopt;
}

void gp::predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const {
  const Eigen::MatrixXd ks = p_.kernel.matrix(points, x_);
  mean = (ks * alpha_).array() + p_.mean;
  const Eigen::MatrixXd v = l_.triangularView<Eigen::Lower>().solve(ks.transpose());
  variance = (p_.kernel.variance() - v.colwise().squaredNorm().transpose().array()).max(1e-12);
}

void gp::predict_with_gradient(const Eigen::VectorXd& x, double& mean, double& sd, Eigen::VectorXd& dmean,
                               Eigen::VectorXd& dsd) const {
  const Eigen::VectorXd ks = p_.kernel.matrix(x.transpose(), x_).transpose();
  mean = p_.mean + ks.dot(alpha_);
  const Eigen::VectorXd v = l_.triangularView<Eigen::Lower>().solve(ks);
  const double variance = p_.kernel.variance() - v.squaredNorm();
  sd = std::sqrt(std::max(variance, 1e-12));
  const Eigen::MatrixXd g = p_.kernel.gradient_x(x, x_);  // n x d
  dmean = g.transpose() * alpha_;
  if (variance <= 1e-12) {
    dsd = Eigen::VectorXd::Zero(x.size());
    return;
  }
  const Eigen::VectorXd w = l_.transpose().triangularView<Eigen::Upper>().solve(v);  // K⁻¹ k(x)
  dsd = -(g.transpose() * w) / sd;  // ∂σ²/∂x = -2 Gᵀ w, ∂σ = ∂σ² / 2σ
}

double gp::log_likelihood() const {
  const auto n = static_cast<double>(y_.size());
  return -0.5 * (y_.array() - p_.mean).matrix().dot(alpha_) - l_.diagonal().array().log().sum() -
         0.5 * n * log_2pi;
}

Eigen::VectorXd gp::log_likelihood_gradient() const {
  const int d = p_.kernel.dimensions();
  const auto n = x_.rows();
  const Eigen::MatrixXd l_inv = l_.triangularView<Eigen::Lower>().solve(Eigen::MatrixXd::Identity(n, n));
  const Eigen::MatrixXd k_inv = l_inv.transpose() * l_inv;
  const Eigen::MatrixXd a = alpha_ * alpha_.transpose() - k_inv;
  Eigen::VectorXd g(d + 3);
  g.head(d + 1) = 0.5 * p_.kernel.weighted_gradients(x_, a);
  g[d + 1] = 0.5 * std::exp(p_.log_noise) * a.trace();
  g[d + 2] = alpha_.sum();
  return g;
}

}  // namespace summit::algorithms::bayes
