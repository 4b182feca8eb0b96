#pragma once
// What the coordinator core decides, as values, for the coordinator actor
// to carry out in order. The core changes no durable state before it is
// stored: a decision that needs the log says what to store and which core
// call applies it once stored (create_trial → core::created, end_trial →
// core::ended); `write` stores a change the core has applied already (a
// study's new state, which must stop new trials at once).

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "algorithms/search/algorithm.hpp"
#include "model/state/trial.hpp"
#include "protocol/messages.hpp"
#include "storage/records.hpp"

namespace summit::coordinator {

/// Start a trial on a worker.
struct send_run {
  std::string worker;
  protocol::run_trial run;
};

/// Stop a trial on its worker.
struct send_kill {
  std::string worker;
  protocol::kill_trial kill;
};

/// Tell a client bound to a study that it makes no more trials.
struct send_over {
  std::string client;
  protocol::study_over over;
};

/// Ask the study's algorithm for up to `count` trials from this history;
/// hand its answer to core::suggested.
struct ask_suggestions {
  study_id study = 0;
  /// What changed since the study's last request (algorithms::history_mirror).
  algorithms::history history;
  std::size_t count = 0;
};

/// Store a new trial's record, then core::created.
struct create_trial {
  model::trial_record record;
};

/// Store a trial's end (with a client's last observation of it, in the same
/// write), then core::ended.
struct end_trial {
  model::trial_record record;
  std::optional<storage::observation_record> last = {};
};

/// Store records whose change the core applied already; nothing waits on them.
struct write {
  storage::batch records;
};

/// The study runs (again): start its algorithm and stopping rule.
struct start_study {
  study_id study = 0;
};

/// Tell the study's stopping rule of a stored observation; `live` is false
/// while the log is replayed (the rule learns and stops no one).
struct rule_observes {
  study_id study = 0;
  trial_id trial = 0;
  std::int64_t iteration = 0;
  double objective = 0;
  bool live = true;
};

/// Tell the study's stopping rule that a trial ended.
struct rule_ends {
  study_id study = 0;
  trial_id trial = 0;
  bool completed = false;
};

/// A line for the coordinator's log (a worker joined or was lost).
struct note {
  std::string line;
};

using effect = std::variant<send_run, send_kill, send_over, ask_suggestions, create_trial, end_trial, write, start_study,
                            rule_observes, rule_ends, note>;
using effects = std::vector<effect>;

}  // namespace summit::coordinator
