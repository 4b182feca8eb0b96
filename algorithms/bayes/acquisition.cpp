#include "algorithms/bayes/acquisition.hpp"

#include <cmath>

namespace summit::algorithms::bayes {

prediction::prediction(const gp& model, const Eigen::VectorXd& x) {
  model.predict_with_gradient(x, mean, sd, dmean, dsd);
  if (sd < min_sd) {
    sd = min_sd;
    dsd.setZero();
  }
}

double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI); }
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double acquisition::value(double mean, double sd) const {
  sd = std::max(sd, min_sd);
  const double u = best - mean - xi;
  const double z = u / sd;
  switch (kind) {
    case acquisition_kind::ei: return u * normal_cdf(z) + sd * normal_pdf(z);
    case acquisition_kind::pi: return normal_cdf(z);
    case acquisition_kind::lcb: return -(mean - kappa * sd);
  }
  return 0;
}

Eigen::VectorXd acquisition::values(const gp& model, const Eigen::MatrixXd& points) const {
  Eigen::VectorXd mean, variance;
  model.predict(points, mean, variance);
  Eigen::VectorXd out(points.rows());
  for (Eigen::Index i = 0; i < points.rows(); ++i) out[i] = value(mean[i], std::sqrt(variance[i]));
  return out;
}

double acquisition::value_and_gradient(const gp& model, const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const {
  const prediction at(model, x);
  const auto& [mean, sd, dmean, dsd] = at;
  const double u = best - mean - xi;
  const double z = u / sd;
  switch (kind) {
    case acquisition_kind::ei:  // ∂EI/∂μ = -Φ(z), ∂EI/∂σ = φ(z)
      gradient = -normal_cdf(z) * dmean + normal_pdf(z) * dsd;
      return u * normal_cdf(z) + sd * normal_pdf(z);
    case acquisition_kind::pi:  // ∂z/∂x = (-σ ∂μ - u ∂σ) / σ²
      gradient = normal_pdf(z) * (-sd * dmean - u * dsd) / (sd * sd);
      return normal_cdf(z);
    case acquisition_kind::lcb:
      gradient = -(dmean - kappa * dsd);
      return -(mean - kappa * sd);
  }
  return 0;
}

Eigen::VectorXd scorer::values(const Eigen::MatrixXd& points) const {
  Eigen::VectorXd out = improving ? objective.values(points) : Eigen::VectorXd::Ones(points.rows());
  Eigen::VectorXd mean, variance;
  for (const auto& c : constraints) {
    c.predict(points, mean, variance);
    const double bound = c.standardize(0);
    for (Eigen::Index i = 0; i < points.rows(); ++i)
      out[i] *= normal_cdf((bound - mean[i]) / std::max(std::sqrt(variance[i]), min_sd));
  }
  return out;
}

double scorer::value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const {
  double value = 1;
  gradient = Eigen::VectorXd::Zero(x.size());
  if (improving) value = objective.value_and_gradient(x, gradient);
  for (const auto& c : constraints) {
    const prediction at(c, x);
    const double u = c.standardize(0) - at.mean, z = u / at.sd;
    const double p = normal_cdf(z);  // ∂z/∂x = (-σ ∂μ - u ∂σ) / σ²
    const Eigen::VectorXd dp = normal_pdf(z) * (-at.sd * at.dmean - u * at.dsd) / (at.sd * at.sd);
    gradient = gradient * p + value * dp;
    value *= p;
  }
  return value;
}

}  // namespace summit::algorithms::bayes
