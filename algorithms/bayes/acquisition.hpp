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

/// What improving the objectives is worth at a point, to maximize.
class objective_term {
 public:
  virtual ~objective_term() = default;
  /// At each row of points.
  virtual Eigen::VectorXd values(const Eigen::MatrixXd& points) const = 0;
  /// At x, with ∂/∂x.
  virtual double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const = 0;
};

/// One objective: its model's acquisition.
class single_objective final : public objective_term {
 public:
  single_objective(const gp& model, acquisition acq) : model_(model), acq_(acq) {}
  Eigen::VectorXd values(const Eigen::MatrixXd& points) const override { return acq_.values(model_, points); }
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const override {
    return acq_.value_and_gradient(model_, x, gradient);
  }

 private:
  const gp& model_;
  acquisition acq_;
};

/// What a suggestion maximizes: the objectives' term times the probability
/// that every constraint model is at most 0, its slack (Gardner et al. 2014,
/// Gelbart et al. 2014); before any feasible trial (`improving` false), that
/// probability alone.
struct scorer {
  const objective_term& objective;
  const std::vector<gp>& constraints;
  bool improving = true;

  Eigen::VectorXd values(const Eigen::MatrixXd& points) const;
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const;
};

/// The least standard deviation any acquisition divides by.
inline constexpr double min_sd = 1e-6;

/// The posterior at x with its gradients, σ at least min_sd (then flat).
struct prediction {
  double mean = 0, sd = 0;
  Eigen::VectorXd dmean, dsd;

  prediction(const gp& model, const Eigen::VectorXd& x);
};

/// Standard normal density and distribution.
double normal_pdf(double z);
double normal_cdf(double z);

}  // namespace summit::algorithms::bayes
