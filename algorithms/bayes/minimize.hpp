#pragma once
// Bounded minimization with L-BFGS-B (LBFGSpp, Byrd et al. 1995). LBFGSpp
// throws when a line search fails; that ends the search here, keeping the
// best point seen, which is what callers want from a few iterations of
// refinement anyway. Never throws.

#include <limits>

#include <Eigen/Core>
#include <LBFGSB.h>

namespace summit::algorithms::bayes {

/// f(x, grad) -> value. x starts at the initial point and ends at the best
/// point found inside [lower, upper]; returns its value (+inf if f never
/// returned a finite one).
template <class F>
double minimize_bounded(F&& f, Eigen::VectorXd& x, const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                        int max_iterations) {
  double best = std::numeric_limits<double>::infinity();
  Eigen::VectorXd best_x = x.cwiseMax(lower).cwiseMin(upper);
  auto tracked = [&](const Eigen::VectorXd& at, Eigen::VectorXd& grad) {
    const double value = f(at, grad);
    if (!std::isfinite(value) || !grad.allFinite()) {
      grad.setZero();
      return std::numeric_limits<double>::max();
    }
    if (value < best) {
      best = value;
      best_x = at;
    }
    return value;
  };
  LBFGSpp::LBFGSBParam<double> param;
  param.max_iterations = max_iterations;
  param.max_linesearch = 30;
  LBFGSpp::LBFGSBSolver<double> solver(param);
  Eigen::VectorXd start = best_x;
  double value = 0;
  try {
    solver.minimize(tracked, start, value, lower, upper);
  } catch (const std::exception&) {
    // A failed line search: the best point so far stands.
  }
  x = best_x;
  return best;
}

}  // namespace summit::algorithms::bayes
