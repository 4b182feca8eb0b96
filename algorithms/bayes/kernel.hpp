#pragma once
// Matérn 5/2 kernel with one length scale per dimension (ARD), on points of
// the unit cube (Rasmussen & Williams 2006, eq. 4.17):
//   k(x, y) = s² (1 + √5 r + 5/3 r²) exp(-√5 r),   r² = Σ_i δ_i(x, y)² / ℓ_i²
// δ_i = x_i - y_i on a numeric dimension. A choice is one categorical
// dimension whose coordinate names its value: δ_i = 1 when the values
// differ, else 0 (the Hamming distance, as SMAC's and BoTorch's categorical
// kernels; for two values the same as one-hot coordinates, and one
// coordinate however many values a choice has). Parameters are in log
// space: log ℓ_1..ℓ_d, log s². Derivatives:
//   ∂k/∂log ℓ_i = s² · 5/3 (1 + √5 r) exp(-√5 r) · δ_i² / ℓ_i²
//   ∂k/∂log s²  = k
//   ∂k/∂x_i     = -s² · 5/3 (1 + √5 r) exp(-√5 r) · δ_i / ℓ_i², 0 on a categorical dimension
// (all finite at r = 0).

#include <vector>

#include <Eigen/Core>

namespace summit::algorithms::bayes {

struct matern52 {
  Eigen::VectorXd log_lengths;  ///< one per dimension
  double log_variance = 0;      ///< log s²
  std::vector<bool> categorical = {};  ///< per dimension; empty: all numeric

  int dimensions() const { return static_cast<int>(log_lengths.size()); }
  double variance() const;
  bool is_categorical(Eigen::Index i) const {
    return static_cast<std::size_t>(i) < categorical.size() && categorical[static_cast<std::size_t>(i)];
  }

  double operator()(const Eigen::Ref<const Eigen::VectorXd>& x, const Eigen::Ref<const Eigen::VectorXd>& y) const;

  /// K_ij = k(a_i, b_j) for the rows of a and b.
  Eigen::MatrixXd matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;

  /// ∂K/∂(parameter p) for the rows of x: p < d is log ℓ_p, p == d is log s².
  Eigen::MatrixXd gradient(const Eigen::MatrixXd& x, int p) const;

  /// Σ_ij a_ij ∂K_ij/∂(parameter p) for every p ≤ d, K on the rows of x, a
  /// symmetric: all the likelihood's gradient needs, in one O(n² d) matrix
  /// product instead of d matrices of O(n² d) each. With W = a ∘ s²·5/3
  /// (1 + √5 r) exp(-√5 r), a numeric dimension's sum is
  /// Σ_ij W_ij (x_ip - x_jp)² / ℓ_p² = 2 (Σ_i x_ip² (W1)_i - x_pᵀ W x_p) / ℓ_p².
  Eigen::VectorXd weighted_gradients(const Eigen::MatrixXd& x, const Eigen::MatrixXd& a) const;
  /// Row j: ∂k(x, points_j)/∂x, for the acquisition's gradient.
  Eigen::MatrixXd gradient_x(const Eigen::VectorXd& x, const Eigen::MatrixXd& points) const;

 private:
  /// r² between every row of a and every row of b.
  Eigen::MatrixXd squared_distances(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) const;
  double delta(Eigen::Index i, double x, double y) const { return is_categorical(i) ? (x != y ? 1.0 : 0.0) : x - y; }
};

}  // namespace summit::algorithms::bayes
