#pragma once
// The interface every suggestion algorithm implements: given the study's
// history, return parameters for a new trial, "wait", or "done".
//
// Algorithms are pure functions of (configuration, history): they keep no
// state that the history does not determine. A coordinator that restarts
// replays the log into the same history and gets the same next suggestion,
// so no algorithm state is ever stored. An algorithm may cache work (a fitted
// model) as long as its answers stay those of a fresh instance (up to
// floating-point rounding, where a cached factorization grows rather than
// being made again).
//
// Work a later suggestion will need (a model's hyperparameter fit) can be
// handed out as background jobs: whoever runs the algorithm may run them on
// another thread. That only saves time: a suggestion that needs a result
// not handed back yet computes it itself, so answers never depend on when,
// or whether, jobs ran.

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/core/types.hpp"
#include "model/core/value.hpp"

namespace summit::algorithms {

/// What an algorithm knows of one trial.
struct trial_summary {
  trial_id id = 0;
  params parameters;
  trial_status status = trial_status::running;
  trial_origin origin = trial_origin::algorithm;
  /// The trial's value under the study's aggregate; empty before any
  /// observation.
  std::optional<double> objective;
  /// Highest iteration reported, -1 before any observation.
  std::int64_t last_iteration = -1;
  /// With several objectives or constraints: each objective's value (the
  /// first is `objective`; empty: missing or NaN) and the constraint
  /// violation (model/results/scores.hpp); empty and 0 otherwise.
  std::vector<std::optional<double>> objectives = {};
  double violation = 0;
  /// Per constraint: how far past its bound (negative: inside; empty: missing).
  std::vector<std::optional<double>> slacks = {};
};

/// Every trial of the study in creation order, and the study's goal.
struct history {
  goal direction = goal::minimize;  ///< the first objective's
  std::vector<goal> goals = {};     ///< every objective's, with several or constraints
  std::vector<trial_summary> trials;
  /// The trials of each origin among trials[0, counted), kept by
  /// history_mirror (a trial's origin never changes), so that count(),
  /// asked on every suggestion, scans only the trials after them.
  std::size_t counted = 0;
  std::array<std::size_t, 4> counted_by_origin = {};

  std::size_t count(trial_origin origin) const;
};

struct suggestion {
  enum class kind : std::uint8_t { run, wait, done };

  kind what = kind::done;
  params parameters;                               ///< when what == run
  trial_origin origin = trial_origin::algorithm;   ///< when what == run

  static suggestion run(params p, trial_origin o = trial_origin::algorithm) {
    return {kind::run, std::move(p), o};
  }
  static suggestion wait() { return {kind::wait, {}, trial_origin::algorithm}; }
  static suggestion done() { return {kind::done, {}, trial_origin::algorithm}; }
};

/// Computes away from the algorithm (copies its inputs, touches no state of
/// it; may take seconds) and returns what to give it: call that on the
/// algorithm's own thread, as suggest(), while the algorithm lives.
struct background_job {
  std::function<std::function<void()>()> run;
};

class algorithm {
 public:
  virtual ~algorithm() = default;

  /// Never throws; every suggested point is a valid member of the space.
  [[nodiscard]] virtual suggestion suggest(const history& h) = 0;

  /// How many trials the algorithm will propose in all, when it knows
  /// (progress display); empty for open-ended searches.
  virtual std::optional<std::size_t> planned_trials() const { return std::nullopt; }

  /// The jobs the suggestions so far asked for, each handed out once.
  virtual std::vector<background_job> take_background_jobs() { return {}; }
};

}  // namespace summit::algorithms
