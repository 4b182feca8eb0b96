#pragma once
// The results table (PRODUCT.md §4, SHERPA's layout): one row per
// observation (Status INTERMEDIATE) and one per finished trial (COMPLETED,
// FAILED or STOPPED) carrying the trial's value under the study's aggregate
// with that observation's context, at the trial's last iteration (SHERPA's
// finalize). Columns: Trial-ID, Status,
// Iteration, Objective, one per parameter (study file order), one per context
// metric (first-reported order). Rows by trial id, then iteration. Its
// CSV and JSON forms are in views/.
//
// Rows are sparse: a row holds the cells that have a value, so the table
// takes memory in proportion to the values stored, however many context
// metrics the study's trials report between them.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "model/state/study.hpp"

namespace summit::model {

struct results_table {
  using cell = std::pair<std::uint32_t, value>;  ///< a column's index and its value
  using row = std::vector<cell>;                 ///< ascending column; no cell: no value
  std::vector<std::string> columns;
  /// Columns from here on are context metrics, which a row has only when
  /// its observation reported them; the others are in every row's JSON.
  std::uint32_t first_metric = 0;
  std::vector<row> rows;
  /// A page of a table that more pages follow: the last trial in it (0: the
  /// table ends here), and the snapshot the next page is read from.
  trial_id next_after = 0;
  std::uint64_t snapshot = 0;
};

/// The value of a row in a column, or nullptr when it has none.
const value* cell_at(const results_table::row& r, std::uint32_t column);

results_table make_results_table(const study& s);

/// The same table a row at a time, for writers that need not hold it: the
/// columns and first_metric with no rows, the number of rows, and each row in
/// order.
results_table results_header(const study& s);
std::size_t results_row_count(const study& s);
void for_each_results_row(const study& s, const std::function<void(const results_table::row&)>& visit);

/// The same for a page: `s` holds some of a study's trials (as a paged read
/// of the log loads them) and `metric_names` are the whole study's context
/// metrics, whose columns the page's rows take.
results_table results_header(const study& s, const std::vector<std::string>& metric_names);
void for_each_results_row(const study& s, const std::vector<std::string>& metric_names,
                          const std::function<void(const results_table::row&)>& visit);
results_table make_results_page(const study& s, const std::vector<std::string>& metric_names);

/// The parameter columns: the search space's, then the algorithm's own.
std::vector<std::string> parameter_columns(const study_spec& spec);

/// Whether a context metric of this name would repeat a column the table
/// has already (Trial-ID, Status, Iteration, Objective or a parameter's).
bool is_fixed_column(const study_spec& spec, const std::string& name);

}  // namespace summit::model
