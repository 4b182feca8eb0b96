#pragma once
// Matérn 5/2 kernel with one length scale per dimension (ARD), on points of
// the unit cube (Rasmussen & Williams 2006, eq. 4.17):
//   k(x, y) = s² (1 + √5 r + 5/3 r²) exp(-√5 r),   r² = Σ_i (x_i - y_i)² / ℓ_i²
// Parameters are in log space: log ℓ_1..ℓ_d, log s². Derivatives:
//   ∂k/∂log ℓ_i = s² · 5/3 (1 + √5 r) exp(-√5 r) · (x_i - y_i)² / ℓ_i²
//   ∂k/∂log s²  = k
//   ∂k/∂x_i     = -s² · 5/3 (1 + √5 r) exp(-√5 r) · (x_i - y_i) / ℓ_i²
// (all finite at r = 0).

#include <Eigen/Core>

namespace summit::algorithms::bayes {

struct matern52 {
  Eigen::VectorXd log_lengths;  ///< one per dimension
  double log_variance = 0;      ///< log s²

  int dimensions() const { return static_cast<int>(log_lengths.size()); }
  double variance() const;

  double operator()(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y) const;

  /// K_ij = k(a_i, b_j) for the rows of a and b.
  Eigen::MatrixXd matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;

  /// ∂K/∂(parameter p) for the rows of x: p < d is log ℓ_p, p == d is log s².
  Eigen::MatrixXd gradient(const Eigen::MatrixXd& x, int p) const;

  /// Row j: ∂k(x, points_j)/∂x, for the acquisition's gradient.
  Eigen::MatrixXd gradient_x(const Eigen::VectorXd& x, const Eigen::MatrixXd& points) const;
};

}  // namespace summit::algorithms::bayes
