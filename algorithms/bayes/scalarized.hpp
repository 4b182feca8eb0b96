#pragma once
// Several objectives, each modelled by a GP of its own, judged through a
// random augmented Chebyshev scalarization (ParEGO's, Knowles 2006) of
// their joint posterior, as BoTorch's qParEGO (Daulton et al. 2020):
//   s(f) = max_k λ_k u_k + ρ Σ_k λ_k u_k,  u_k = (f_k - low_k) / range_k,  ρ = 0.05
// with range_k each objective's range over the data, low_k a tenth of it
// below its least value (a utopia point), and λ drawn uniformly
// from the simplex for each suggestion, so that successive suggestions aim
// at different parts of the front. Scalarizing the models, not the data,
// keeps each GP on a smooth function: the max of a scalarized output has
// kinks one GP models poorly (measured in bench/multi_objective.py).
//   ei   E[max(0, s* - s(f))], s* the lowest scalarization of a feasible
//        trial, by Monte Carlo over fixed normal draws (so smooth in x)
//   pi   P(s(f) < s*), the same draws
//   lcb  -s(μ - κ σ), each objective's lower confidence bound scalarized
//        (Paria et al. 2019)
// Every objective minimized; all in each GP's standardized units.

#include <vector>

#include "algorithms/bayes/acquisition.hpp"
#include "algorithms/space/random.hpp"

namespace summit::algorithms::bayes {

/// The scalarization of rows of values (one column per objective).
struct chebyshev {
  Eigen::VectorXd weights;  ///< λ, summing to 1
  Eigen::VectorXd low, range;

  /// Weights, origin and scale for values: ranges over its rows (a constant column weighs nothing).
  static chebyshev over(const Eigen::MatrixXd& values, Eigen::VectorXd weights);
  double operator()(const Eigen::VectorXd& f) const;
  /// s of each row.
  Eigen::VectorXd of_rows(const Eigen::MatrixXd& values) const;
  /// s(f), with ∂s/∂f_k (a subgradient where two terms tie for the max).
  double with_gradient(const Eigen::VectorXd& f, Eigen::VectorXd& df) const;
};

/// Weights drawn uniformly from the simplex.
Eigen::VectorXd simplex_weights(Eigen::Index m, random_engine& rng);

class scalarized final : public objective_term {
 public:
  /// models: one per objective; values: the data's values (rows of
  /// minimized objectives); feasible: which rows count for s*; none → no
  /// improvement possible, improving() false.
  scalarized(const std::vector<gp>& models, const Eigen::MatrixXd& values, const std::vector<bool>& feasible,
             acquisition_kind kind, random_engine& rng);

  Eigen::VectorXd values(const Eigen::MatrixXd& points) const override;
  double value_and_gradient(const Eigen::VectorXd& x, Eigen::VectorXd& gradient) const override;
  bool improving() const { return improving_; }
  /// The data's scalarized values: which trials are best under these weights.
  const Eigen::VectorXd& data_scores() const { return data_scores_; }

 private:
  const std::vector<gp>& models_;
  acquisition_kind kind_;
  chebyshev s_;  ///< on standardized values
  Eigen::VectorXd data_scores_;
  double best_ = 0;
  bool improving_ = false;
  Eigen::MatrixXd draws_;  ///< one row of standard normals per Monte Carlo sample
};

}  // namespace summit::algorithms::bayes
