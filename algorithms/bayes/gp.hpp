#pragma once
// A Gaussian process on points of the unit cube (Rasmussen & Williams 2006,
// algorithm 2.1), with the Matérn 5/2 ARD kernel, a constant mean c and
// Gaussian noise σ_n², on outputs standardized to mean 0 and variance 1.
//   μ(x) = c + k(x)ᵀ α,  α = K⁻¹ (y - c),  K = k(X, X) + σ_n² I
//   σ²(x) = k(x, x) - k(x)ᵀ K⁻¹ k(x)
//   log p(y | θ) = -½ (y - c)ᵀ α - Σ log L_ii - n/2 log 2π
//   ∂/∂θ_j log p = ½ tr((α αᵀ - K⁻¹) ∂K/∂θ_j),   ∂/∂c log p = Σ α
// θ, in log space where positive: log ℓ_1..ℓ_d, log s², log σ_n², c.
// K is factorized with growing jitter when it is not positive definite;
// fit() fails (an error, never a NaN) when even that does not help.

#include <Eigen/Core>
#include <Eigen/Cholesky>

#include "algorithms/bayes/kernel.hpp"
#include "model/core/expected.hpp"

namespace summit::algorithms::bayes {

struct gp_parameters {
  matern52 kernel;
  double log_noise = std::log(1e-3);
  double mean = 0;  ///< c, in standardized units

  /// Packed as the optimizer sees them: log ℓ (d), log s², log σ_n², c.
  /// Which dimensions are categorical is the space's, not a parameter.
  Eigen::VectorXd pack() const;
  static gp_parameters unpack(const Eigen::VectorXd& theta, const std::vector<bool>& categorical = {});
};

class gp {
 public:
  /// Conditions on rows of x (points of the unit cube) and their outputs y
  /// (raw: standardized inside).
  static expected<gp> fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const gp_parameters& p);

  /// This GP's points and the rows of x, conditioned afresh on y (raw, one
  /// per point: this GP's first, then x's): the factorization grows in
  /// O(n² m) for m new points instead of being made again in O((n+m)³).
  /// Equal to fit() on the same rows up to rounding.
  [[nodiscard]] expected<gp> grown(const Eigen::MatrixXd& x, const Eigen::VectorXd& y) const;

  /// Conditions additionally on more points, reusing the factorization
  /// (O(n² m) for m new points). y_standardized: already in this GP's units
  /// (fantasies use the GP's own predictions).
  [[nodiscard]] status extend(const Eigen::MatrixXd& x, const Eigen::VectorXd& y_standardized);

  /// Posterior mean and variance, standardized units, at each row of points.
  void predict(const Eigen::MatrixXd& points, Eigen::VectorXd& mean, Eigen::VectorXd& variance) const;

  /// Mean and standard deviation at x with their gradients (standardized).
  void predict_with_gradient(const Eigen::VectorXd& x, double& mean, double& sd, Eigen::VectorXd& dmean,
                             Eigen::VectorXd& dsd) const;

  double log_likelihood() const;
  /// ∂ log p / ∂θ, θ packed as gp_parameters::pack().
  Eigen::VectorXd log_likelihood_gradient() const;

  const gp_parameters& parameters() const { return p_; }
  double standardize(double y) const { return (y - y_mean_) / y_scale_; }
  const Eigen::VectorXd& outputs() const { return y_; }  ///< standardized
  Eigen::Index size() const { return x_.rows(); }

 private:
  gp() = default;
  void standardize_outputs(const Eigen::VectorXd& y);
  [[nodiscard]] status factorize();
  [[nodiscard]] status append_points(const Eigen::MatrixXd& x);
  [[nodiscard]] status solve_weights();

  gp_parameters p_;
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_;  ///< standardized
  double y_mean_ = 0, y_scale_ = 1;
  Eigen::MatrixXd l_;  ///< lower Cholesky factor of K (with any jitter)
  Eigen::VectorXd alpha_;
  double jitter_ = 0;
};

}  // namespace summit::algorithms::bayes
