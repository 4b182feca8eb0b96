#include "algorithms/bayes/acquisition.hpp"

#include <cmath>

namespace summit::algorithms::bayes {

namespace {

constexpr double min_sd = 1e-6;
double pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI); }
double cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

}  // namespace

double acquisition::value(double mean, double sd) const {
  sd = std::max(sd, min_sd);
  const double u = best - mean - xi;
  const double z = u / sd;
  switch (kind) {
    case acquisition_kind::ei: return u * cdf(z) + sd * pdf(z);
    case acquisition_kind::pi: return cdf(z);
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
  double mean = 0, sd = 0;
  Eigen::VectorXd dmean, dsd;
  model.predict_with_gradient(x, mean, sd, dmean, dsd);
  if (sd < min_sd) {
    sd = min_sd;
    dsd.setZero();
  }
  const double u = best - mean - xi;
  const double z = u / sd;
  switch (kind) {
    case acquisition_kind::ei:  // ∂EI/∂μ = -Φ(z), ∂EI/∂σ = φ(z)
      gradient = -cdf(z) * dmean + pdf(z) * dsd;
      return u * cdf(z) + sd * pdf(z);
    case acquisition_kind::pi:  // ∂z/∂x = (-σ ∂μ - u ∂σ) / σ²
      gradient = pdf(z) * (-sd * dmean - u * dsd) / (sd * sd);
      return cdf(z);
    case acquisition_kind::lcb:
      gradient = -(dmean - kappa * dsd);
      return -(mean - kappa * sd);
  }
  return 0;
}

}  // namespace summit::algorithms::bayes
