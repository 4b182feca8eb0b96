#pragma once
// The state of one study: its spec, its trials and their observations, and
// what follows from them (each trial's value under the aggregate, the best
// trial, counts by status, retries owed). A pure function of the log: the
// coordinator applies each record after it is stored, replay applies the
// same records in the same way.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "model/spec/study_spec.hpp"
#include "model/state/trial.hpp"

namespace summit::model {

struct study_record {
  study_id id = 0;
  study_spec spec;
  study_state state = study_state::running;
  bool archived = false;
  std::string workdir;         ///< where trial commands run
  std::int64_t created_ms = 0;
};

struct status_counts {
  std::size_t running = 0, completed = 0, failed = 0, stopped = 0;
  std::size_t total() const { return running + completed + failed + stopped; }
};

/// The value that stands for a trial (PRODUCT.md §4): its best observation
/// (or last, or the mean) with that observation's iteration and context.
struct trial_value {
  std::int64_t iteration = 0;
  double objective = 0;
  const observation* source = nullptr;  ///< whose context the row shows
};

enum class observation_check : std::uint8_t { fresh, duplicate };

/// The record of a trial whose process ended: STOPPED when a stop was
/// requested (whatever the exit), COMPLETED on exit code 0, else FAILED with
/// the exit code or signal as its reason (or `reason`, when the worker gave one).
trial_record ended_record(const trial& t, std::int32_t exit_code, std::int32_t signal,
                          std::int64_t ended_ms, const std::string& reason = "");

class study {
 public:
  explicit study(study_record record);

  const study_record& record() const { return record_; }
  study_id id() const { return record_.id; }
  const study_spec& spec() const { return record_.spec; }
  void set_state(study_state s) { record_.state = s; }
  void set_archived(bool a) { record_.archived = a; }

  /// Inserts a new trial or replaces the record of a known one.
  void put_trial(trial_record r);
  const trial* find(trial_id id) const;
  trial* find(trial_id id);
  const std::vector<trial>& trials() const { return trials_; }

  /// Whether an observation may be stored: an error for an unknown or ended
  /// trial, `duplicate` when that iteration is already stored.
  expected<observation_check> check_observation(trial_id id, std::int64_t iteration) const;
  /// The same for a trial of this study already found (one lookup less per observation).
  expected<observation_check> check_observation(const trial& t, std::int64_t iteration) const;
  /// Adds a checked, stored observation; a duplicate iteration is ignored.
  /// Returns the trial (nullptr when unknown).
  const trial* add_observation(trial_id id, std::int64_t iteration, double objective,
                               const std::vector<std::pair<std::string, double>>& context);
  const std::vector<std::string>& metric_names() const { return metric_names_; }
  bool has_metric(const std::string& name) const { return metric_index_.count(name) > 0; }
  /// The context index of a metric some observation reported.
  std::optional<std::uint32_t> metric_id(const std::string& name) const {
    const auto it = metric_index_.find(name);
    return it == metric_index_.end() ? std::nullopt : std::optional(it->second);
  }

  std::optional<trial_value> value_of(const trial& t) const;
  /// The COMPLETED trial with the best value, if any.
  const trial* best_trial() const;
  const status_counts& counts() const { return counts_; }
  std::size_t observation_count() const { return observation_count_; }
  /// Counts the changes to its trials; each trial keeps the count of its last.
  std::uint64_t version() const { return version_; }

  /// FAILED trials owed a re-run, oldest first.
  std::vector<trial_id> retries_due() const { return {owed_.begin(), owed_.end()}; }

 private:
  std::uint32_t metric_index(const std::string& name);
  std::size_t& count_of(trial_status s);
  /// Keeps owed_ true of t: the coordinator asks for retries due each time
  /// it schedules, which a scan of every trial made O(n) per trial started.
  void note_owed(const trial& t);

  study_record record_;
  std::vector<trial> trials_;
  std::unordered_map<trial_id, std::size_t> index_;
  std::vector<std::string> metric_names_;
  std::unordered_map<std::string, std::uint32_t> metric_index_;
  status_counts counts_;
  std::size_t observation_count_ = 0;
  std::uint64_t version_ = 0;
  std::set<trial_id> owed_;  ///< FAILED, without a retry yet, and owed one
};

}  // namespace summit::model
