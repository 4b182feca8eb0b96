#pragma once
// The results table (PRODUCT.md §4, SHERPA's layout): one row per
// observation (Status INTERMEDIATE) and one per finished trial (COMPLETED,
// FAILED or STOPPED) carrying the trial's value under the study's aggregate
// with that observation's iteration and context. Columns: Trial-ID, Status,
// Iteration, Objective, one per parameter (study file order), one per context
// metric (first-reported order). Rows by trial id, then iteration. Its
// CSV and JSON forms are in views/.

#include <optional>
#include <string>
#include <vector>

#include "model/state/study.hpp"

namespace summit::model {

struct results_table {
  using cell = std::optional<value>;  ///< empty: no value (a trial without observations)
  std::vector<std::string> columns;
  std::vector<std::vector<cell>> rows;
};

results_table make_results_table(const study& s);

/// The parameter columns: the search space's, then the algorithm's own.
std::vector<std::string> parameter_columns(const study_spec& spec);

}  // namespace summit::model
