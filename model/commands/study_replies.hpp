#pragma once
// The answers to the study commands (study_commands.hpp), as values: what
// `--json` prints and the dashboard serves is made from them in views/, and
// the command line's text too.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "model/results/results_table.hpp"
#include "model/results/summary.hpp"

namespace summit::model {

/// submit: the new study's id.
struct study_submitted {
  study_id id = 0;
  std::string name;
};

/// list: one summary per study, in id order.
struct study_list {
  std::vector<study_summary> studies;
};

/// A trial as the read commands show it.
struct trial_row {
  trial_id id = 0;
  trial_status status = trial_status::running;
  params parameters;
  std::optional<std::int64_t> last_iteration;  ///< empty before any observation
  std::optional<double> objective;             ///< its value under the aggregate, when it has one
  trial_origin origin = trial_origin::algorithm;
  trial_id retry_of = 0;  ///< when origin is retry
  std::string worker;     ///< empty until a worker ran it
  std::string reason;     ///< why it ended, when FAILED or STOPPED
  std::int64_t ended_ms = 0;  ///< when it ended (ms since the epoch); 0 while it runs
  /// With several objectives: each one's value (the first is `objective`).
  std::vector<std::optional<double>> objectives = {};
  /// In a constrained study: Σ of the bounds passed, 0 when feasible, +∞
  /// when a constraint's metric is missing.
  std::optional<double> violation = {};
};

/// show: the study's summary, its search space and every trial in id order.
struct study_details {
  study_summary summary;
  std::vector<parameter> space;
  std::vector<trial_row> trials;
};

/// best: the best COMPLETED trial and the metric it was judged by; with
/// several objectives, the Pareto front of the feasible COMPLETED trials.
struct best_trial {
  std::string metric;
  trial_row trial;  ///< the best trial, or the best configuration's oldest completed copy; the front's first
  std::optional<copies_summary> copies;  ///< when the study repeats configurations
  std::vector<std::string> metrics = {};  ///< several objectives: each one's metric
  std::vector<trial_row> front = {};      ///< several objectives: best first under the first one
};

/// metrics: one metric's points per trial that reported it.
struct metric_series {
  struct series {
    trial_id trial = 0;
    std::vector<std::pair<std::int64_t, double>> points;  ///< (iteration, value), ascending
  };
  std::string metric;
  std::vector<std::string> names;  ///< every metric of the study, the objective's first
  std::vector<series> trials;
};

/// importance: each parameter's share in reaching the best `quantile` of
/// the COMPLETED trials, most important first; while the trials cannot tell
/// yet (too few, or all alike), no shares and a note saying why.
struct importances {
  std::string metric;
  double quantile = 0.1;
  std::uint64_t trials = 0;      ///< COMPLETED trials with a value
  std::uint64_t top_trials = 0;  ///< those in the best quantile
  std::vector<std::pair<std::string, double>> parameters;
  std::string note;
};

/// stop-trial: the trial will end STOPPED.
struct trial_stopping {
  trial_id trial = 0;
};

/// export answers with the results_table; stop, kill and archive with the
/// study's summary after the change.
using study_reply = std::variant<study_submitted, study_list, study_details, best_trial, metric_series,
                                 results_table, study_summary, trial_stopping, importances>;

}  // namespace summit::model
