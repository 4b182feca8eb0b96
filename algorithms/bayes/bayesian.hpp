#pragma once
// Gaussian-process Bayesian optimization (Snoek et al. 2012; SHERPA's GPyOpt
// option), algorithm `bayesian`.
//
// - Data: COMPLETED trials and their value under the study's aggregate
//   (FAILED and STOPPED trials, and intermediate observations, are left
//   out), negated when the goal is to maximize, on the unit-cube encoding
//   (an inactive parameter of a conditional space outside the cube).
// - Several objectives: a GP per objective, and the acquisition of a random
//   Chebyshev scalarization of their posterior, weights drawn afresh for
//   each suggestion (scalarized.hpp: ParEGO's scalarization applied to the
//   models, as BoTorch's qParEGO).
// - Constraints: a GP per constraint models its slack (how far past its
//   bound); the acquisition is multiplied by the probability that every
//   slack is at most 0, and improvement is over the best feasible trial
//   (acquisition.hpp's scorer).
// - Initial design: the user's initial_points, then random points until
//   num_initial trials exist (default: parameters + 1, as SHERPA infers;
//   enqueued trials count), and while fewer than two trials have completed.
// - Model: gp.hpp. Hyperparameters are refitted (gp_fit.hpp) when the data
//   reaches each of 1, 2, …, 20 points and then every 15% more, on the first
//   t points in trial order, from fixed starts: a fresh instance given the
//   same history fits the same model, so the answers never depend on what
//   this object cached.
// - Pending trials (running, or proposed in the same batch): a Kriging
//   believer (Ginsbourger et al. 2010) — each is added to the model as if it
//   had returned the model's own prediction there. The mean is unchanged and
//   the variance collapses around it, so the next suggestion goes elsewhere;
//   unlike a constant liar it does not distort the model with a made-up
//   value, and it costs one Cholesky extension, not a refit.
// - Acquisition (acquisition.hpp) maximized over a random sample of the space,
//   perturbations of the best points and those points with one choice or
//   ordinal value changed, then refined with L-BFGS-B from the best
//   candidates; the point is decoded (so always a valid member of the
//   space) and a point some trial already has is skipped when another will do.

#include <optional>

#include "algorithms/bayes/acquisition.hpp"
#include "algorithms/bayes/gp_fit.hpp"
#include "algorithms/search/algorithm.hpp"
#include "algorithms/space/search_space.hpp"

namespace summit::algorithms::bayes {

struct bayesian_config {
  std::optional<std::int64_t> max_trials;
  std::uint64_t seed = 0;
  acquisition_kind acquisition = acquisition_kind::ei;
  std::optional<int> num_initial;
  std::vector<params> initial_points;
};

class bayesian final : public algorithm {
 public:
  bayesian(search_space space, bayesian_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;

 private:
  struct fitted {
    std::size_t threshold = 0;
    std::vector<trial_id> ids;
    gp_parameters parameters;
  };
  /// Hyperparameters of model k < m (objective k's) or m + j (constraint j's).
  expected<gp_parameters> parameters_for(std::size_t model, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                         const std::vector<trial_id>& ids);
  /// A model of each of `count` constraints' slack that has values enough;
  /// constraint j's hyperparameters are model first_model + j's.
  std::vector<gp> constraint_models_of(const history& h, std::size_t count, std::size_t first_model);
  params maximize(const scorer& score, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const history& h,
                  random_engine& rng) const;

  search_space space_;
  std::vector<bool> categorical_;  ///< per coordinate: a choice's
  bayesian_config config_;
  std::vector<std::optional<fitted>> fits_;  ///< per model
};

/// The data size at which the hyperparameters fitted for n points were fitted.
std::size_t fit_threshold(std::size_t n);

}  // namespace summit::algorithms::bayes
