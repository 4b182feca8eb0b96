#pragma once
// Acquisition functions, to maximize, for minimizing the GP's (standardized)
// output; f* is the lowest observed output, μ and σ the posterior at x:
//   ei   expected improvement (Jones et al. 1998):
//        (f* - μ - ξ) Φ(z) + σ φ(z),  z = (f* - μ - ξ) / σ
//   pi   probability of improvement (Kushner 1964): Φ(z)
//   lcb  lower confidence bound (Srinivas et al. 2010), negated: -(μ - κ σ)
// ξ = 0.01 and κ = 2, GPyOpt's defaults (SHERPA's EI, MPI, LCB). σ is at
// least 1e-6, so no value is ever NaN.

#include "algorithms/bayes/gp.hpp"
#include "model/spec/algorithm_options.hpp"

namespace summit::algorithms::bayes {

/// The study file's `acquisition:` option.
using acquisition_kind = model::acquisition;

struct acquisition {
  acquisition_kind kind = acquisition_kind::ei;
  double best = 0;  ///< f*, standardized
  double xi = 0.01;
  double kappa = 2.0;

  double value(double mean, double sd) const;
  /// At each row of points.
  Eigen::VectorXd values(const gp& model, const Eigen::MatrixXd& points) const;
  /// At x, with ∂/∂x.
  double value_and_gradient(const gp& model, const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const;
};

/// What a suggestion maximizes: the objective model's acquisition times the
/// probability that every constraint model is at most 0, its slack
/// (Gardner et al. 2014, Gelbart et al. 2014); before any feasible trial
/// (`improving` false), that probability alone.
struct scorer {
  const gp& model;
  acquisition acq;
  const std::vector<gp>& constraints;
  bool improving = true;

  Eigen::VectorXd values(const Eigen::MatrixXd& points) const;
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const;
};

}  // namespace summit::algorithms::bayes
