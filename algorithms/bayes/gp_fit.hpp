#pragma once
// Hyperparameters of the GP by maximum a posteriori: the log marginal
// likelihood (gp.hpp) plus weak priors that keep small data from degenerate
// fits, within bounds, maximized with L-BFGS-B from a fixed default and a
// few seeded random starts; the best wins. Priors (θ as in gp_parameters):
//   log ℓ_i ~ N(log 0.5, 1)     log s² ~ N(0, 1.5²)
//   log σ_n² ~ N(log 1e-3, 3²)  c ~ N(0, 0.2²)
// Bounds: ℓ ∈ [0.01, 10], s² ∈ [0.01, 100], σ_n² ∈ [1e-8, 1], c ∈ [-3, 3].
// The constant mean is held near the data's mean: most observations of a
// search are poor, so a freely fitted c lands high, every unexplored region
// then looks bad, and the search stops exploring (measured: a mixed space's
// median regret 0.30 → 0.00, Branin's 0.023 → 0.008 at 50 trials).
// More than max_points rows are fitted on a seeded random subset of them:
// the hyperparameters settle long before the data does, and a fit costs
// O(n³) per step.

#include <cstdint>
#include <vector>

#include "algorithms/bayes/gp.hpp"

namespace summit::algorithms::bayes {

struct fit_options {
  int restarts = 2;  ///< random starts besides the default one
  int max_iterations = 60;
  std::size_t max_points = 200;
  std::uint64_t seed = 0;
  std::vector<bool> categorical;  ///< per dimension of x (matern52::categorical)
};

/// The log posterior of θ and its gradient (for tests and the fit).
double log_posterior(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const Eigen::VectorXd& theta,
                     Eigen::VectorXd& gradient, const std::vector<bool>& categorical = {});

gp_parameters default_parameters(int dimensions);

expected<gp_parameters> fit_parameters(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                       const fit_options& options);

}  // namespace summit::algorithms::bayes
