#pragma once
// A trial as the study state holds it: the durable record (what the log
// stores and replays) and its observations.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "model/core/types.hpp"
#include "model/core/value.hpp"

namespace summit::model {

/// One reported value. Context metrics are stored by index into
/// study::metric_names(), which keeps a million observations compact.
struct observation {
  std::int64_t iteration = 0;
  double objective = 0;
  std::vector<std::pair<std::uint32_t, double>> context;
};

/// The durable facts about a trial; rewritten in the log on every change.
struct trial_record {
  trial_id id = 0;
  study_id study = 0;
  params parameters;
  trial_origin origin = trial_origin::algorithm;
  trial_id retry_of = 0;       ///< the FAILED trial this one re-runs (origin retry)
  std::uint32_t attempt = 0;   ///< 0 for a first run, +1 per retry
  trial_status status = trial_status::running;
  std::int32_t exit_code = 0;  ///< of the trial's process, when it exited
  std::int32_t signal = 0;     ///< that ended the process, 0 if none
  bool interrupted = false;    ///< FAILED because its runtime went away: retried for free
  std::string reason;          ///< why it ended, when FAILED or STOPPED
  std::string worker;          ///< the worker node that runs or ran it
  std::int64_t started_ms = 0; ///< Unix time in milliseconds
  std::int64_t ended_ms = 0;
};

struct trial {
  trial_record record;
  std::vector<observation> observations;  ///< ascending iteration, unique
  /// Index into observations of the best finite one under the study's
  /// goal, when finite > 0.
  std::size_t best = 0;
  std::size_t finite = 0;  ///< observations whose objective is not NaN
  double sum = 0;          ///< of the finite objectives
  bool has_retry = false;       ///< a retry trial re-runs this one
  bool stop_requested = false;  ///< runtime only: a stop was sent
  std::string stop_reason;      ///< runtime only: who asked, for the record
  /// Runtime only: the study's version() when this trial last changed (its
  /// record or an observation), so that what changed can be sent alone.
  std::uint64_t version = 0;
};

}  // namespace summit::model
