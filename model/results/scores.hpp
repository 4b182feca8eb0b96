#pragma once
// A trial's values under every objective and constraint of its study
// (`objectives:`, `constraints:`), and the trials no other beats: the
// Pareto front of the feasible COMPLETED trials.
//
// The first objective's value is the trial's value (study::value_of); each
// other objective's comes from its metric in the observations' context,
// under that objective's aggregate over the finite values reported. A
// constraint reads its metric as reported with the observation that gives
// the trial's value (the results table's row for the trial; its latest
// report up to that one): the memory of the epoch whose loss counts. A value
// missing or NaN makes the trial infeasible; it never fails anything.

#include <optional>
#include <vector>

#include "algorithms/multi/pareto.hpp"
#include "model/state/study.hpp"

namespace summit::model {

struct trial_scores {
  std::vector<std::optional<double>> objectives;  ///< one per objective; empty: no value
  double violation = 0;  ///< Σ over constraints of how far a bound is passed; +∞: a value is missing
  std::vector<std::optional<double>> slacks;  ///< per constraint: slack_of (pareto.hpp)
  bool feasible() const;
};

trial_scores scores_of(const study& s, const trial& t);

/// One goal per objective of the spec.
std::vector<goal> goals_of(const study_spec& spec);

/// The feasible COMPLETED trials that no other dominates, best first under
/// the first objective (ties by id).
std::vector<const trial*> pareto_front(const study& s);

}  // namespace summit::model
