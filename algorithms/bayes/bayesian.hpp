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
// - Model: gp.hpp. Hyperparameters are fitted (gp_fit.hpp) when the data
//   reaches each of 1, 2, …, 20 points and then every 15% more, on the first
//   t points in trial order, from fixed starts: a fresh instance given the
//   same history fits the same model, so the answers never depend on what
//   this object cached. Past 20 points a suggestion uses the fit of the
//   threshold before the one the data reached; the newer fit is handed out
//   as a background job when it is first due, so that it is ready (or made
//   then) by the time it is used and no suggestion waits for a refit.
//   Between fits the GP of the last suggestion grows by the trials that
//   completed since (an O(n²) extension of its factorization). Past
//   model_points completed trials each GP conditions on a subset of them
//   (data_subset.hpp); hyperparameters are fitted on at most 200 anyway.
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

#include <map>
#include <optional>
#include <set>

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
  /// The most completed trials a GP conditions on; past it, a subset
  /// (data_subset.hpp) keeps a suggestion's cost bounded.
  std::size_t model_points = 1000;
};

class bayesian final : public algorithm {
 public:
  bayesian(search_space space, bayesian_config config);
  suggestion suggest(const history& h) override;
  std::optional<std::size_t> planned_trials() const override;
  std::vector<background_job> take_background_jobs() override;

 private:
  struct fitted {
    std::size_t threshold = 0;
    std::vector<trial_id> ids;
    gp_parameters parameters;
  };
  /// A model's GP as last conditioned: its rows' trials in row order and the
  /// packed hyperparameters it was made with.
  struct conditioned {
    Eigen::VectorXd theta;
    std::vector<trial_id> ids;
    gp model;
  };
  /// The GP of model k < m (objective k's) or m + j (constraint j's) on rows
  /// x of trials ids (in trial order) with outputs y, or on a subset of them.
  expected<gp> model_for(std::size_t model, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                         const std::vector<trial_id>& ids);
  expected<gp_parameters> parameters_for(std::size_t model, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                         const std::vector<trial_id>& ids);
  fit_options fit_options_for(std::size_t model, std::size_t threshold) const;
  const fitted* find_fit(std::size_t model, std::size_t threshold, const std::vector<trial_id>& ids) const;
  void remember(std::size_t model, fitted f);
  /// Hands out the fit of the first `threshold` rows as a background job.
  void request_fit(std::size_t model, std::size_t threshold, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                   const std::vector<trial_id>& ids);
  /// A model of each of `count` constraints' slack that has values enough;
  /// constraint j's hyperparameters are model first_model + j's.
  std::vector<gp> constraint_models_of(const history& h, std::size_t count, std::size_t first_model);
  params maximize(const scorer& score, const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const history& h,
                  random_engine& rng) const;

  search_space space_;
  std::vector<bool> categorical_;  ///< per coordinate: a choice's
  bayesian_config config_;
  std::vector<std::vector<fitted>> fits_;                 ///< per model, the newest few
  std::vector<std::optional<conditioned>> conditioned_;  ///< per model
  std::map<std::size_t, background_job> jobs_;           ///< per model, the newest asked for
  std::set<std::pair<std::size_t, std::size_t>> asked_;  ///< (model, threshold) of every job made
};

/// The data size at which the hyperparameters fitted for n points were fitted.
std::size_t fit_threshold(std::size_t n);

}  // namespace summit::algorithms::bayes
