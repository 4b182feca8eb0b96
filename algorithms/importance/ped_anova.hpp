#pragma once
// Which hyperparameters mattered: PED-ANOVA (S. Watanabe, A. Bansal,
// F. Hutter, "PED-ANOVA: Efficiently Quantifying Hyperparameter Importance
// in Arbitrary Subspaces", IJCAI 2023, arXiv:2304.10255), as optuna-dashboard
// shows it.
//
// The local importance of parameter d for reaching the top-γ quantile of
// the objective is, up to a factor shared by all parameters, the Pearson
// divergence between the density of d's values among the top trials and
// among all of them:
//
//   v_d ∝ ∫ p(x_d) (p_top(x_d) / p(x_d) − 1)² dx_d
//
// A parameter whose good values are spread as all of its values are scores
// 0; one whose good values crowd into a corner scores high. Importances are
// the v_d normalised to sum to 1.
//
// Densities are Parzen estimators on a grid of each parameter's own space:
// numeric ranges in their scale (a log-scaled one in its log), 50 points or
// one per integer when fewer; a choice's or an ordinal's values as
// categories. A numeric estimator puts a Gaussian on every occupied grid
// point with Scott's bandwidth (1.059 · min(IQR/1.34, sd) · n^−1/5, at
// least 0.5/1.64 grid steps), a categorical one keeps each trial's own value
// with weight 1 and spreads 1 over all values; both add a flat prior of
// weight 1. The top trials are those at least as good as the
// ⌈γn⌉-th best and the 2nd best. Pure: no I/O, deterministic.

#include <string>
#include <vector>

#include "algorithms/space/search_space.hpp"
#include "model/core/expected.hpp"
#include "model/core/types.hpp"

namespace summit::algorithms {

/// A trial's parameters (not copied: they must outlive the call) and value.
struct importance_input {
  const params* parameters = nullptr;
  double objective = 0;  ///< the trial's value (NaN and infinite ones are left out)
};

struct parameter_importance {
  std::string name;
  double importance = 0;  ///< in [0, 1]; the parameters' sum to 1
};

struct importance_result {
  std::vector<parameter_importance> parameters;  ///< most important first; ties by space order
  std::size_t trials = 0;      ///< the trials with a finite value that were compared
  std::size_t top_trials = 0;  ///< those in the top quantile
};

/// The fewest trials with a value importance is computed from.
inline constexpr std::size_t importance_min_trials = 10;

/// Importances of the space's parameters from COMPLETED trials' values, or
/// an error saying why there are none yet (too few trials with a value, or
/// no trial better than another). quantile in (0, 1].
expected<importance_result> ped_anova(const search_space& space, const std::vector<importance_input>& trials,
                                      goal direction, double quantile = 0.1);

}  // namespace summit::algorithms
